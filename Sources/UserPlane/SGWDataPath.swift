import Synchronization

/// One end of a GTP-U tunnel: the peer's address and the TEID it gave.
public struct TunnelEndpoint: Hashable, Sendable, BitwiseCopyable {
    public var address: IPv4Endpoint
    public var teid: UInt32

    public init(address: IPv4Endpoint, teid: UInt32) {
        self.address = address
        self.teid = teid
    }
}

/// One bearer through the SGW: our two TEIDs and where each direction goes.
public struct SGWBearerRule: Hashable, Sendable {
    /// Ours on S1-U: the eNB sends this bearer's uplink to it.
    public var s1uTEID: UInt32
    /// Ours on S5-U: the PGW sends this bearer's downlink to it.
    public var s5uTEID: UInt32
    public var pgw: TunnelEndpoint
    /// nil while the UE is idle (after Release Access Bearers): downlink is buffered.
    public var enb: TunnelEndpoint?

    public init(s1uTEID: UInt32, s5uTEID: UInt32, pgw: TunnelEndpoint, enb: TunnelEndpoint?) {
        self.s1uTEID = s1uTEID
        self.s5uTEID = s5uTEID
        self.pgw = pgw
        self.enb = enb
    }
}

public enum SGWRuleChange: Sendable {
    /// Adds the bearer or replaces it (a Modify Bearer); a bearer that leaves idle gets its
    /// buffered downlink delivered, in order, before anything newer.
    case install(SGWBearerRule)
    case remove(s1uTEID: UInt32, s5uTEID: UInt32)
    /// TS 29.281 7.3.2, on a path switch: sent on the old S1-U path after its last downlink packet.
    case endMarker(TunnelEndpoint)
    /// Paging failed: the bearer's buffered downlink is dropped (counted as `droppedBufferDiscarded`).
    /// The bearer stays idle, and its next downlink packet is buffered and reported again.
    case discardBuffered(s5uTEID: UInt32)
}

/// The SGW's user plane: S1-U ↔ S5-U relaying with the TEIDs swapped, in place, batch by batch,
/// one thread per direction; idle bearers buffer downlink and tell the control plane once.
public final class SGWDataPath: Sendable {
    public struct Events: Sendable {
        /// Downlink arrived for an idle bearer (its S5-U TEID): send a Downlink Data Notification.
        public var downlinkDataForIdleBearer: @Sendable (UInt32) -> Void
        /// A peer says it has no tunnel for a TEID we sent to (interface "s1u" or "s5u").
        public var errorIndication: @Sendable (_ interface: String, _ teid: UInt32, _ peer: IPv4Endpoint) -> Void

        public init(downlinkDataForIdleBearer: @escaping @Sendable (UInt32) -> Void = { _ in },
                    errorIndication: @escaping @Sendable (String, UInt32, IPv4Endpoint) -> Void = { _, _, _ in }) {
            self.downlinkDataForIdleBearer = downlinkDataForIdleBearer
            self.errorIndication = errorIndication
        }
    }

    public let statistics = ForwardingStatistics()
    private let uplinkChanges = RuleMailbox<SGWRuleChange>()
    private let downlinkChanges = RuleMailbox<SGWRuleChange>()
    private let threads: [ForwardingThread]

    /// Starts forwarding between the two sockets (bound on the S1-U and S5-U addresses, port 2152).
    public init(s1u: DatagramSocket, s5u: DatagramSocket, bufferLimit: BufferLimit = BufferLimit(), events: Events = Events()) {
        let uplink = SGWUplink(from: s1u, to: s5u, changes: uplinkChanges, statistics: statistics, events: events)
        let downlink = SGWDownlink(from: s5u, to: s1u, changes: downlinkChanges, statistics: statistics,
                                   limit: bufferLimit, events: events)
        threads = [ForwardingThread(name: "sgw-uplink") { uplink.pass() },
                   ForwardingThread(name: "sgw-downlink") { downlink.pass() }]
    }

    public func apply(_ change: SGWRuleChange) {
        uplinkChanges.post(change)
        downlinkChanges.post(change)
    }

    public func stop() { threads.forEach { $0.stop() } }
}

/// How much downlink an idle bearer, and all of them together, may hold.
public struct BufferLimit: Sendable {
    public var packetsPerBearer: Int
    public var packetsInAll: Int

    public init(packetsPerBearer: Int = 256, packetsInAll: Int = 65_536) {
        self.packetsPerBearer = packetsPerBearer
        self.packetsInAll = packetsInAll
    }
}
