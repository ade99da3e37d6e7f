import GatewayKit
import Logging
import NFKit
import SGWKit
import UserPlane
import Wire

/// Owns the `SGW` value: the only place it is changed. Sources post events to the inbox; the core
/// handles them one at a time and performs the actions they return (GTPv2-C sends, timers as
/// cancellable tasks, rule changes to the data path, logs). It never suspends while handling an
/// event, so no other event can interleave with one.
actor SGWCore {
    private var sgw: SGW
    private var metrics = SGWMetrics()
    private let inbox: Inbox<SGWInboxItem>
    private let transports: SGWTransports
    private let logger: Logger
    private var timers: InboxTimers<GatewayTimerID>
    /// The peers that spoke to the S11 socket (the MMEs: they always speak first). Everyone else
    /// is reached on S5/S8-C. Unused when both interfaces share one socket. Bounded: any address
    /// can send to S11, so when it is full the peers the SGW has no session or request with go.
    private var s11Peers = PeerTable<IPEndpoint, Void>()

    init(sgw: SGW, inbox: Inbox<SGWInboxItem>, transports: SGWTransports, logger: Logger) {
        self.sgw = sgw
        self.inbox = inbox
        timers = InboxTimers { inbox.post(.timerExpired($0)) }
        self.transports = transports
        self.logger = logger
    }

    /// Handles the inbox's events until it is finished, then disarms every timer.
    func run() async {
        for await item in inbox.events {
            handle(item.event, arrivedOn: item.interface)
        }
        timers.stopAll()
    }

    func handle(_ event: SGWEvent, arrivedOn interface: ControlInterface? = nil) {
        switch event {
        case .timerExpired(let timer):
            timers.expired(timer)
        case .gtp(_, let peer) where interface == .s11 && transports.s5c != nil:
            s11Peers.update((), for: peer, inUse: { sgw.peers })
        default:
            break
        }
        perform(sgw.handle(event))
    }

    func publishMetrics() {
        metrics.publish(sgw, forwarding: transports.dataPath.statistics)
    }

    private func perform(_ actions: [SGWAction]) {
        for action in actions {
            switch action {
            case .sendGTP(let message, let peer):
                socket(for: peer).send(message.encoded(), to: peer)
            case .startTimer(let timer, let delay):
                timers.start(timer, after: delay)
            case .stopTimer(let timer):
                timers.stop(timer)
            case .userPlane(let rule):
                apply(rule)
            case .log(let event):
                event.write(to: logger)
            case .sendPolicy:
                break  // The SGW has no policy interface (its type is Never).
            }
        }
    }

    private func socket(for peer: IPEndpoint) -> DatagramEndpoint {
        guard let s5c = transports.s5c, s11Peers[peer] == nil else { return transports.s11 }
        return s5c
    }

    private func apply(_ rule: SGWUserPlaneRule) {
        switch UserPlaneRules.change(for: rule) {
        case .success(let change):
            transports.dataPath.apply(change)
        case .failure(let unreachable):
            logger.warning("user-plane rule not applied", metadata: ["rule": "\(rule)", "reason": "\(unreachable)"])
        case nil:
            break
        }
    }
}

/// Where the core's sends and rule changes go.
struct SGWTransports: Sendable {
    /// S11, and S5/S8-C too when `s5c` is nil (both on one address and port).
    var s11: DatagramEndpoint
    var s5c: DatagramEndpoint?
    var dataPath: SGWDataPath
}
