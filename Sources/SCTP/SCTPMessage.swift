import NIOCore

/// One user message of an association: the bytes of one SCTP DATA chunk sequence (RFC 9260
/// section 6.9 reassembles fragments before it gets here).
public struct SCTPMessage: Sendable, Equatable {
    public var bytes: ByteBuffer
    /// The stream the message travelled on; ordering holds within one stream.
    public var stream: UInt16
    /// Payload Protocol Identifier in host order (18 for S1AP).
    public var ppid: UInt32
    /// Sent with the U bit: delivered as soon as it arrives, outside its stream's order.
    public var unordered: Bool

    public init(bytes: ByteBuffer, stream: UInt16, ppid: UInt32, unordered: Bool = false) {
        self.bytes = bytes
        self.stream = stream
        self.ppid = ppid
        self.unordered = unordered
    }
}

/// Payload Protocol Identifiers VCore uses (IANA "SCTP Payload Protocol Identifiers").
public enum SCTPPayloadProtocol {
    public static let s1ap: UInt32 = 18
    public static let diameter: UInt32 = 46
}

/// What the stack tells the application about an association besides its messages
/// (RFC 6458 section 6.1).
public enum SCTPNotification: Sendable, Equatable {
    /// The association is established with these stream counts.
    case up(inboundStreams: UInt16, outboundStreams: UInt16)
    /// The peer restarted (sent a new INIT for the same addresses and ports). An association from
    /// `connect` carries on; a listener's ends (its inbound throws `SCTPError.peerRestarted`) and
    /// the listener yields the restarted peer as a new association.
    case restarted(inboundStreams: UInt16, outboundStreams: UInt16)
    /// The association is gone: the peer aborted (`cause` from its ABORT chunk, 0x0c is
    /// "user-initiated abort") or retransmissions ran out.
    case lost(cause: UInt16)
    /// The peer started a graceful shutdown (it sent SHUTDOWN).
    case peerShutdown
    /// The graceful shutdown finished.
    case shutdownComplete
    /// The association could not be set up.
    case cannotStart(cause: UInt16)
    /// One of the peer's addresses changed state.
    case peerAddressChanged(address: SCTPPeerAddress, state: PeerAddressState)
    /// The peer reported an error (an ERROR chunk) with this cause code.
    case remoteError(cause: UInt16)

    public enum PeerAddressState: String, Sendable, Equatable {
        case available, unreachable, removed, added, madePrimary, confirmed, unknown
    }
}

extension SCTPNotification: CustomStringConvertible {
    /// One line for logs: "up (streams in 4, out 4)", "peer address 10.0.0.2:36412 confirmed".
    public var description: String {
        switch self {
        case .up(let inbound, let outbound): return "up (streams in \(inbound), out \(outbound))"
        case .restarted(let inbound, let outbound): return "restarted (streams in \(inbound), out \(outbound))"
        case .lost(let cause): return "lost (cause \(cause))"
        case .peerShutdown: return "peer shutdown"
        case .shutdownComplete: return "shutdown complete"
        case .cannotStart(let cause): return "cannot start (cause \(cause))"
        case .peerAddressChanged(let address, let state): return "peer address \(address) \(state.rawValue)"
        case .remoteError(let cause): return "remote error (cause \(cause))"
        }
    }
}

/// A peer address as the notification carried it: printable, with its port.
public struct SCTPPeerAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The stream counts both ends agreed on when the association came up.
public struct SCTPStreamCounts: Sendable, Equatable {
    public var inbound: UInt16
    public var outbound: UInt16

    public init(inbound: UInt16, outbound: UInt16) {
        self.inbound = inbound
        self.outbound = outbound
    }
}
