import Logging
import NIOCore
import Synchronization

/// Accepts associations while the application keeps up: at most `acceptBacklog` wait for it,
/// further ones stay in the stack's own backlog until it takes some.
final class ListenerCore: SocketEventTarget {
    let driver: any ListeningDriver
    let configuration: SCTPConfiguration
    let metrics: SCTPMetrics
    let logger: Logger
    let queue: AsyncBoundedQueue<SCTPAssociation>
    private let acceptor = DrainGuard()

    init(driver: any ListeningDriver, configuration: SCTPConfiguration, metrics: SCTPMetrics, logger: Logger) {
        self.driver = driver
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let link = ListenerLink()
        self.queue = AsyncBoundedQueue(limit: configuration.acceptBacklog, onRoom: { link.resume() })
        link.set(self)
    }

    func start() {
        driver.activate(target: self)
        acceptMore()
    }

    func socketEvents(readable: Bool, writable: Bool) {
        if readable { acceptMore() }
    }

    func acceptMore() {
        acceptor.run { drainAccepts() }
    }

    private func drainAccepts() {
        while true {
            guard queue.producerMayContinue() else {
                driver.setReadInterest(false)
                return
            }
            switch driver.accept() {
            case .wouldBlock:
                driver.setReadInterest(true)
                return
            case .closed:
                return
            case .failed(let code):
                // EMFILE and friends: try again on the next event rather than spin.
                logger.warning("SCTP accept failed", metadata: ["sctp.error": "\(errnoDescription(code))"])
                driver.setReadInterest(true)
                return
            case .accepted(let socket):
                let remote = socket.remoteAddresses()
                let core = AssociationCore(driver: socket, configuration: configuration, metrics: metrics,
                                           logger: logger, peer: remote.first?.endpoint ?? "?", accepted: true)
                let association = SCTPAssociation(core: core, session: core.currentSession, remoteAddresses: remote,
                                                  localAddresses: socket.localAddresses())
                core.setRestartHandler { [weak self, weak core] session in
                    guard let self, let core else { return }
                    self.yieldRestarted(core: core, session: session)
                }
                SCTPMetrics.increment(metrics.associationsAccepted)
                core.logger.info("SCTP association accepted", metadata: ["sctp.association": "\(association.id)"])
                queue.offer(association, cost: 1)
                core.start()
            }
        }
    }

    /// A peer restart ends the old association object and yields the same socket as a new one.
    private func yieldRestarted(core: AssociationCore, session: InboundSession) {
        let association = SCTPAssociation(core: core, session: session, remoteAddresses: core.driver.remoteAddresses(),
                                          localAddresses: core.driver.localAddresses())
        queue.offer(association, cost: 1)
    }

    func close() {
        driver.close()
        queue.finish()
    }
}

/// Lets the accept queue (created first) restart accepting without keeping the listener alive.
final class ListenerLink: Sendable {
    private struct Weak { weak var listener: ListenerCore? }
    private let target = Mutex(Weak())

    func set(_ listener: ListenerCore) { target.withLock { $0.listener = listener } }
    func resume() { target.withLock { $0.listener }?.acceptMore() }
}
