import DiameterPeer
import Diameter
import Logging
import MMEKit
import NFKit
import Wire

/// Owns the `MME` value: the only place it is changed. Transports post events to the inbox; the
/// core handles them one at a time and performs the actions they return (sends through the
/// transports, timers as cancellable tasks, logs). It never suspends while handling an event, so
/// no other event can interleave with one.
actor MMECore {
    private var mme: MME
    private var metrics = MMEMetrics()
    private let inbox: Inbox<MMEEvent>
    private let logger: Logger
    private var timers: InboxTimers<MMETimerID>
    private var transports: MMETransports?

    init(mme: MME, inbox: Inbox<MMEEvent>, logger: Logger) {
        self.mme = mme
        self.inbox = inbox
        timers = InboxTimers { inbox.post(.timerExpired($0)) }
        self.logger = logger
    }

    func connect(_ transports: MMETransports) {
        self.transports = transports
    }

    /// Handles the inbox's events until it is finished, then disarms every timer.
    func run() async {
        for await event in inbox.events {
            handle(event)
        }
        timers.stopAll()
    }

    func handle(_ event: MMEEvent) {
        if case .timerExpired(let timer) = event { timers.expired(timer) }
        perform(mme.handle(event))
    }

    /// A request the HSS sent (Cancel Location, Insert Subscriber Data, ...): the MME's answer to
    /// it, matched by hop-by-hop identifier; nil when the MME had none (the peer layer then
    /// answers UNABLE_TO_COMPLY).
    func answer(_ request: DiameterMessage) -> DiameterMessage? {
        var answer: DiameterMessage?
        let actions = mme.handle(.diameter(request)).filter { action in
            if case .sendDiameter(let message) = action, !message.isRequest, message.header.hopByHop == request.header.hopByHop {
                answer = message
                return false
            }
            return true
        }
        perform(actions)
        return answer
    }

    func publishMetrics() {
        metrics.publish(mme)
    }

    private func perform(_ actions: [MMEAction]) {
        for action in actions {
            switch action {
            case .sendS1AP(let association, let stream, let message):
                transports?.s1ap.send(message.encoded(), to: association, stream: stream)
            case .sendDiameter(let message):
                transports?.s6a.send(message)
            case .sendGTP(let message, let peer):
                transports?.s11.send(message.encoded(), to: IPEndpoint(peer.address, peer.port))
            case .startTimer(let timer, let delay):
                timers.start(timer, after: delay)
            case .stopTimer(let timer):
                timers.stop(timer)
            case .closeAssociation(let association):
                transports?.s1ap.close(association)
            case .log(let event):
                event.write(to: logger)
            }
        }
    }
}

/// Where the core's sends go: one transport per interface.
struct MMETransports: Sendable {
    var s1ap: S1APServer
    var s6a: DiameterClientLink
    var s11: DatagramEndpoint
}
