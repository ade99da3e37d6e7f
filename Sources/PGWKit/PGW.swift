import GTPv2C
import GatewayKit
import Logging
import NIOCore
import Wire

/// What a request the PGW sent is for.
enum PGWPurpose: Sendable {
    /// Create Bearer Request for a policy rule, with the TEID and Charging ID set aside for it.
    case createBearer(s5cTEID: UInt32, rule: String, s5uTEID: UInt32, chargingID: UInt32)
    case deleteBearer(s5cTEID: UInt32, ebis: [UInt8])
    /// Update Bearer Request for a changed policy rule.
    case updateBearer(s5cTEID: UInt32, ebi: UInt8, rule: PolicyRule)
    /// Echo Request of path supervision.
    case echo
}

/// The PGW: a value that takes one event at a time and returns what to do about it.
///
/// No sockets, clocks or randomness of its own: the I/O layer feeds it GTPv2-C datagrams, timer
/// expiries and policy changes, and performs the actions it returns (send, arm or disarm a
/// timer, install or remove a UE's user-plane session, log). TEIDs, sequence numbers and
/// Charging IDs come from an injected source.
public struct PGW: Sendable {
    public let settings: PGWSettings
    public let recoveryCounter: UInt8
    public internal(set) var context = PGWContext()
    var teids: TEIDAllocator
    var transactions: GTPCTransactions<PGWPurpose>
    var actions: [PGWAction] = []
    var paths = PathSupervision()

    public init(settings: PGWSettings, recoveryCounter: UInt8, identifiers: any GatewayIdentifierSource) {
        self.settings = settings
        self.recoveryCounter = recoveryCounter
        teids = TEIDAllocator(identifiers: identifiers)
        transactions = GTPCTransactions(timers: settings.timers)
        for (name, apn) in settings.apns {
            context.pools[name] = IPv4Pool(prefix: apn.pool)
            if let v6 = apn.ipv6Pool { context.ipv6Pools[name] = IPv6PrefixPool(network: v6.network, length: v6.length) }
        }
    }

    public var statistics: PGWStatistics { context.statistics }
    public var pendingRequests: Int { transactions.outgoing.count }

    public mutating func handle(_ event: PGWEvent) -> [PGWAction] {
        switch event {
        case .gtp(let bytes, let peer):
            receive(bytes, from: peer)
        case .timerExpired(let timer):
            timerExpired(timer)
        case .installPolicyRule(let address, let rule):
            installPolicyRule(rule, ueAddress: address)
        case .removePolicyRule(let address, let rule):
            removePolicyRule(rule, ueAddress: address)
        case .diameter(let message):
            receiveGx(message)
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
        for effect in effects { actions.append(PGWAction(effect)) }
    }

    mutating func request(_ message: GTPv2Message, to peer: IPEndpoint, purpose: PGWPurpose) {
        perform(transactions.request(message, to: peer, purpose: purpose))
    }

    mutating func answer(_ response: GTPv2Message, to peer: IPEndpoint) {
        perform(transactions.answer(response, to: peer))
    }

    mutating func install(_ session: PGWSession) { actions.append(.userPlane(.install(session.userPlaneRule))) }

    mutating func allocateTEID() -> UInt32 { teids.allocate() }
    mutating func releaseTEID(_ teid: UInt32) { teids.release(teid) }

    func s5cFTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s5s8PGWGTPC, teid: teid, address: settings.s5cAddress) }
    func s5uFTEID(_ teid: UInt32) -> FTEID { GTPCReplies.fteid(.s5s8PGWGTPU, teid: teid, address: settings.s5uAddress) }

    /// Forgets a session: its address back to the pool, its TEIDs, its user-plane rule, its Gx
    /// session (CCR-T).
    mutating func removeSession(_ s5cTEID: UInt32) {
        guard let session = context.sessions.removeValue(forKey: s5cTEID) else { return }
        // A session still waiting for CCA-I was never established: nothing to terminate or remove.
        let established = session.heldAnswer == nil
        if established { terminatePolicy(session) }
        if let timer = session.policyTimer { actions.append(.stopTimer(timer)) }
        if let id = session.gxSessionID { context.sessionsByGxID[id] = nil }
        context.sessionsByAddress[session.ueAddress] = nil
        context.pools[session.apn.lowercased()]?.release(session.ueAddress)
        if let prefix = session.ueIPv6Prefix { context.ipv6Pools[session.apn.lowercased()]?.release(prefix) }
        releaseTEID(s5cTEID)
        for bearer in session.bearers.values { releaseTEID(bearer.s5uTEID) }
        guard established else { return }
        actions.append(.userPlane(.remove(ueAddress: session.ueAddress)))
        context.statistics.sessionsDeleted += 1
    }

    // MARK: receiving

    mutating func receive(_ bytes: ByteBuffer, from peer: IPEndpoint) {
        let message: GTPv2Message
        do {
            message = try GTPv2Message.decode(bytes)
        } catch {
            context.statistics.malformedMessages += 1
            log(.warning, "refused GTPv2-C from \(peer): \(error)")
            switch GTPCRefusal(error, peerTEID: { sgwTEID(forLocal: $0) }) {
            case .answer(let refusal): actions.append(.sendGTP(refusal, to: peer))
            case .failPending(let header, let cause): responseArrived(GTPv2Message(header: header), from: peer, failure: cause)
            case .drop: break
            }
            return
        }
        if let recovery = message[.recovery()] { noteRecovery(recovery, of: peer.address) }
        switch message.type {
        case .echoRequest:
            actions.append(.sendGTP(GTPCReplies.echoResponse(sequence: message.header.sequenceNumber,
                                                             recovery: recoveryCounter), to: peer))
        case .createSessionRequest, .modifyBearerRequest, .deleteSessionRequest:
            switch transactions.admit(message, from: peer) {
            case .new:
                switch message.type {
                case .createSessionRequest: createSessionRequest(message, from: peer)
                case .modifyBearerRequest: modifyBearerRequest(message, from: peer)
                default: deleteSessionRequest(message, from: peer)
                }
            case .answeredAgain(let effects):
                context.statistics.duplicateRequests += 1
                perform(effects)
            case .stillInProgress:
                context.statistics.duplicateRequests += 1
            }
        case .createBearerResponse, .updateBearerResponse, .deleteBearerResponse, .echoResponse:
            responseArrived(message, from: peer, failure: nil)
        default:
            if let refusal = GTPCReplies.rejection(message.type, teid: sgwTEID(forLocal: message.header.teid),
                                                   sequence: message.header.sequenceNumber,
                                                   cause: GTPv2Cause(.serviceNotSupported)) {
                actions.append(.sendGTP(refusal, to: peer))
            } else {
                log(.info, "unexpected \(message.type) from \(peer) ignored")
            }
        }
    }

    /// A response (or one that could not be read, with the cause it fails with).
    private mutating func responseArrived(_ message: GTPv2Message, from peer: IPEndpoint, failure: GTPv2Cause?) {
        guard let (pending, effects) = transactions.take(responseTo: message, from: peer) else {
            log(.info, "\(message.type) from \(peer) answers no pending request")
            return
        }
        perform(effects)
        switch pending.purpose {
        case .createBearer(let s5c, let rule, let teid, let chargingID):
            createBearerResponse(failure == nil ? message : nil, s5cTEID: s5c, rule: rule, s5uTEID: teid, chargingID: chargingID)
        case .deleteBearer(let s5c, let ebis):
            deleteBearerResponse(failure == nil ? message : nil, s5cTEID: s5c, ebis: ebis)
        case .updateBearer(let s5c, let ebi, let rule):
            updateBearerResponse(failure == nil ? message : nil, s5cTEID: s5c, ebi: ebi, rule: rule)
        case .echo:
            break
        }
    }

    /// The SGW's TEID for the session a local S5/S8-C TEID names; 0 when unknown.
    func sgwTEID(forLocal teid: UInt32?) -> UInt32 {
        teid.flatMap { context.sessions[$0]?.sgwControl.teid } ?? 0
    }

    mutating func reject(_ message: GTPv2Message, from peer: IPEndpoint, cause: GTPv2Cause) {
        guard let refusal = GTPCReplies.rejection(message.type, teid: sgwTEID(forLocal: message.header.teid),
                                                  sequence: message.header.sequenceNumber, cause: cause) else { return }
        log(.info, "\(message.type) from \(peer) refused with cause \(cause.value)")
        answer(refusal, to: peer)
    }

    mutating func timerExpired(_ timer: GatewayTimerID) {
        if timer.kind == .policyResponse {
            policyTimerExpired(timer)
            return
        }
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
            log(.warning, "\(pending.peer) did not answer \(pending.message.type)")
            switch pending.purpose {
            case .createBearer(let s5c, let rule, let teid, let chargingID):
                createBearerResponse(nil, s5cTEID: s5c, rule: rule, s5uTEID: teid, chargingID: chargingID)
            case .deleteBearer(let s5c, let ebis):
                deleteBearerResponse(nil, s5cTEID: s5c, ebis: ebis)
            case .updateBearer(let s5c, let ebi, let rule):
                updateBearerResponse(nil, s5cTEID: s5c, ebi: ebi, rule: rule)
            case .echo:
                context.statistics.pathFailures += 1
            }
        }
    }

    // MARK: peer restarts

    /// An SGW that restarted lost its sessions (TS 23.007 18): the PGW's go too.
    mutating func noteRecovery(_ counter: UInt8, of peer: IPAddress) {
        if context.peerRestarts.isFull(for: peer) { context.peerRestarts.evict(keeping: Set(peers.map(\.address))) }
        guard context.peerRestarts.note(counter, of: peer) else { return }
        context.statistics.peerRestarts += 1
        log(.warning, "SGW \(peer) restarted (restart counter now \(counter)): its sessions are released")
        let lost = context.sessions.values.filter { session in
            session.sgw.address == peer && session.sgwRecovery != nil && session.sgwRecovery != counter
        }.map(\.s5cTEID).sorted()
        for teid in lost { removeSession(teid) }
    }
}

extension PGW {
    /// The SGWs with a session here or a request of the PGW's pending: the peers whose path state
    /// is kept however many others send datagrams.
    public var peers: Set<IPEndpoint> {
        Set(context.sessions.values.map(\.sgw)).union(transactions.outgoing.values.map(\.peer))
    }

    /// Every SGW with a session here gets an Echo Request; the timer runs again while there are
    /// sessions (path supervision, TS 29.274 7.1.1).
    mutating func echoPeers() {
        let peers = Set(context.sessions.values.filter { $0.heldAnswer == nil }.map(\.sgw))
        for peer in peers.sorted(by: { $0.description < $1.description }) {
            request(GTPCReplies.echoRequest(sequence: teids.identifiers.nextSequence(), recovery: recoveryCounter),
                    to: peer, purpose: .echo)
        }
        if !context.sessions.isEmpty { perform(paths.arm(every: settings.timers.echoInterval)) }
    }
}
