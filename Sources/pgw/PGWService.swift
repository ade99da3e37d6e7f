import DiameterPeer
import Logging
import NFKit
import PGWKit
import ServiceLifecycle
import UserPlane

/// The PGW's loops as one service: the core's event loop and metrics. On SIGTERM it stops being
/// ready, closes the GTPv2-C socket, stops the forwarding threads, lets the core finish what is
/// queued, closes the PCRF link, removes the SGi packet ring's ingress rules and deletes the SGi
/// TUN device.
struct PGWService: Service {
    let core: PGWCore
    let inbox: Inbox<PGWEvent>
    let transports: PGWTransports
    let configuration: PGWFileConfiguration
    let health: HealthState
    let logger: Logger

    func run() async throws {
        await NFRunner.runLoops("pgw", [core.run, publishMetrics], health: health, logger: logger) {
            await transports.s5c.close()
            await core.gx?.shutdown()
            transports.dataPath.stop()
            inbox.finish()
        }
        if configuration.sgiRingInterface != nil {
            // Nobody takes from the ring any more: let the kernel have those packets again.
            do {
                try SGiRing.removeDropRules()
            } catch {
                logger.warning("SGi ingress rules not removed", metadata: ["reason": "\(error)"])
            }
        }
        do {
            try NetworkInterface.delete(configuration.tunDevice)
        } catch {
            logger.warning("SGi device not deleted", metadata: ["reason": "\(error)"])
        }
        logger.info("pgw stopped")
    }

    /// Publishes the metrics, and keeps readiness to the PCRF link when Gx is configured.
    private func publishMetrics() async {
        while !Task.isCancelled {
            if let gx = await core.gx {
                health.set("pcrf", notReadyBecause: gx.isOpen ? nil : "no open Diameter connection to \(gx.host)")
            }
            await core.publishMetrics()
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
