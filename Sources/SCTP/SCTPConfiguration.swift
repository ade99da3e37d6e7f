/// How an NF's SCTP endpoints behave: which stack carries them and the protocol parameters every
/// association gets. NFs read it from the `sctp:` section of their YAML file; the field names in
/// validation errors are those keys (`sctp.rtoMin`).
///
/// Defaults follow RFC 9260 section 16 except where signalling between pods wants quicker answers
/// (heartbeat interval, connect timeout).
public struct SCTPConfiguration: Sendable, Equatable {
    /// Which SCTP stack to use (`sctp.backend`).
    public enum Backend: String, Sendable, CaseIterable {
        /// The kernel's SCTP when `socket(AF_INET, SOCK_STREAM, 132)` works, else usrsctp raw when the
        /// process may open raw sockets, else usrsctp over UDP.
        case auto
        /// lksctp through libsctp, one-to-one sockets.
        case kernel
        /// usrsctp sending real IP protocol 132 through raw sockets (needs CAP_NET_RAW).
        case usrsctpRaw = "usrsctp-raw"
        /// usrsctp encapsulated in UDP (RFC 6951) on `udpEncapsulationPort`.
        case usrsctpUDP = "usrsctp-udp"

        /// Parses the YAML value, naming the field and the accepted values on a bad one.
        public init(configValue: String) throws(SCTPConfigurationError) {
            guard let backend = Backend(rawValue: configValue) else {
                throw SCTPConfigurationError(field: "sctp.backend",
                                             reason: "unknown value '\(configValue)' (expected auto | kernel | usrsctp-raw | usrsctp-udp)")
            }
            self = backend
        }
    }

    public var backend: Backend = .auto
    /// The UDP port usrsctp listens on and sends to in UDP-encapsulation mode; both ends use the same.
    public var udpEncapsulationPort: UInt16 = 9899
    /// Outbound streams this end asks for in INIT (the peer may grant fewer).
    public var outboundStreams: UInt16 = 10
    /// Inbound streams this end accepts at most.
    public var maxInboundStreams: UInt16 = 10
    public var rtoInitial: Duration = .seconds(1)
    public var rtoMin: Duration = .seconds(1)
    public var rtoMax: Duration = .seconds(60)
    public var heartbeatInterval: Duration = .seconds(5)
    /// Association.Max.Retrans: consecutive retransmissions before the association is declared lost.
    public var maxRetransmissions: UInt16 = 10
    /// INITs sent before a connect gives up on its own (the connect timeout usually ends it first).
    public var maxInitRetransmissions: UInt16 = 8
    /// Bytes of unacknowledged and unsent data per association (the socket send buffer). A sender
    /// that would exceed it waits until the peer acknowledges data; memory never grows past it.
    public var sendBufferLimit: Int = 128 * 1024
    /// Bytes of received messages held for the application per association, on top of the stack's
    /// own receive buffer (`receiveBufferLimit` again). When both are full the peer's window closes.
    public var receiveBufferLimit: Int = 128 * 1024
    /// The largest message sent or accepted; a peer sending a larger one is aborted.
    public var maxMessageSize: Int = 64 * 1024
    /// How long `connect` waits for the association to come up.
    public var connectTimeout: Duration = .seconds(5)
    /// How long `shutdown` waits for SHUTDOWN-COMPLETE before aborting instead.
    public var shutdownTimeout: Duration = .seconds(5)
    /// Send small messages at once instead of bundling them while data is in flight (SCTP_NODELAY).
    public var noDelay: Bool = true
    /// Associations accepted but not yet taken by the application; further ones wait in the stack.
    public var acceptBacklog: Int = 64

    public init() {}

    /// Checks every field and names the first bad one.
    public func validate() throws(SCTPConfigurationError) {
        func fail(_ field: String, _ reason: String) -> SCTPConfigurationError {
            SCTPConfigurationError(field: "sctp.\(field)", reason: reason)
        }
        if (backend == .usrsctpUDP || backend == .auto) && udpEncapsulationPort == 0 {
            throw fail("udpEncapsulationPort", "must be 1...65535 when usrsctp may run over UDP")
        }
        if outboundStreams == 0 { throw fail("outboundStreams", "must be at least 1") }
        if maxInboundStreams == 0 { throw fail("maxInboundStreams", "must be at least 1") }
        for (name, value) in [("rtoInitial", rtoInitial), ("rtoMin", rtoMin), ("rtoMax", rtoMax),
                              ("heartbeatInterval", heartbeatInterval), ("connectTimeout", connectTimeout),
                              ("shutdownTimeout", shutdownTimeout)] {
            if value <= .zero { throw fail(name, "must be positive, got \(value)") }
            if value.milliseconds > Int64(UInt32.max) { throw fail(name, "must be below 49 days, got \(value)") }
        }
        if rtoMin > rtoMax { throw fail("rtoMin", "must not exceed rtoMax (\(rtoMin) > \(rtoMax))") }
        if rtoInitial < rtoMin || rtoInitial > rtoMax {
            throw fail("rtoInitial", "must lie between rtoMin and rtoMax (\(rtoMin) ... \(rtoMax)), got \(rtoInitial)")
        }
        if maxRetransmissions == 0 { throw fail("maxRetransmissions", "must be at least 1") }
        if maxInitRetransmissions == 0 { throw fail("maxInitRetransmissions", "must be at least 1") }
        if maxMessageSize < 1 { throw fail("maxMessageSize", "must be at least 1 byte") }
        if sendBufferLimit < 4096 { throw fail("sendBufferLimit", "must be at least 4096 bytes, got \(sendBufferLimit)") }
        if sendBufferLimit > Int(Int32.max) { throw fail("sendBufferLimit", "must be below 2 GiB") }
        if sendBufferLimit < maxMessageSize {
            throw fail("sendBufferLimit", "must hold one message of maxMessageSize (\(maxMessageSize)), got \(sendBufferLimit)")
        }
        if receiveBufferLimit < 4096 { throw fail("receiveBufferLimit", "must be at least 4096 bytes, got \(receiveBufferLimit)") }
        if receiveBufferLimit > Int(Int32.max) { throw fail("receiveBufferLimit", "must be below 2 GiB") }
        if acceptBacklog < 1 || acceptBacklog > 4096 { throw fail("acceptBacklog", "must be 1...4096, got \(acceptBacklog)") }
    }
}

/// The `sctp:` section of an NF's YAML file: which stack, and the UDP port of usrsctp's
/// encapsulation. usrsctp is one stack per process, so one section serves every SCTP interface
/// of the process (the MME's S1-MME and S6a alike).
public struct SCTPConfigurationSection: Codable, Sendable, Equatable {
    /// auto | kernel | usrsctp-raw | usrsctp-udp. Default auto.
    public var backend: String?
    /// UDP port of usrsctp's encapsulation (RFC 6951). Default 9899.
    public var udpEncapsulationPort: Int?

    public init(backend: String? = nil, udpEncapsulationPort: Int? = nil) {
        self.backend = backend
        self.udpEncapsulationPort = udpEncapsulationPort
    }

    /// The checked configuration (defaults for what the section leaves out, or no section at all);
    /// the error names the field (`sctp.backend`).
    public static func configuration(_ section: SCTPConfigurationSection?) throws(SCTPConfigurationError) -> SCTPConfiguration {
        var configuration = SCTPConfiguration()
        configuration.backend = try SCTPConfiguration.Backend(configValue: section?.backend ?? "auto")
        let port = section?.udpEncapsulationPort ?? 9899
        guard let encapsulation = UInt16(exactly: port), encapsulation > 0 else {
            throw SCTPConfigurationError(field: "sctp.udpEncapsulationPort", reason: "\(port) is not a port (1-65535)")
        }
        configuration.udpEncapsulationPort = encapsulation
        try configuration.validate()
        return configuration
    }
}

/// A configuration field with an unusable value; `description` is the one-line reason an NF exits with.
public struct SCTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

extension Duration {
    /// Whole milliseconds, rounded down; what the socket options take.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds for a UInt32 socket option field (validated to fit).
    var optionMilliseconds: UInt32 { UInt32(clamping: max(milliseconds, 0)) }
}
