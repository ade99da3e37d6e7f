import DiameterPeer
import Foundation
import HSSKit
import Logging
import NFKit
import NIOCore
import SCTP
import ServiceLifecycle

// The HSS: S6a over Diameter (TCP, SCTP or both), the provisioning API over HTTP, /metrics /healthz /readyz.
// Configuration: the path given as the first argument, else $VCORE_HSS_CONFIG, else /etc/vcore/hss.yaml.
let path = NFRunner.configurationPath("hss")
let configuration = NFRunner.configuration(HSSConfiguration.self, path: path)
let registry = NFRunner.bootstrap(name: "hss", logLevel: configuration.level)
let logger = Logger(label: "vcore.hss")

func fail(_ message: String) -> Never { NFRunner.fail("hss", message) }

let store: SubscriberStore
do {
    let folder = URL(fileURLWithPath: configuration.store.path).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    store = try SubscriberStore(path: configuration.store.path,
                                durability: SubscriberStore.Durability(rawValue: configuration.store.durability ?? "full") ?? .full)
} catch {
    fail("\(path): store.path: cannot open \(configuration.store.path): \(error)")
}

if let seed = configuration.store.seed {
    do {
        try await SubscriberSeed.load(seed, into: store, logger: logger)
    } catch {
        fail("\(path): store.seed: \(error)")
    }
}

let identity = configuration.identity(startedAt: UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)))
let policy: S6aPolicy
do {
    policy = try configuration.policy(identity: identity)
} catch {
    fail("\(path): \(error)")
}
let s6a = S6aServer(policy: policy, store: store)
let node = DiameterNode(identity: identity, settings: configuration.peerSettings, handler: s6a)
s6a.sendRequests(through: node)
let api = ProvisioningAPI(store: store)
await api.refreshSubscriberCount()

// usrsctp starts only when SCTP is asked for: a TCP-only HSS runs no SCTP stack.
let diameterTransports: [DiameterTransport]
let sctp: SCTPTransport?
do {
    diameterTransports = try configuration.diameterTransports()
    sctp = diameterTransports.contains(.sctp)
        ? try SCTPTransport(configuration: try configuration.sctpConfiguration(), logger: Logger(label: "vcore.hss.sctp")) : nil
} catch {
    fail("\(path): cannot start SCTP: \(error)")
}

let health = HealthState()
let provisioningHost = configuration.provisioning?.bind ?? "0.0.0.0"
// The ServiceGroup stops services one at a time, last first: S6a goes first so that MMEs get
// their DPR at once, whatever the HTTP sides are still finishing; /metrics and /readyz stay up
// to the end, so the drain can be watched.
let services: [any Service] = [
    ObservabilityServer(host: configuration.observability?.bind ?? "0.0.0.0", port: configuration.observabilityPort,
                        registry: registry, health: health),
    ProvisioningHTTPServer(host: provisioningHost, port: configuration.provisioningPort, api: api,
                           logger: Logger(label: "vcore.hss.provisioning"), bound: { _ in health.set("provisioning", notReadyBecause: nil) }),
    DiameterService(node: node, host: configuration.diameterBind, port: configuration.diameterPort, transports: diameterTransports,
                    sctp: sctp, health: health),
]
health.set("provisioning", notReadyBecause: "provisioning listener not bound yet")
health.started()
logger.info("hss starting", metadata: ["originHost": "\(identity.originHost)", "config": "\(path)"])
do {
    try await NFRunner.run(services, logger: logger)
} catch {
    fail("\(error)")
}
