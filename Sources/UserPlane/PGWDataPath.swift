/// One bearer of a UE's session at the PGW: our S5-U TEID (the SGW sends uplink to it), the SGW's
/// end for downlink, and for a dedicated bearer the TFT's downlink filters (each with its precedence).
public struct PGWBearerRule: Hashable, Sendable {
    public var uplinkTEID: UInt32
    public var sgw: TunnelEndpoint
    /// Empty for the default bearer, which takes what no dedicated bearer's filters match.
    public var filters: [DownlinkFilter]

    public init(uplinkTEID: UInt32, sgw: TunnelEndpoint, filters: [DownlinkFilter] = []) {
        self.uplinkTEID = uplinkTEID
        self.sgw = sgw
        self.filters = filters
    }
}

public enum PGWRuleChange: Sendable {
    /// Adds the UE's session or replaces it whole (a bearer added, modified or removed).
    case install(ueAddress: UInt32, bearers: [PGWBearerRule])
    case remove(ueAddress: UInt32)
}

/// The PGW's user plane: uplink G-PDUs from S5-U are unwrapped into the SGi TUN device (when the
/// inner source is the UE's address), downlink packets from the TUN are wrapped toward the SGW on
/// the bearer whose filters match. One thread per direction.
public final class PGWDataPath: Sendable {
    public let statistics = ForwardingStatistics()
    private let uplinkChanges = RuleMailbox<PGWRuleChange>()
    private let downlinkChanges = RuleMailbox<PGWRuleChange>()
    private let threads: [ForwardingThread]

    /// `ring`, when given, brings most downlink packets from the SGi interface instead of the TUN
    /// device; `transmit` sends most uplink packets out of it past the kernel's forwarding.
    public init(s5u: DatagramSocket, tun: TunDevice, ring: SGiRing? = nil, transmit: SGiTransmit? = nil,
                errorIndication: @escaping @Sendable (UInt32, IPv4Endpoint) -> Void = { _, _ in }) {
        // The downlink cuts TSO and UDP GSO runs itself, so the kernel forwards them whole: one read
        // for a whole run. A kernel that refuses cuts them before the device, as without.
        try? tun.enableReadOffloads()
        let uplink = PGWUplink(from: s5u, to: tun, transmit: transmit, changes: uplinkChanges, statistics: statistics, errorIndication: errorIndication)
        let downlink = PGWDownlink(from: tun, ring: ring, to: s5u, changes: downlinkChanges, statistics: statistics)
        threads = [ForwardingThread(name: "pgw-uplink") { uplink.pass() },
                   ForwardingThread(name: "pgw-downlink") { downlink.pass() }]
    }

    public func apply(_ change: PGWRuleChange) {
        uplinkChanges.post(change)
        downlinkChanges.post(change)
    }

    public func stop() { threads.forEach { $0.stop() } }
}
