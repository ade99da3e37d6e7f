import DiameterPeer
import Logging
import NFKit
import NIOCore
import ServiceLifecycle

/// S6a on TCP: listens until SIGTERM, then says goodbye to every peer with DPR (REBOOTING) so
/// that MMEs fail over at once instead of waiting for their watchdog.
struct DiameterService: Service {
    let node: DiameterNode
    let host: String
    let port: Int
    let health: HealthState

    func run() async throws {
        health.set("diameter", notReadyBecause: "S6a listener not bound yet")
        try await node.listen(host: host, port: port)
        health.set("diameter", notReadyBecause: nil)
        try? await gracefulShutdown()
        health.set("diameter", notReadyBecause: "shutting down")
        await node.shutdown(cause: .rebooting)
    }
}
