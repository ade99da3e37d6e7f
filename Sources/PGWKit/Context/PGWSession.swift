import GTPv2C
import GatewayKit
import Wire

/// One bearer of a PDN connection at the PGW.
public struct PGWBearer: Sendable, Hashable {
    public var ebi: UInt8
    /// The PGW's S5/S8-U TEID.
    public var s5uTEID: UInt32
    /// The SGW's S5/S8-U F-TEID.
    public var sgw: FTEID
    public var qos: BearerQoS
    public var chargingID: UInt32
    /// The policy rule that made this dedicated bearer; nil for the default bearer.
    public var rule: String?
    public var packetFilters: [PacketFilter]
}

/// One PDN connection (a UE's session on one APN), named by the PGW's S5/S8-C TEID.
public struct PGWSession: Sendable, Hashable {
    public var s5cTEID: UInt32
    /// The SGW's S5/S8-C F-TEID: its TEID goes in the header of requests to the SGW.
    public var sgwControl: FTEID
    public var sgw: IPEndpoint
    public var imsi: IMSI?
    public var apn: String
    public var ueAddress: IPv4Address
    /// The UE's /64 for an IPv4v6 connection.
    public var ueIPv6Prefix: IPv6Address?
    public var defaultEBI: UInt8
    public var apnAMBR: AMBR?
    /// The radio access the Create Session Request named; the PCRF hears it in CCR-I.
    public var ratType: RATType?
    public var bearers: [UInt8: PGWBearer] = [:]
    /// The SGW's restart counter when the session was created.
    public var sgwRecovery: UInt8?
    /// The policy rules in force, by name: the APN's local policy, or what the PCRF installed.
    public var rules: [String: PolicyRule] = [:]
    /// The Gx session with the PCRF, when there is one.
    public var gxSessionID: String?
    var gxRequestNumber: UInt32 = 0
    /// The Create Session Response held until the PCRF answered CCR-I.
    var heldAnswer: GTPv2Message?
    var policyTimer: GatewayTimerID?

    /// The user-plane rule for the session as it stands.
    public var userPlaneRule: PGWSessionRule {
        PGWSessionRule(ueAddress: ueAddress, ueIPv6Prefix: ueIPv6Prefix, apn: apn, defaultEBI: defaultEBI,
                       bearers: bearers.keys.sorted().compactMap { ebi in
                           bearers[ebi].map { PGWBearerForwarding(ebi: $0.ebi, s5uTEID: $0.s5uTEID, sgw: $0.sgw, packetFilters: $0.packetFilters) }
                       })
    }
}

/// Everything the PGW knows, with its indexes.
public struct PGWContext: Sendable {
    public internal(set) var sessions: [UInt32: PGWSession] = [:]
    var sessionsByAddress: [IPv4Address: UInt32] = [:]
    var sessionsByGxID: [String: UInt32] = [:]
    public internal(set) var pools: [String: IPv4Pool] = [:]
    public internal(set) var ipv6Pools: [String: IPv6PrefixPool] = [:]
    var peerRestarts = PeerRestartCounters()
    public internal(set) var statistics = PGWStatistics()

    /// The session of a UE address.
    public func session(of address: IPv4Address) -> PGWSession? {
        sessionsByAddress[address].flatMap { sessions[$0] }
    }
}

/// Counters for /metrics.
public struct PGWStatistics: Sendable, Hashable {
    public var sessionsCreated = 0
    public var sessionsDeleted = 0
    public var createSessionRejections = 0
    public var dedicatedBearersCreated = 0
    public var dedicatedBearersDeleted = 0
    public var retransmissions = 0
    public var duplicateRequests = 0
    public var malformedMessages = 0
    public var peerRestarts = 0
    public var policyFailures = 0
    public var pathFailures = 0
}
