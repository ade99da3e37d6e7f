import DiameterPeer
import GatewayKit
import Diameter
import Logging
import NFKit
import PGWKit
import UserPlane
import Wire

/// Owns the `PGW` value: the only place it is changed. Sources post events to the inbox; the core
/// handles them one at a time and performs the actions they return (GTPv2-C sends, timers as
/// cancellable tasks, rule changes to the data path, logs). It never suspends while handling an
/// event, so no other event can interleave with one.
actor PGWCore {
    private var pgw: PGW
    private var metrics = PGWMetrics()
    private let inbox: Inbox<PGWEvent>
    private let transports: PGWTransports
    private let logger: Logger
    private var timers: InboxTimers<GatewayTimerID>
    /// Actions PGWKit ordered after an answer to the PCRF, held until that answer is written;
    /// oldest first, and all of them before any later event's, so PGWKit's order holds.
    private var heldActions: [(id: UInt64, actions: [PGWAction])] = []
    private var heldCount: UInt64 = 0
    /// The PCRF link when `gx` is configured (set once, before the first event).
    private(set) var gx: DiameterClientLink?

    init(pgw: PGW, inbox: Inbox<PGWEvent>, transports: PGWTransports, logger: Logger) {
        self.pgw = pgw
        self.inbox = inbox
        timers = InboxTimers { inbox.post(.timerExpired($0)) }
        self.transports = transports
        self.logger = logger
    }

    /// Handles the inbox's events until it is finished, then disarms every timer.
    func run() async {
        for await event in inbox.events {
            handle(event)
        }
        timers.stopAll()
    }

    func attach(_ gx: DiameterClientLink) {
        self.gx = gx
    }

    /// Handles a request from the PCRF: the PGW's answer to it, the actions PGWKit ordered before
    /// the answer performed now, and those after it (a RAR's Delete or Create Bearer Request)
    /// once the answer is written, so the answer leaves first.
    func respond(to request: DiameterMessage) -> DiameterResponse? {
        performHeldActions()
        let actions = pgw.handle(.diameter(request))
        guard let index = actions.firstIndex(where: { action in
            guard case .sendPolicy(let message) = action else { return false }
            return !message.isRequest && message.header.hopByHop == request.header.hopByHop
        }), case .sendPolicy(let answer) = actions[index] else {
            perform(actions)
            return nil
        }
        perform(Array(actions[..<index]))
        let following = Array(actions[(index + 1)...])
        guard !following.isEmpty else { return DiameterResponse(answer) }
        heldCount += 1
        let id = heldCount
        heldActions.append((id, following))
        return DiameterResponse(answer) { Task { await self.performHeldActions(through: id) } }
    }

    func handle(_ event: PGWEvent) {
        performHeldActions()
        if case .timerExpired(let timer) = event { timers.expired(timer) }
        perform(pgw.handle(event))
    }

    /// Performs the held actions up to those of `id`, oldest first.
    private func performHeldActions(through id: UInt64 = .max) {
        while let first = heldActions.first, first.id <= id {
            heldActions.removeFirst()
            perform(first.actions)
        }
    }

    func publishMetrics() {
        metrics.publish(pgw, forwarding: transports.dataPath.statistics)
    }

    private func perform(_ actions: [PGWAction]) {
        for action in actions {
            switch action {
            case .sendGTP(let message, let peer):
                transports.s5c.send(message.encoded(), to: peer)
            case .startTimer(let timer, let delay):
                timers.start(timer, after: delay)
            case .stopTimer(let timer):
                timers.stop(timer)
            case .userPlane(let rule):
                apply(rule)
            case .log(let event):
                event.write(to: logger)
            case .sendPolicy(let message):
                // Without a PCRF, PGWKit applies local policy and sends nothing on Gx.
                if let gx { gx.send(message) } else { logger.error("Gx message dropped: no PCRF configured", metadata: ["command": "\(message.name)"]) }
            }
        }
    }

    private func apply(_ rule: PGWUserPlaneRule) {
        switch UserPlaneRules.change(for: rule) {
        case .success(let change):
            transports.dataPath.apply(change)
        case .failure(let unreachable):
            logger.warning("user-plane rule not applied", metadata: ["rule": "\(rule)", "reason": "\(unreachable)"])
        }
    }
}

/// Where the core's sends and rule changes go.
struct PGWTransports: Sendable {
    var s5c: DatagramEndpoint
    var dataPath: PGWDataPath
}
