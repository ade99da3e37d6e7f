import DiameterPeer
import DiameterSCTP
import Foundation
import Logging
import MMEKit
import NFKit
import NIOCore
import SCTP
import ServiceLifecycle
import Wire

// The MME: S1AP over SCTP towards eNBs, S6a over Diameter (TCP or SCTP) to the HSS, S11 over GTPv2-C/UDP
// to the SGW replicas, /metrics /healthz /readyz. The state machine is MMEKit's `MME`, owned by
// `MMECore`; everything here is transport. Configuration: the path given as the first argument,
// else $VCORE_MME_CONFIG, else /etc/vcore/mme.yaml.
let path = NFRunner.configurationPath("mme")
let configuration = NFRunner.configuration(MMEFileConfiguration.self, path: path)
let registry = NFRunner.bootstrap(name: "mme", logLevel: configuration.level)
let logger = Logger(label: "vcore.mme")

func fail(_ message: String) -> Never { NFRunner.fail("mme", message) }

let mme: MME
do {
    mme = try MME(configuration: configuration.mme, recoveryCounter: RecoveryCounter.next(path: configuration.recoveryCounterFile),
                  instanceSeed: UInt32.random(in: 0...UInt32.max))
} catch {
    fail("\(path): \(error)")
}
let inbox = Inbox<MMEEvent>(name: "mme", logger: logger) { $0.isSheddable }
let core = MMECore(mme: mme, inbox: inbox, logger: logger)
let health = HealthState()
health.set("hss", notReadyBecause: "no open Diameter connection to \(configuration.mme.s6a.hss) yet")
health.set("sgw", notReadyBecause: "no SGW resolved from \(configuration.mme.sgw.name) yet")
health.set("pgw", notReadyBecause: "no PGW resolved from \(configuration.mme.pgw.name) yet")

let transports: MMETransports
let sctp: SCTPTransport
do {
    sctp = try SCTPTransport(configuration: try configuration.sctpConfiguration(), logger: Logger(label: "vcore.mme.sctp"))
    let addresses = try configuration.mme.s1ap.bind.map { try SocketAddress(ipAddress: $0, port: configuration.s1apPort) }
    let s1ap = try S1APServer(transport: sctp, addresses: addresses, inbox: inbox, logger: Logger(label: "vcore.mme.s1ap"))
    logger.info("S1AP listening", metadata: ["backend": "\(sctp.selection)", "addresses": "\(s1ap.localAddresses)"])
    // S11: GTPv2-C over UDP to the SGW replicas; the MME decodes (and answers the malformed ones itself).
    let s11 = try await DatagramEndpoint(host: configuration.mme.s11.address, port: configuration.s11Port,
                                         logger: Logger(label: "vcore.mme.s11")) { bytes, peer in
        inbox.post(.gtp(bytes, from: GTPPeer(address: peer.address, port: peer.port)))
    }
    let settings = mme.settings
    let identity = DiameterNodeIdentity(originHost: settings.originHost, originRealm: settings.originRealm, vendorID: 0,
                                        productName: "VCore MME", firmwareRevision: 1,
                                        originStateID: UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)),
                                        applications: [.s6a])
    let node = DiameterNode(identity: identity, settings: DiameterPeerSettings(), handler: DelegatingRequestHandler(owner: "MME") { await core.answer($0) },
                            logger: Logger(label: "vcore.mme.s6a"))
    // S6a over TCP, or over SCTP on the stack S1-MME uses (usrsctp is one stack per process).
    let hss = configuration.mme.s6a.hss
    let link = configuration.s6aOverSCTP ? node.link(sctp: sctp, host: hss, port: configuration.s6aPort)
                                         : node.link(host: hss, port: configuration.s6aPort)
    let s6a = DiameterClientLink(node: node, link: link, logger: Logger(label: "vcore.mme.s6a")) {
        inbox.post(.diameter($0))
    }
    transports = MMETransports(s1ap: s1ap, s6a: s6a, s11: s11)
} catch {
    fail("\(path): cannot start: \(error)")
}
await core.connect(transports)

let services: [any Service] = [
    MMEService(core: core, inbox: inbox, transports: transports, sctp: sctp, configuration: configuration, health: health, logger: logger),
    ObservabilityServer(host: configuration.observability?.bind ?? "0.0.0.0", port: configuration.observabilityPort,
                        registry: registry, health: health),
]
health.started()
logger.info("mme starting", metadata: ["name": "\(configuration.mme.name)", "config": "\(path)"])
do {
    try await NFRunner.run(services, logger: logger)
} catch {
    fail("\(error)")
}
