import GTPv2C
import MobileCrypto
import NAS
import S1AP
import Wire

/// The MME's name for a UE context, stable while the context lives (S1AP IDs come and go with
/// each signalling connection, the IMSI may not be known yet).
public struct UEID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    public static func < (lhs: UEID, rhs: UEID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "UE \(rawValue)" }
}

/// EMM state (TS 24.301 5.1.3.4).
public enum EMMState: Sendable, Hashable {
    case deregistered
    case registered
}

/// A UE-associated logical S1 connection: the UE is ECM-CONNECTED while it has one.
public struct S1Connection: Sendable, Hashable {
    public enum Release: Sendable, Hashable {
        /// Release Access Bearers Request is out; the command follows its answer.
        case awaitingSGW(Cause)
        /// UE Context Release Command sent; waiting for Complete.
        case commandSent
    }

    public var association: ENBAssociationID
    public var stream: UInt16
    public var enbUES1APID: ENBUES1APID
    public var mmeUES1APID: MMEUES1APID
    /// Whether NAS messages on this connection must be integrity protected (TS 24.301 4.4.4.3:
    /// set once a security mode procedure completed or an initial message verified).
    public var secureExchange = false
    /// Whether Initial Context Setup succeeded: the UE's E-RABs exist on the eNB.
    public var contextSetUp = false
    public var release: Release?
    public var tai: TAI?
    public var ecgi: ECGI?
}

/// One EPS bearer of a PDN connection.
public struct EPSBearer: Sendable, Hashable {
    public var ebi: UInt8
    public var qos: BearerQoS
    public var tft: TrafficFlowTemplate?
    /// The SGW's S1-U F-TEID (for the eNB) and the eNB's (for the SGW, through Modify Bearer).
    public var sgwS1U: FTEID?
    public var enbS1U: FTEID?
    public var pgwS5S8U: FTEID?
    public var chargingID: UInt32?
}

/// A PDN connection: an APN, the UE's address on it, its bearers (the default one first).
public struct PDNConnection: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Create Session Request is out.
        case creating
        /// The default bearer is being set up on the eNB and in the UE.
        case activating
        case active
        /// Delete Session Request is out.
        case deleting
    }

    public var apn: String
    public var pdnType: GTPv2C.PDNType
    public var state: State
    /// The procedure transaction identity the UE's PDN CONNECTIVITY REQUEST used.
    public var pti: UInt8
    public var paa: PDNAddressAllocation?
    /// APN-AMBR in kbit/s, as GTPv2 carries it.
    public var ambr: AMBR
    public var bearers: [EPSBearer]
    public var pgwS5S8C: FTEID?
    /// The PCO the UE sent, passed to the SGW/PGW; the PGW's answer, passed back to the UE.
    public var requestedPCO: ProtocolConfigurationOptions?
    public var grantedPCO: ProtocolConfigurationOptions?
    /// Set when the PDN type was narrowed to what the subscription allows (ESM cause #50/#51).
    public var pdnTypeCause: ESMCause?

    public var defaultEBI: UInt8 { bearers.first?.ebi ?? 0 }
}

/// One UE context: identities, EMM and ECM state, security, subscription, sessions, and the
/// procedure in progress.
public struct UEContext: Sendable {
    public let id: UEID
    public internal(set) var imsi: IMSI?
    public internal(set) var imeisv: IMEI?
    public internal(set) var guti: GUTI?
    public internal(set) var emmState: EMMState = .deregistered
    /// Present while ECM-CONNECTED.
    public internal(set) var connection: S1Connection?
    /// The current EPS security context, once a security mode procedure completed.
    public internal(set) var security: NASSecurityContext?
    public internal(set) var subscription: Subscription?
    public internal(set) var pdnConnections: [PDNConnection] = []
    /// Where the UE was last seen, and the tracking areas it may move in without updating.
    public internal(set) var tai: TAI?
    public internal(set) var ecgi: ECGI?
    public internal(set) var taiList: [TAI] = []

    /// The MME's S11 TEID for this UE, and the SGW serving it with the SGW's S11 TEID.
    public let mmeS11TEID: UInt32
    public internal(set) var sgw: GTPPeer?
    public internal(set) var sgwS11TEID: UInt32?
    /// The SGW's restart counter when this UE's sessions were made there.
    var sgwRecovery: UInt8?

    var procedure: UEProcedure?
    var esmProcedures: [ESMProcedure] = []
    /// The security context a security mode procedure is establishing.
    var pendingSecurity: NASSecurityContext?
    /// The authentication vector of the running authentication, with the eKSI it was given.
    var vector: AuthenticationVector?
    var ueNetworkCapability: UENetworkCapability?
    var msNetworkCapability: MSNetworkCapability?
    /// UE Radio Capability from UE Capability Info Indication, replayed in Initial Context Setup.
    var radioCapability: [UInt8]?
    /// The NAS message waiting for an answer and its retransmission timer.
    var nasRetransmission: NASRetransmission?
    var paging: PagingState?
    /// Requests from the SGW that wait for the UE to come back from ECM-IDLE.
    var deferredSGWRequests: [DeferredSGWRequest] = []
    /// The last eKSI given; the next authentication uses the next one (0-6, TS 24.301 9.9.3.21).
    var lastKeySetIdentifier: UInt8 = 6

    init(id: UEID, mmeS11TEID: UInt32) {
        self.id = id
        self.mmeS11TEID = mmeS11TEID
    }

    public var isConnected: Bool { connection != nil }

    /// Every EPS bearer ID in use.
    var activeEBIs: [UInt8] { pdnConnections.flatMap { $0.bearers.map(\.ebi) } }

    /// The lowest EPS bearer ID (5-15, TS 24.007 11.2.3.1.5) not in use.
    var freeEBI: UInt8? { (5...15).first { !activeEBIs.contains($0) } }

    func pdnIndex(ebi: UInt8) -> Int? { pdnConnections.firstIndex { $0.bearers.contains { $0.ebi == ebi } } }

    func pdnIndex(defaultEBI: UInt8) -> Int? { pdnConnections.firstIndex { $0.defaultEBI == defaultEBI } }

    var imsiText: String? { imsi?.digits }
}

/// An E-UTRAN vector from the HSS and the eKSI the MME gave it.
struct AuthenticationVector: Sendable {
    var rand: [UInt8]
    var xres: [UInt8]
    var autn: [UInt8]
    var kasme: Key256
    var keySetIdentifier: UInt8
}

/// A NAS message sent and guarded by a retransmission timer.
struct NASRetransmission: Sendable {
    var timer: MMETimerID
    /// The NAS-PDU as sent, sent again unchanged on expiry.
    var pdu: [UInt8]
    var transmissions: Int
}

struct PagingState: Sendable {
    var timer: MMETimerID
    var attempts: Int
    /// Paging for a Downlink Data Notification: the SGW hears if it fails.
    var downlinkData = false
}

/// An SGW request held while the UE is paged.
struct DeferredSGWRequest: Sendable {
    var message: GTPv2Message
    var peer: GTPPeer
}
