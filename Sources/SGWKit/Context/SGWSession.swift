import GatewayKit
import GTPv2C
import Wire

/// One bearer as the SGW knows it: its TEIDs on both sides and what the peers gave for it.
public struct SGWBearer: Sendable, Hashable {
    public var ebi: UInt8
    public var s1uTEID: UInt32
    public var s5uTEID: UInt32
    /// The eNB's S1-U F-TEID; nil before the first Modify Bearer and while the UE is idle.
    public var enb: FTEID?
    /// The PGW's S5/S8-U F-TEID; nil until the PGW answered (no user-plane rule before).
    public var pgw: FTEID?
    public var qos: BearerQoS?
    public var tft: TrafficFlowTemplate?
    public var chargingID: UInt32?
}

/// One PDN connection: the S5/S8 control tunnel to its PGW and its bearers by EBI.
public struct SGWPDNConnection: Sendable, Hashable {
    public var linkedEBI: UInt8
    public var apn: String
    /// The SGW's S5/S8-C TEID for this connection: the PGW's requests name it.
    public var s5cTEID: UInt32
    /// The PGW's S5/S8-C F-TEID (its TEID goes in the header of requests to it).
    public var pgwControl: FTEID?
    public var pgw: IPEndpoint
    public var bearers: [UInt8: SGWBearer] = [:]
    /// False until the PGW accepted the Create Session Request.
    public var established = false
    /// The PGW's restart counter when the connection was established: a later one means the
    /// PGW restarted and lost it.
    public var pgwRecovery: UInt8?
}

/// One UE at this SGW: the S11 tunnel with its MME and the UE's PDN connections.
public struct SGWSession: Sendable, Hashable {
    /// The SGW's S11 TEID: the MME's requests name it.
    public var s11TEID: UInt32
    /// The MME's S11 F-TEID (its TEID goes in the header of messages to the MME).
    public var mmeControl: FTEID
    public var mme: IPEndpoint
    public var imsi: IMSI?
    /// The MME's restart counter when the session was created.
    public var mmeRecovery: UInt8?
    public var pdnConnections: [UInt8: SGWPDNConnection] = [:]
    /// Released access bearers (ECM-IDLE): downlink is buffered.
    public var idle = false
    /// The sequence number of the Downlink Data Notification waiting for its acknowledgement.
    public var notificationPending: UInt32?

    public var bearerCount: Int { pdnConnections.values.reduce(0) { $0 + $1.bearers.count } }

    /// The PDN connection holding bearer `ebi`.
    public func pdnConnection(holding ebi: UInt8) -> UInt8? {
        pdnConnections.first { $0.value.bearers[ebi] != nil }?.key
    }
}

/// Where a bearer lives: the session (S11 TEID), its PDN connection and its EBI.
public struct SGWBearerKey: Sendable, Hashable {
    public var s11TEID: UInt32
    public var linkedEBI: UInt8
    public var ebi: UInt8
}

/// Everything the SGW knows, with the indexes its handlers look things up by.
public struct SGWContext: Sendable {
    public internal(set) var sessions: [UInt32: SGWSession] = [:]
    /// S5/S8-C TEID → (S11 TEID, linked EBI).
    var pdnsByS5CTEID: [UInt32: (s11TEID: UInt32, linkedEBI: UInt8)] = [:]
    /// S5/S8-U TEID → the bearer.
    var bearersByS5UTEID: [UInt32: SGWBearerKey] = [:]
    var pgwCandidates: [String: [IPAddress]] = [:]
    var defaultPGWCandidates: [IPAddress] = []
    public internal(set) var peerRestarts = PeerRestartCounters()
    public internal(set) var statistics = SGWStatistics()

    public var bearerCount: Int { sessions.values.reduce(0) { $0 + $1.bearerCount } }
}

/// Counters for /metrics.
public struct SGWStatistics: Sendable, Hashable {
    public var sessionsCreated = 0
    public var sessionsDeleted = 0
    public var createSessionFailures = 0
    public var downlinkDataNotifications = 0
    public var retransmissions = 0
    public var duplicateRequests = 0
    public var malformedMessages = 0
    public var peerRestarts = 0
    public var pathFailures = 0
}
