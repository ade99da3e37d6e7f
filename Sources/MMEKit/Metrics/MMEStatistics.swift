/// Counters the MME keeps as it works; `MMEMetrics` publishes them (with the gauges of
/// `MMEContext`) through swift-metrics. Plain counts, so tests read them directly.
public struct MMEStatistics: Sendable, Hashable {
    /// Why a NAS message was dropped without being acted on.
    public enum NASDropReason: String, Sendable, Hashable, CaseIterable {
        /// Wrong MAC (or short MAC) for the UE's security context.
        case macFailure = "mac_failure"
        /// A NAS COUNT at or below the last one accepted.
        case replayed
        /// Not integrity protected where TS 24.301 4.4.4.3 requires it.
        case unprotected
        /// Protected, but the MME has no security context to check it with.
        case noSecurityContext = "no_security_context"
        /// Undecodable in a way TS 24.301 answers with silence (too short, unknown PD, reserved header).
        case undecodable
        /// A message the UE's state does not expect.
        case unexpected
    }

    public var attachAttempts = 0
    public var attachSuccesses = 0
    /// Attach failures by cause: "emm-<EMM cause>" for rejects, or what aborted the procedure
    /// ("t3450-expired", "s6a-timeout", ...).
    public var attachFailures: [String: Int] = [:]
    public var detaches = 0
    public var trackingAreaUpdates = 0
    public var serviceRequests = 0
    public var pagings = 0
    public var sessionsCreated = 0
    public var sessionsDeleted = 0
    public var dedicatedBearersActivated = 0
    public var droppedNAS: [NASDropReason: Int] = [:]
    public var nasRetransmissions = 0
    public var s6aRetransmissions = 0
    public var s11Retransmissions = 0
    /// Malformed or refused messages received, by interface ("s1ap", "nas", "gtpv2c", "diameter").
    public var malformed: [String: Int] = [:]
    public var errorIndicationsSent = 0
    public var errorIndicationsReceived = 0
    public var s1SetupFailures = 0
    public var sgwRestarts = 0

    public init() {}

    mutating func drop(_ reason: NASDropReason) { droppedNAS[reason, default: 0] += 1 }
    mutating func malformed(_ interface: String) { malformed[interface, default: 0] += 1 }
    mutating func attachFailed(_ cause: String) { attachFailures[cause, default: 0] += 1 }
}
