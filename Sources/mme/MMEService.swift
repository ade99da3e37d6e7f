import Logging
import MMEKit
import NFKit
import SCTP
import ServiceLifecycle
import Wire

/// The MME's transports and loops as one service: the core's event loop, the S1AP listener,
/// SGW/PGW discovery, readiness and metrics. On SIGTERM it stops taking eNBs, shuts their
/// associations down, says goodbye to the HSS (DPR) and lets the core finish what is queued.
struct MMEService: Service {
    let core: MMECore
    let inbox: Inbox<MMEEvent>
    let transports: MMETransports
    let sctp: SCTPTransport
    let configuration: MMEFileConfiguration
    let health: HealthState
    let logger: Logger

    func run() async throws {
        await NFRunner.runLoops("mme", [core.run, transports.s1ap.run, discoverPeers, watchReadiness], health: health, logger: logger) {
            await transports.s1ap.shutdown()
            await transports.s6a.shutdown()
            await transports.s11.close()
            inbox.finish()
        }
        logger.info("mme stopped")
    }

    /// Resolves the SGW and PGW names now and then; the ready replicas become events. A name with
    /// no address means no ready replica; a failed lookup changes nothing. The MME is not ready
    /// while it knows no SGW or no PGW (it could only reject attaches), and looks again every half
    /// second until it knows both: the whole core starts at once, and the gateways' pods become
    /// ready after the MME's first lookup.
    private func discoverPeers() async {
        let sgwPort = UInt16(configuration.sgwPort)
        var sgws: [GTPPeer]?
        var pgws: [IPAddress]?
        while !Task.isCancelled {
            await refresh("SGW", name: configuration.mme.sgw.name, known: &sgws, { $0.map { GTPPeer(address: $0, port: sgwPort) } },
                          MMEEvent.sgwCandidates)
            await refresh("PGW", name: configuration.mme.pgw.name, known: &pgws, { $0 }, MMEEvent.pgwCandidates)
            let missing = [("sgw", configuration.mme.sgw.name, sgws?.isEmpty ?? true), ("pgw", configuration.mme.pgw.name, pgws?.isEmpty ?? true)]
            for (kind, name, none) in missing {
                health.set(kind, notReadyBecause: none ? "no ready \(kind.uppercased()) behind \(name)" : nil)
            }
            let waiting = missing.contains { $0.2 }
            try? await Task.sleep(for: waiting ? min(.milliseconds(500), configuration.refreshInterval) : configuration.refreshInterval)
        }
    }

    private func refresh<Peer: Equatable & CustomStringConvertible>(
        _ kind: String, name: String, known: inout [Peer]?, _ peers: ([IPAddress]) -> [Peer], _ event: ([Peer]) -> MMEEvent
    ) async {
        guard let addresses = await PeerResolver.addresses(of: name) else {
            logger.warning("cannot resolve the \(kind) name; keeping the replicas known", metadata: [kind.lowercased(): "\(name)"])
            return
        }
        let found = peers(addresses)
        guard found != known else { return }
        logger.info("\(kind) replicas", metadata: [kind.lowercased(): "\(found.map(\.description))"])
        inbox.post(event(found))
        known = found
    }

    /// Ready while the HSS peer is OPEN (the S1AP listener is bound before the service starts);
    /// publishes the MME's and the SCTP metrics on the same beat.
    private func watchReadiness() async {
        var sctpMetrics = SCTPMetricsExporter(transport: sctp)
        while !Task.isCancelled {
            health.set("hss", notReadyBecause: transports.s6a.isOpen ? nil : "no open Diameter connection to \(configuration.mme.s6a.hss)")
            await core.publishMetrics()
            sctpMetrics.publish()
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
