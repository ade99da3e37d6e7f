import GTPv2C
import Wire

/// How long to wait for an answer and how often to ask (TS 29.274 7.6: T3-RESPONSE, N3-REQUESTS).
public struct GTPCTimers: Sendable, Hashable {
    public var t3Response: Duration
    public var n3Requests: Int
    /// How often the peers with sessions get an Echo Request (TS 29.274 7.1.1: not more often
    /// than every 60 s).
    public var echoInterval: Duration

    public init(t3Response: Duration = .seconds(3), n3Requests: Int = 3, echoInterval: Duration = .seconds(60)) {
        self.t3Response = t3Response
        self.n3Requests = n3Requests
        self.echoInterval = echoInterval
    }

    /// How long a peer may keep retransmitting one request: its answer is kept that long.
    public var answerLifetime: Duration { t3Response * (n3Requests + 1) }
}

/// The GTPv2-C transaction layer of TS 29.274 7.6, shared by the SGW and the PGW.
///
/// Outgoing requests are kept with their purpose until answered, and sent again with the same
/// sequence number when T3-RESPONSE expires, at most N3-REQUESTS times. Incoming requests are
/// remembered by peer and sequence number: a retransmission of one still being worked on is
/// dropped, one already answered gets the same answer again, and neither is acted on twice.
public struct GTPCTransactions<Purpose: Sendable>: Sendable {
    public struct Outgoing: Sendable {
        public var message: GTPv2Message
        public var peer: IPEndpoint
        public var purpose: Purpose
        public var transmissions = 1
        var timer: GatewayTimerID
    }

    struct IncomingKey: Hashable, Sendable {
        var peer: IPEndpoint
        var sequence: UInt32
    }

    enum Incoming: Sendable {
        case inProgress
        case answered(GTPv2Message, cacheEntry: UInt32)
    }

    /// What a received request is to the transaction layer.
    public enum Admission: Sendable {
        /// Seen for the first time: handle it.
        case new
        /// A retransmission of a request already answered: send these effects (the answer again).
        case answeredAgain([GTPCEffect])
        /// A retransmission of a request still being worked on: drop it.
        case stillInProgress
    }

    /// What an expired timer meant.
    public enum Expiry: Sendable {
        case retransmit([GTPCEffect])
        /// No answer after N3 transmissions: the request failed.
        case gaveUp(Outgoing)
        /// Nothing (a stale expiry, or a cached answer forgotten).
        case nothing
    }

    public let timers: GTPCTimers
    public private(set) var outgoing: [UInt32: Outgoing] = [:]
    var incoming: [IncomingKey: Incoming] = [:]
    var cacheEntries: [UInt32: IncomingKey] = [:]
    private var generation: UInt32 = 0
    private var nextCacheEntry: UInt32 = 0

    public init(timers: GTPCTimers) { self.timers = timers }

    /// Requests from peers that are remembered (being handled or answered).
    public var rememberedRequests: Int { incoming.count }

    private mutating func timer(_ kind: GatewayTimerID.Kind, owner: UInt32) -> GatewayTimerID {
        generation &+= 1
        return GatewayTimerID(kind: kind, owner: owner, generation: generation)
    }

    // MARK: outgoing requests

    /// Sends a request and arms its T3-RESPONSE; the header's sequence number identifies it.
    public mutating func request(_ message: GTPv2Message, to peer: IPEndpoint, purpose: Purpose) -> [GTPCEffect] {
        let sequence = message.header.sequenceNumber
        let timer = timer(.response, owner: sequence)
        if let replaced = outgoing.updateValue(Outgoing(message: message, peer: peer, purpose: purpose, timer: timer),
                                               forKey: sequence) {
            return [.stopTimer(replaced.timer), .send(message, to: peer), .startTimer(timer, after: timers.t3Response)]
        }
        return [.send(message, to: peer), .startTimer(timer, after: timers.t3Response)]
    }

    /// The request a response answers (same sequence number, from the peer it went to), taken
    /// out of the table; nil when it answers nothing pending.
    public mutating func take(responseTo message: GTPv2Message, from peer: IPEndpoint) -> (Outgoing, [GTPCEffect])? {
        let sequence = message.header.sequenceNumber
        guard let pending = outgoing[sequence], pending.peer.address == peer.address else { return nil }
        outgoing[sequence] = nil
        return (pending, [.stopTimer(pending.timer)])
    }

    /// Forgets every pending request for which `drop` is true (their peer is gone), stopping timers.
    public mutating func cancel(where drop: (Outgoing) -> Bool) -> [GTPCEffect] {
        var effects = [GTPCEffect]()
        for (sequence, pending) in outgoing where drop(pending) {
            outgoing[sequence] = nil
            effects.append(.stopTimer(pending.timer))
        }
        return effects
    }

    public mutating func expired(_ timer: GatewayTimerID) -> Expiry {
        switch timer.kind {
        case .response:
            guard var pending = outgoing[timer.owner], pending.timer == timer else { return .nothing }
            guard pending.transmissions <= timers.n3Requests else {
                outgoing[timer.owner] = nil
                return .gaveUp(pending)
            }
            pending.transmissions += 1
            pending.timer = self.timer(.response, owner: timer.owner)
            outgoing[timer.owner] = pending
            return .retransmit([.send(pending.message, to: pending.peer), .startTimer(pending.timer, after: timers.t3Response)])
        case .policyResponse, .echo:
            return .nothing
        case .answerCache:
            guard let key = cacheEntries.removeValue(forKey: timer.owner) else { return .nothing }
            if case .answered(_, let entry)? = incoming[key], entry == timer.owner { incoming[key] = nil }
            return .nothing
        }
    }

    // MARK: incoming requests

    /// Decides what to do with a request from a peer, and remembers a new one as in progress.
    public mutating func admit(_ request: GTPv2Message, from peer: IPEndpoint) -> Admission {
        let key = IncomingKey(peer: peer, sequence: request.header.sequenceNumber)
        switch incoming[key] {
        case .inProgress?:
            return .stillInProgress
        case .answered(let answer, _)?:
            return .answeredAgain([.send(answer, to: peer)])
        case nil:
            incoming[key] = .inProgress
            return .new
        }
    }

    /// Sends the answer to a request admitted before (its sequence number is the request's) and
    /// keeps it for retransmissions of the request.
    public mutating func answer(_ response: GTPv2Message, to peer: IPEndpoint) -> [GTPCEffect] {
        let key = IncomingKey(peer: peer, sequence: response.header.sequenceNumber)
        nextCacheEntry &+= 1
        let entry = nextCacheEntry
        let timer = timer(.answerCache, owner: entry)
        incoming[key] = .answered(response, cacheEntry: entry)
        cacheEntries[entry] = key
        return [.send(response, to: peer), .startTimer(timer, after: timers.answerLifetime)]
    }
}
