import ClusterDNS
import Foundation
import Logging
import NodeAgent
import OrchestratorControllers
import OrchestratorServer
import OrchestratorStore
import PodNetwork
import ServiceProxy

/// `vcore server`: the API server, the controllers and scheduler, and this node's agent, service
/// proxy and DNS, in one process, k3s style.
public struct VCoreServerConfiguration: Sendable {
    /// State (the object store), pod directories, network state: /var/lib/vcore.
    public var dataDirectory: String
    public var socketPath: String
    public var tcpHost: String?
    public var tcpPort: Int?
    public var token: String?
    public var nodeName: String
    public var cluster: ClusterNetwork
    public var dnsPort: Int

    public init(dataDirectory: String = "/var/lib/vcore", socketPath: String = "/run/vcore/api.sock",
                tcpHost: String? = nil, tcpPort: Int? = nil, token: String? = nil, nodeName: String = "vcore-node",
                cluster: ClusterNetwork = ClusterNetwork(), dnsPort: Int = 53) {
        self.dataDirectory = dataDirectory
        self.socketPath = socketPath
        self.tcpHost = tcpHost
        self.tcpPort = tcpPort
        self.token = token
        self.nodeName = nodeName
        self.cluster = cluster
        self.dnsPort = dnsPort
    }
}

public struct VCoreServer: Sendable {
    let configuration: VCoreServerConfiguration
    let engine: any ContainerEngine
    let logger: Logger

    public init(configuration: VCoreServerConfiguration, engine: any ContainerEngine, logger: Logger = Logger(label: "vcore.server")) {
        self.configuration = configuration
        self.engine = engine
        self.logger = logger
    }

    /// Runs until cancelled. Pods keep running when the server stops; the next start adopts them.
    public func run() async throws {
        let files = FileManager.default
        try files.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try files.createDirectory(atPath: (configuration.socketPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let store = try ObjectStore(path: configuration.dataDirectory + "/state.sqlite")
        let network = PodNetwork(configuration: .init(dataDirectory: configuration.dataDirectory + "/network", cluster: configuration.cluster))
        try ClusterBridge.ensure(configuration.cluster)
        let dns = ClusterDNS()
        let dnsServer = try await dns.start(host: "\(configuration.cluster.gateway)", port: configuration.dnsPort)
        let proxy = ServiceProxy()
        let agent = NodeAgent(store: store, engine: engine, network: CNIPodNetworking(network: network),
                              configuration: NodeAgentConfiguration(nodeName: configuration.nodeName,
                                                                    podDirectory: configuration.dataDirectory + "/pods",
                                                                    dnsServer: "\(configuration.cluster.gateway)"))
        let controllers = ControllerManager(store: store, controllers: [
            DeploymentController(store: store), ReplicaSetController(store: store), EndpointsController(store: store),
            GarbageCollector(store: store), NamespaceController(store: store),
            Scheduler(store: store, node: .local(name: configuration.nodeName)),
            ServiceRouting(store: store, proxy: proxy, dns: dns),
        ])
        let api = APIServer(store: store, podServices: agent,
                            configuration: APIServerConfiguration(socketPath: configuration.socketPath, tcpHost: configuration.tcpHost,
                                                                  tcpPort: configuration.tcpPort, token: configuration.token))
        logger.info("vcore server started", metadata: ["node": "\(configuration.nodeName)", "data": "\(configuration.dataDirectory)"])
        defer { store.closeWatches() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await api.run() }
            group.addTask { try await controllers.run() }
            group.addTask { try await agent.run() }
            group.addTask {
                try await withTaskCancellationHandler {
                    try await Task.sleep(for: .seconds(1 << 40))
                } onCancel: {
                    Task { await dnsServer.shutdown() }
                }
            }
        }
    }
}

/// The cluster bridge with its gateway address, created before any pod so that the DNS server can
/// listen there from the start (the CNI bridge plugin then finds it in place).
enum ClusterBridge {
    static func ensure(_ cluster: ClusterNetwork) throws {
        let gateway = "\(cluster.gateway)/\(cluster.subnet.prefixLength)"
        if try !run(["ip", "link", "show", cluster.bridge]) {
            try run(["ip", "link", "add", cluster.bridge, "type", "bridge"])
        }
        try run(["ip", "addr", "replace", gateway, "dev", cluster.bridge])
        try run(["ip", "link", "set", cluster.bridge, "up"])
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
