import GTPv2C
import GatewayKit
import Logging
import NIOCore
import Wire

/// What a request the SGW sent is for, so that its answer (or its failure) continues the right
/// procedure.
enum SGWPurpose: Sendable {
    /// Create Session Request relayed to the PGW for the MME's request `mmeSequence`.
    case createSession(s11TEID: UInt32, linkedEBI: UInt8, mmeSequence: UInt32)
    /// Delete Session Request relayed to the PGW; `mmeSequence` nil when the SGW cleans up on
    /// its own (the MME restarted) and nobody waits for the answer.
    case deleteSession(s11TEID: UInt32, linkedEBI: UInt8, mmeSequence: UInt32?)
    /// A bearer request relayed from the PGW to the MME; the answer goes back to the PGW.
    case bearerRequest(BearerRelay)
    /// Delete Bearer Request the SGW sends the MME itself (its PGW restarted): nobody to answer.
    case localDeleteBearer
    case downlinkDataNotification(s11TEID: UInt32)
    /// Echo Request of path supervision.
    case echo
}

/// The SGW: a value that takes one event at a time and returns what to do about it.
///
/// No sockets, clocks or randomness of its own: the I/O layer feeds it GTPv2-C datagrams, timer
/// expiries and user-plane reports, and performs the actions it returns (send, arm or disarm a
/// timer, change user-plane rules, log). TEIDs and sequence numbers come from an injected source.
public struct SGW: Sendable {
    public let settings: SGWSettings
    public let recoveryCounter: UInt8
    public internal(set) var context = SGWContext()
    var teids: TEIDAllocator
    var transactions: GTPCTransactions<SGWPurpose>
    var actions: [SGWAction] = []
    var paths = PathSupervision()

    /// - Parameter recoveryCounter: the restart counter announced in Recovery IEs, which the
    ///   executable keeps across restarts and increments on each (TS 23.007 18).
    public init(settings: SGWSettings, recoveryCounter: UInt8, identifiers: any GatewayIdentifierSource) {
        self.settings = settings
        self.recoveryCounter = recoveryCounter
        teids = TEIDAllocator(identifiers: identifiers)
        transactions = GTPCTransactions(timers: settings.timers)
    }

    public var statistics: SGWStatistics { context.statistics }
    /// Requests sent and not yet answered.
    public var pendingRequests: Int { transactions.outgoing.count }

    public mutating func handle(_ event: SGWEvent) -> [SGWAction] {
        switch event {
        case .gtp(let bytes, let peer):
            receive(bytes, from: peer)
        case .timerExpired(let timer):
            timerExpired(timer)
        case .pgwCandidates(let apn, let addresses):
            if let apn { context.pgwCandidates[apn.lowercased()] = addresses } else { context.defaultPGWCandidates = addresses }
        case .downlinkDataArrived(let teid):
            downlinkDataArrived(s5uTEID: teid)
        }
        let result = actions
        actions.removeAll(keepingCapacity: true)
        return result
    }

    // MARK: actions

    mutating func log(_ level: Logger.Level, _ message: @autoclosure () -> String, imsi: IMSI? = nil) {
        actions.append(.log(GatewayLogEvent(level, message(), imsi: imsi?.digits)))
    }

    mutating func perform(_ effects: [GTPCEffect]) {
        for effect in effects { actions.append(SGWAction(effect)) }
    }

    mutating func userPlane(_ rule: SGWUserPlaneRule) { actions.append(.userPlane(rule)) }

    /// Sends a request of the SGW's own with a fresh sequence number and its retransmission timer.
    mutating func request(_ message: GTPv2Message, to peer: IPEndpoint, purpose: SGWPurpose) {
        perform(transactions.request(message, to: peer, purpose: purpose))
    }

    /// Answers a request admitted before, keeping the answer for its retransmissions.
    mutating func answer(_ response: GTPv2Message, to peer: IPEndpoint) {
        perform(transactions.answer(response, to: peer))
    }

    mutating func nextSequence() -> UInt32 { teids.identifiers.nextSequence() }

    /// A TEID no session uses.
    mutating func allocateTEID() -> UInt32 { teids.allocate() }
    mutating func releaseTEID(_ teid: UInt32) { teids.release(teid) }

    func s11FTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s11s4SGWGTPC, teid: teid, address: settings.s11Address) }
    func s5cFTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s5s8SGWGTPC, teid: teid, address: settings.s5cAddress) }
    func s1uFTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s1uSGWGTPU, teid: teid, address: settings.s1uAddress) }
    func s5uFTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s5s8SGWGTPU, teid: teid, address: settings.s5uAddress) }

    // MARK: timers

    mutating func timerExpired(_ timer: GatewayTimerID) {
        if timer.kind == .echo {
            if paths.fired(timer) { echoPeers() }
            return
        }
        switch transactions.expired(timer) {
        case .nothing:
            break
        case .retransmit(let effects):
            context.statistics.retransmissions += 1
            perform(effects)
        case .gaveUp(let pending):
            log(.warning, "\(pending.peer) did not answer \(pending.message.type) after \(pending.transmissions) transmissions")
            requestFailed(pending.purpose, cause: GTPv2Cause(.remotePeerNotResponding))
        }
    }
}

extension SGW {
    /// The MMEs and PGWs with a session here or a request of the SGW's pending: the peers whose
    /// path state is kept however many others send datagrams.
    public var peers: Set<IPEndpoint> {
        var peers = Set(transactions.outgoing.values.map(\.peer))
        for session in context.sessions.values {
            peers.insert(session.mme)
            for pdn in session.pdnConnections.values { peers.insert(pdn.pgw) }
        }
        return peers
    }

    /// Every MME and PGW with a session here gets an Echo Request; the timer runs again while
    /// there are sessions.
    mutating func echoPeers() {
        var peers = Set<IPEndpoint>()
        for session in context.sessions.values {
            peers.insert(session.mme)
            for pdn in session.pdnConnections.values where pdn.established { peers.insert(pdn.pgw) }
        }
        for peer in peers.sorted(by: { $0.description < $1.description }) {
            request(GTPCReplies.echoRequest(sequence: nextSequence(), recovery: recoveryCounter), to: peer, purpose: .echo)
        }
        if !context.sessions.isEmpty { perform(paths.arm(every: settings.timers.echoInterval)) }
    }
}
