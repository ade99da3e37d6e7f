import Diameter
import DiameterPeer
import Foundation
import GatewayKit
import Logging
import NFKit
import PGWKit
import ServiceLifecycle
import UserPlane

// The PGW: GTPv2-C over UDP on S5/S8-C (from the SGWs), the GTP-U user plane between S5/S8-U and
// the SGi TUN device, /metrics /healthz /readyz. The state machine is PGWKit's `PGW`, owned by
// `PGWCore`; the forwarding loops are UserPlane's `PGWDataPath`; everything here is wiring.
// Configuration: the path given as the first argument, else $VCORE_PGW_CONFIG, else
// /etc/vcore/pgw.yaml.
let path = NFRunner.configurationPath("pgw")
let configuration = NFRunner.configuration(PGWFileConfiguration.self, path: path)
let registry = NFRunner.bootstrap(name: "pgw", logLevel: configuration.level)
let logger = Logger(label: "vcore.pgw")

func fail(_ message: String) -> Never { NFRunner.fail("pgw", message) }

let pgw: PGW
do {
    pgw = PGW(settings: try configuration.pgw.resolved(), recoveryCounter: RecoveryCounter.next(path: configuration.recoveryCounterFile),
              identifiers: SequentialIdentifiers.randomStart())
} catch {
    fail("\(path): \(error)")
}
let inbox = Inbox<PGWEvent>(name: "pgw", logger: logger) { $0.isSheddable }
let health = HealthState()

let transports: PGWTransports
do {
    // GTPv2-C datagrams go to the inbox as they arrive; the PGW decodes them (and answers the malformed ones itself).
    let s5c = try await DatagramEndpoint(host: configuration.pgw.s5c.address, port: configuration.pgw.s5c.port ?? 2123,
                                         logger: Logger(label: "vcore.pgw.s5c")) { bytes, peer in
        inbox.post(.gtp(bytes, from: peer))
    }
    let s5u = try DatagramSocket(bind: try configuration.userPlaneEndpoint)
    let tun = try TunDevice(name: configuration.tunDevice)
    let sgi = try SGiInterface.setUp(device: tun.name, pools: pgw.settings.apns.values.map(\.pool), configuration: configuration)
    if let problem = sgi.unavailable {
        logger.warning("SGi packet ring unavailable: the TUN device takes all the downlink", metadata: ["reason": "\(problem)"])
    }
    if let problem = sgi.transmitUnavailable {
        logger.warning("SGi packet socket unavailable: the kernel forwards all the uplink", metadata: ["reason": "\(problem)"])
    }
    let userPlaneLogger = Logger(label: "vcore.pgw.userplane")
    let dataPath = PGWDataPath(s5u: s5u, tun: tun, ring: sgi.ring, transmit: sgi.transmit) { teid, peer in
        userPlaneLogger.notice("Error Indication received", metadata: ["teid": "\(teid)", "peer": "\(peer)"])
    }
    transports = PGWTransports(s5c: s5c, dataPath: dataPath)
    logger.info("PGW interfaces up", metadata: [
        "s5c": "\(s5c.localAddress.map { "\($0)" } ?? "?")", "s5u": "\(s5u.local)", "sgi": "\(tun.name)",
        "sgiRing": "\(sgi.ring?.interface ?? "off")", "sgiTransmit": "\(sgi.transmit?.interface ?? "off")",
    ])
} catch {
    fail("\(path): cannot start: \(error)")
}
let core = PGWCore(pgw: pgw, inbox: inbox, transports: transports, logger: logger)
// Gx only with a PCRF configured; without one, the APNs' local policy applies.
if let gx = pgw.settings.gx, let pcrf = configuration.pgw.gx?.pcrf {
    health.set("pcrf", notReadyBecause: "no open Diameter connection to \(pcrf) yet")
    let identity = DiameterNodeIdentity(originHost: gx.originHost, originRealm: gx.originRealm, vendorID: 0,
                                        productName: "VCore PGW", firmwareRevision: 1,
                                        originStateID: UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)),
                                        applications: [.gx])
    let node = DiameterNode(identity: identity, settings: DiameterPeerSettings(), handler: DelegatingRequestHandler(owner: "PGW", respond: { await core.respond(to: $0) }),
                            logger: Logger(label: "vcore.pgw.gx"))
    await core.attach(DiameterClientLink(node: node, host: pcrf, port: 3868, logger: Logger(label: "vcore.pgw.gx")) {
        inbox.post(.diameter($0))
    })
}

let services: [any Service] = [
    PGWService(core: core, inbox: inbox, transports: transports, configuration: configuration, health: health, logger: logger),
    ObservabilityServer(host: configuration.observability?.bind ?? "0.0.0.0", port: configuration.observabilityPort,
                        registry: registry, health: health),
]
// Ready once the socket is bound and the TUN device is up, which they are by now (and the PCRF link is open, when configured).
health.started()
logger.info("pgw starting", metadata: ["config": "\(path)", "recovery": "\(pgw.recoveryCounter)"])
do {
    try await NFRunner.run(services, logger: logger)
} catch {
    fail("\(error)")
}
