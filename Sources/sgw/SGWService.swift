import Logging
import NFKit
import SGWKit
import ServiceLifecycle
import Wire

/// The SGW's loops as one service: the core's event loop, PGW discovery, and metrics. On SIGTERM
/// it stops being ready, closes the GTPv2-C sockets, stops the forwarding threads and lets the
/// core finish what is queued.
struct SGWService: Service {
    let core: SGWCore
    let inbox: Inbox<SGWInboxItem>
    let transports: SGWTransports
    let configuration: SGWFileConfiguration
    let health: HealthState
    let logger: Logger

    func run() async throws {
        await NFRunner.runLoops("sgw", [core.run, discoverPGWs, publishMetrics], health: health, logger: logger) {
            await transports.s11.close()
            await transports.s5c?.close()
            transports.dataPath.stop()
            inbox.finish()
        }
        logger.info("sgw stopped")
    }

    /// Resolves the PGW names now and then (the default one, and each APN's); the ready replicas
    /// become `.pgwCandidates` events. A name with no address means no ready replica; a failed
    /// lookup changes nothing.
    private func discoverPGWs() async {
        let names: [(apn: String?, name: String)] = [(nil, configuration.sgw.pgw.name)]
            + (configuration.sgw.pgw.apns ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var known: [String?: [IPAddress]] = [:]
        while !Task.isCancelled {
            for (apn, name) in names {
                guard let addresses = await PeerResolver.addresses(of: name) else {
                    logger.warning("cannot resolve the PGW name; keeping the replicas known", metadata: ["pgw": "\(name)"])
                    continue
                }
                guard known[apn] != addresses else { continue }
                logger.info("PGW replicas", metadata: ["apn": "\(apn ?? "*")", "pgw": "\(addresses.map(\.description))"])
                inbox.post(.pgwCandidates(apn: apn, addresses))
                known[apn] = addresses
            }
            try? await Task.sleep(for: configuration.refreshInterval)
        }
    }

    private func publishMetrics() async {
        while !Task.isCancelled {
            await core.publishMetrics()
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
