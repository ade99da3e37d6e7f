import DiameterPeer
import DiameterSCTP
import Logging
import NFKit
import NIOCore
import SCTP
import ServiceLifecycle

/// S6a on TCP, SCTP or both (`diameter.transports`): listens until SIGTERM, then says goodbye to
/// every peer with DPR (REBOOTING) so that MMEs fail over at once instead of waiting for their
/// watchdog.
struct DiameterService: Service {
    let node: DiameterNode
    let host: String
    let port: Int
    let transports: [DiameterTransport]
    /// The SCTP stack, when `transports` has sctp.
    let sctp: SCTPTransport?
    let health: HealthState

    func run() async throws {
        health.set("diameter", notReadyBecause: "S6a listener not bound yet")
        for transport in transports {
            switch transport {
            case .tcp:
                try await node.listen(host: host, port: port)
            case .sctp:
                guard let sctp else { continue }
                try node.listen(sctp: sctp, on: [try SocketAddress(ipAddress: host, port: port)])
            }
        }
        health.set("diameter", notReadyBecause: nil)
        try? await gracefulShutdown()
        health.set("diameter", notReadyBecause: "shutting down")
        await node.shutdown(cause: .rebooting)
    }
}
