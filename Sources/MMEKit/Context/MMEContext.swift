import Diameter
import GTPv2C
import NAS
import S1AP
import Wire

/// Everything the MME knows: eNBs, UE contexts and the indexes that find them, requests waiting
/// for an answer, the gateways it may use, and its statistics. A plain value, changed only by
/// `MME.handle(_:)`.
public struct MMEContext: Sendable {
    public let settings: MMESettings
    /// This MME's GTPv2-C restart counter (TS 23.007 18), sent in the Recovery IE.
    public let recoveryCounter: UInt8

    public internal(set) var enbs: [ENBAssociationID: ENBContext] = [:]
    public internal(set) var ues: [UEID: UEContext] = [:]
    var uesByIMSI: [IMSI: UEID] = [:]
    var uesByMTMSI: [UInt32: UEID] = [:]
    var uesByMMEUES1APID: [MMEUES1APID: UEID] = [:]
    /// The eNB's side of each connection: an eNB that reuses an eNB-UE-S1AP-ID lost the old one.
    var uesByENBUES1APID: [ENBConnectionKey: UEID] = [:]
    var uesByS11TEID: [UInt32: UEID] = [:]
    /// UE contexts a handler released while it held them (see `MME.withUE`).
    var releasedUEs: Set<UEID> = []

    var diameterRequests: [UInt32: PendingDiameterRequest] = [:]
    var gtpRequests: [UInt32: PendingGTPRequest] = [:]

    public internal(set) var sgwCandidates: [GTPPeer] = []
    public internal(set) var pgwCandidates: [IPAddress] = []
    /// The restart counter each SGW last reported (TS 23.007 18: a new value means it restarted).
    public internal(set) var sgwRestartCounters: [GTPPeer: UInt8] = [:]

    public internal(set) var statistics = MMEStatistics()
    var identifiers: IdentifierAllocator

    init(settings: MMESettings, recoveryCounter: UInt8, instanceSeed: UInt32) {
        self.settings = settings
        self.recoveryCounter = recoveryCounter
        identifiers = IdentifierAllocator(seed: instanceSeed)
    }

    // MARK: finding UEs

    public func ue(imsi: IMSI) -> UEContext? { uesByIMSI[imsi].flatMap { ues[$0] } }
    public func ue(mTMSI: UInt32) -> UEContext? { uesByMTMSI[mTMSI].flatMap { ues[$0] } }
    public func ue(mmeUES1APID: MMEUES1APID) -> UEContext? { uesByMMEUES1APID[mmeUES1APID].flatMap { ues[$0] } }

    /// The UE a GUTI names, when the GUTI is one this MME handed out.
    func ueID(guti: GUTI) -> UEID? {
        guard guti.mmeGroupID == settings.mmeGroupID, guti.mmeCode == settings.mmeCode,
              settings.plmns.contains(guti.plmn) else { return nil }
        return uesByMTMSI[guti.mTMSI]
    }

    // MARK: gauges

    /// UEs in EMM-REGISTERED, and of those how many are ECM-CONNECTED.
    public var registeredUEs: Int { ues.values.count { $0.emmState == .registered } }
    public var connectedUEs: Int { ues.values.count { $0.emmState == .registered && $0.connection != nil } }
    public var idleUEs: Int { registeredUEs - connectedUEs }
    public var activeSessions: Int { ues.values.reduce(0) { $0 + $1.pdnConnections.count { $0.state == .active } } }
    public var setUpENBs: Int { enbs.values.count(where: \.isSetUp) }
}

/// An eNB-UE-S1AP-ID on an association.
struct ENBConnectionKey: Hashable, Sendable {
    var association: ENBAssociationID
    var enbUES1APID: ENBUES1APID
}

/// The counters behind every identifier the MME hands out. M-TMSIs are scrambled so that they
/// do not reveal how many UEs attached (TS 33.401 leaves the method to the operator), and seeded
/// per instance so that a restarted MME does not hand out the GUTIs of before.
struct IdentifierAllocator: Sendable {
    private var ue: UInt32 = 0
    private var s1ap: UInt32 = 0
    private var teid: UInt32 = 0
    private var sequence: UInt32 = 0
    private var hopByHop: UInt32
    private var endToEnd: UInt32
    private var session: UInt64 = 0
    private var tmsi: UInt32 = 0
    private var generation: UInt32 = 0
    let seed: UInt32

    init(seed: UInt32) {
        self.seed = seed
        hopByHop = seed
        endToEnd = seed << 20
    }

    mutating func nextUE() -> UEID {
        ue &+= 1
        return UEID(ue)
    }

    mutating func nextMMEUES1APID() -> MMEUES1APID {
        s1ap &+= 1
        return s1ap
    }

    /// S11 TEIDs are never 0: 0 in a header means "no tunnel yet".
    mutating func nextTEID() -> UInt32 {
        teid = teid &+ 1 == 0 ? 1 : teid &+ 1
        return teid
    }

    /// GTPv2-C sequence numbers are 24 bits.
    mutating func nextSequence() -> UInt32 {
        sequence = (sequence &+ 1) & 0xFF_FFFF
        return sequence
    }

    mutating func nextHopByHop() -> (hopByHop: UInt32, endToEnd: UInt32) {
        hopByHop &+= 1
        endToEnd &+= 1
        return (hopByHop, endToEnd)
    }

    mutating func nextSession() -> UInt64 {
        session &+= 1
        return session
    }

    /// An M-TMSI: the counter through an invertible mix (xor, odd multiplications, xor-shifts),
    /// so that distinct counters never give the same M-TMSI. All ones is skipped: it is the
    /// "invalid TMSI" of TS 23.003 2.4, which UEs may treat as no identity.
    mutating func nextMTMSI() -> UInt32 {
        while true {
            tmsi &+= 1
            var value = (tmsi ^ seed) &* 0x9E37_79B1
            value ^= value >> 15
            value = value &* 0x85EB_CA77
            value ^= value >> 13
            if value != 0xFFFF_FFFF { return value }
        }
    }

    mutating func nextGeneration() -> UInt32 {
        generation &+= 1
        return generation
    }
}
