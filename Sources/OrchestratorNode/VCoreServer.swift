import ClusterDNS
import ContainerRuntime
import Foundation
import OCIImage
import Logging
import NodeAgent
import OrchestratorControllers
import OrchestratorServer
import OrchestratorStore
import PodNetwork
import ServiceProxy

/// `vcore server`: the API server, the controllers and scheduler, and this node's agent, service
/// proxy and DNS, in one process, k3s style. Everything it makes on the host is named from this
/// configuration, so that `vcore down` (`NodeCleanup`) finds all of it, and so that tests can run
/// a node of their own beside a real one (other directories, bridge, prefix, table, cgroup).
public struct VCoreServerConfiguration: Sendable {
    /// The object store, pod directories and network state: /var/lib/vcore.
    public var dataDirectory: String
    public var socketPath: String
    public var tcpHost: String?
    public var tcpPort: Int?
    public var token: String?
    public var nodeName: String
    public var cluster: ClusterNetwork
    public var dnsPort: Int
    /// Prefix of the pods' network namespaces.
    public var namespacePrefix: String
    /// The nftables table of the service proxy.
    public var nftTable: String
    /// Where containers' state and logs live, and their cgroup parent.
    public var runtime: RuntimeConfiguration
    /// The OCI image layout images are built into and run from.
    public var imageDirectory: String

    public init(dataDirectory: String = "/var/lib/vcore", socketPath: String = "/run/vcore/api.sock",
                tcpHost: String? = nil, tcpPort: Int? = nil, token: String? = nil, nodeName: String = "vcore-node",
                cluster: ClusterNetwork = ClusterNetwork(), dnsPort: Int = 53, namespacePrefix: String = "vcore-",
                nftTable: String = "vcore", runtime: RuntimeConfiguration? = nil, imageDirectory: String? = nil) {
        self.dataDirectory = dataDirectory
        self.socketPath = socketPath
        self.tcpHost = tcpHost
        self.tcpPort = tcpPort
        self.token = token
        self.nodeName = nodeName
        self.cluster = cluster
        self.dnsPort = dnsPort
        self.namespacePrefix = namespacePrefix
        self.nftTable = nftTable
        self.runtime = runtime ?? RuntimeConfiguration(root: URL(fileURLWithPath: dataDirectory + "/runtime"))
        self.imageDirectory = imageDirectory ?? dataDirectory + "/images"
    }

    var podNetwork: PodNetwork.Configuration {
        PodNetwork.Configuration(dataDirectory: dataDirectory + "/network", namespacePrefix: namespacePrefix, cluster: cluster)
    }

    var serviceProxy: ServiceProxy.Configuration { ServiceProxy.Configuration(table: nftTable) }

    /// Files the engine writes per container (resolv.conf, hosts).
    var engineScratch: URL { URL(fileURLWithPath: dataDirectory + "/engine") }
    public var storePath: String { dataDirectory + "/state.sqlite" }
    /// The running server's process id, for `vcore up` and `vcore down`.
    public var pidFile: String { dataDirectory + "/server.pid" }
    public var logFile: String { dataDirectory + "/server.log" }
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

    /// The node's real engine: crun through `ContainerRuntime`, over the image store, having taken
    /// over the containers still running from before (`recover`).
    public static func crunEngine(_ configuration: VCoreServerConfiguration, logger: Logger) async throws -> (CrunEngine, ContainerRuntime) {
        let images = try ImageStore(root: URL(fileURLWithPath: configuration.imageDirectory))
        let runtime = try ContainerRuntime(configuration: configuration.runtime, images: images, logger: logger)
        let recovered = try await runtime.recover()
        logger.info("container runtime ready", metadata: ["cgroups": "\(runtime.cgroupMode)",
                                                          "running": "\(recovered.filter(\.isRunning).count)"])
        return (CrunEngine(runtime: runtime, scratchDirectory: configuration.engineScratch), runtime)
    }

    /// Runs until cancelled. Pods keep running when the server stops; the next start adopts them.
    public func run() async throws {
        let files = FileManager.default
        try files.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try files.createDirectory(atPath: (configuration.socketPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let store = try ObjectStore(path: configuration.storePath)
        let network = PodNetwork(configuration: configuration.podNetwork)
        try ClusterBridge.ensure(configuration.cluster)
        let dns = ClusterDNS()
        let dnsServer = try await dns.start(host: "\(configuration.cluster.gateway)", port: configuration.dnsPort)
        let proxy = ServiceProxy(configuration: configuration.serviceProxy)
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
