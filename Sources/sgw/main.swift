import GatewayKit
import Logging
import NFKit
import SGWKit
import ServiceLifecycle
import UserPlane

// The SGW: GTPv2-C over UDP on S11 (from the MMEs) and S5/S8-C (to the PGWs), the GTP-U user
// plane between S1-U and S5/S8-U, /metrics /healthz /readyz. The state machine is SGWKit's `SGW`,
// owned by `SGWCore`; the forwarding loops are UserPlane's `SGWDataPath`; everything here is
// wiring. Configuration: the path given as the first argument, else $VCORE_SGW_CONFIG, else
// /etc/vcore/sgw.yaml.
let path = NFRunner.configurationPath("sgw")
let configuration = NFRunner.configuration(SGWFileConfiguration.self, path: path)
let registry = NFRunner.bootstrap(name: "sgw", logLevel: configuration.level)
let logger = Logger(label: "vcore.sgw")

func fail(_ message: String) -> Never { NFRunner.fail("sgw", message) }

let sgw: SGW
do {
    sgw = SGW(settings: try configuration.sgw.resolved(), recoveryCounter: RecoveryCounter.next(path: configuration.recoveryCounterFile),
              identifiers: SequentialIdentifiers.randomStart())
} catch {
    fail("\(path): \(error)")
}
let inbox = Inbox<SGWInboxItem>(name: "sgw", logger: logger) { $0.event.isSheddable }
let health = HealthState()

let transports: SGWTransports
do {
    // GTPv2-C datagrams go to the inbox as they arrive; the SGW decodes them (and answers the malformed ones itself).
    let s11 = try await DatagramEndpoint(host: configuration.sgw.s11.address, port: Int(sgw.settings.s11Port),
                                         logger: Logger(label: "vcore.sgw.s11")) { bytes, peer in
        inbox.post(.gtp(bytes, from: peer), arrivedOn: .s11)
    }
    // One socket serves both interfaces when they share an address and port.
    let s5cPort = configuration.sgw.s5c.port ?? 2123
    let s5c = sgw.settings.s5cAddress == sgw.settings.s11Address && s5cPort == Int(sgw.settings.s11Port) ? nil
        : try await DatagramEndpoint(host: configuration.sgw.s5c.address, port: s5cPort, logger: Logger(label: "vcore.sgw.s5c")) { bytes, peer in
            inbox.post(.gtp(bytes, from: peer), arrivedOn: .s5c)
        }
    let s1u = try DatagramSocket(bind: try configuration.userPlaneEndpoint(configuration.sgw.s1u, "s1u"))
    let s5u = try DatagramSocket(bind: try configuration.userPlaneEndpoint(configuration.sgw.s5u, "s5u"))
    let userPlaneLogger = Logger(label: "vcore.sgw.userplane")
    let events = SGWDataPath.Events(
        downlinkDataForIdleBearer: { teid in inbox.post(.downlinkDataArrived(s5uTEID: teid)) },
        errorIndication: { interface, teid, peer in
            userPlaneLogger.notice("Error Indication received", metadata: ["interface": "\(interface)", "teid": "\(teid)", "peer": "\(peer)"])
        })
    let dataPath = SGWDataPath(s1u: s1u, s5u: s5u, bufferLimit: configuration.bufferLimit, events: events)
    transports = SGWTransports(s11: s11, s5c: s5c, dataPath: dataPath)
    logger.info("GTP sockets bound", metadata: [
        "s11": "\(s11.localAddress.map { "\($0)" } ?? "?")", "s5c": "\(s5c?.localAddress.map { "\($0)" } ?? "shared with s11")",
        "s1u": "\(s1u.local)", "s5u": "\(s5u.local)",
    ])
} catch {
    fail("\(path): cannot start: \(error)")
}
let core = SGWCore(sgw: sgw, inbox: inbox, transports: transports, logger: logger)

let services: [any Service] = [
    SGWService(core: core, inbox: inbox, transports: transports, configuration: configuration, health: health, logger: logger),
    ObservabilityServer(host: configuration.observability?.bind ?? "0.0.0.0", port: configuration.observabilityPort,
                        registry: registry, health: health),
]
// Ready once every socket is bound, which they are by now.
health.started()
logger.info("sgw starting", metadata: ["config": "\(path)", "recovery": "\(sgw.recoveryCounter)"])
do {
    try await NFRunner.run(services, logger: logger)
} catch {
    fail("\(error)")
}
