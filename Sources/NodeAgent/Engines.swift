import OrchestratorAPI

/// Everything the node agent asks of a container runtime (crun in VCore; a fake in tests).
public protocol ContainerEngine: Sendable {
    /// Starts a container and returns its id.
    func run(_ launch: ContainerLaunch) async throws -> String
    func state(_ id: String) async -> ContainerRunState
    /// SIGTERM, then SIGKILL after `gracePeriod`.
    func stop(_ id: String, gracePeriod: Duration) async
    func remove(_ id: String) async
    /// The container exited and the pod will run its successor: keep what `logs --previous`
    /// needs. An engine that reuses a pod container's id for the next run keeps the log there;
    /// by default the container is removed.
    func retire(_ id: String) async
    /// Containers the runtime knows, to adopt after a restart of the agent.
    func containers() async throws -> [KnownContainer]
    /// The current run's log, or with `previous` the run before it (where the engine keeps it).
    func logs(_ id: String, previous: Bool, follow: Bool, tailLines: Int?) async throws -> AsyncStream<[UInt8]>
    func exec(_ id: String, command: [String]) async throws -> (status: Int32, output: [UInt8])
    func update(_ id: String, resources: ContainerResources) async throws
    func stats(_ id: String) async throws -> ContainerUsage
}

/// Why an engine could not start a container, in the words of the pod's waiting state
/// (`ErrImageNeverPull`, `CreateContainerError`, ...).
public struct ContainerStartFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String

    public init(reason: String, description: String) {
        self.reason = reason
        self.description = description
    }
}

extension ContainerEngine {
    public func retire(_ id: String) async { await remove(id) }
}

/// Everything the node agent asks of pod networking (CNI in VCore; a fake in tests).
public protocol PodNetworking: Sendable {
    func setUp(_ request: PodNetworkSetup) async throws -> PodNetworkOutcome
    func tearDown(namespace: String, name: String, uid: String) async throws
}

public struct ContainerResources: Hashable, Sendable {
    public var cpuRequestMillicores: Int?
    public var cpuLimitMillicores: Int?
    public var memoryLimitBytes: Int?
    public var pidsLimit: Int?

    public init(cpuRequestMillicores: Int? = nil, cpuLimitMillicores: Int? = nil, memoryLimitBytes: Int? = nil, pidsLimit: Int? = nil) {
        self.cpuRequestMillicores = cpuRequestMillicores
        self.cpuLimitMillicores = cpuLimitMillicores
        self.memoryLimitBytes = memoryLimitBytes
        self.pidsLimit = pidsLimit
    }

    init(_ requirements: ResourceRequirements?) {
        cpuRequestMillicores = requirements?.requests?["cpu"]?.millicores
        cpuLimitMillicores = requirements?.limits?["cpu"]?.millicores
        memoryLimitBytes = requirements?.limits?["memory"]?.bytes
        pidsLimit = 1024
    }
}

/// One container to start, fully resolved (image, environment, mounts, network namespace).
public struct ContainerLaunch: Sendable {
    public struct Mount: Hashable, Sendable {
        public var source: String
        public var destination: String
        public var readOnly: Bool
    }

    public var podUID: String
    public var podName: String
    public var namespace: String
    public var containerName: String
    public var image: String
    public var command: [String]?
    public var args: [String]?
    public var environment: [String: String]
    public var workingDirectory: String?
    public var hostname: String
    public var networkNamespacePath: String
    public var mounts: [Mount]
    /// Host device nodes to expose, e.g. /dev/net/tun.
    public var devices: [String]
    public var addedCapabilities: [String]
    public var droppedCapabilities: [String]
    public var privileged: Bool
    /// Namespaced sysctls from the pod's securityContext, set in the pod's namespaces.
    public var sysctls: [String: String] = [:]
    public var resources: ContainerResources
    public var resolvConf: String
}

public enum ContainerRunState: Hashable, Sendable {
    case running(startedAt: String?)
    case exited(code: Int32, reason: String?, startedAt: String?, finishedAt: String?)
    case unknown
}

public struct KnownContainer: Hashable, Sendable {
    public var id: String
    public var podUID: String
    public var containerName: String

    public init(id: String, podUID: String, containerName: String) {
        self.id = id
        self.podUID = podUID
        self.containerName = containerName
    }
}

public struct ContainerUsage: Hashable, Sendable {
    public var cpuNanoseconds: UInt64
    public var memoryBytes: UInt64

    public init(cpuNanoseconds: UInt64, memoryBytes: UInt64) {
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryBytes = memoryBytes
    }
}

/// A pod's networks to set up: the cluster network (eth0) and the NetworkAttachmentDefinitions its
/// Multus annotation (`k8s.v1.cni.cncf.io/networks`) names, whose CNI configuration `resolve`
/// finds by namespace and name.
public struct PodNetworkSetup: Sendable {
    public var namespace: String
    public var name: String
    public var uid: String
    public var networksAnnotation: String?
    public var resolve: @Sendable (_ namespace: String, _ name: String) -> String?

    public init(namespace: String, name: String, uid: String, networksAnnotation: String?,
                resolve: @escaping @Sendable (_ namespace: String, _ name: String) -> String?) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.networksAnnotation = networksAnnotation
        self.resolve = resolve
    }
}

/// A network set-up failure the pod's status should show (reason, message).
public struct PodNetworkFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String

    public init(reason: String, description: String) {
        self.reason = reason
        self.description = description
    }
}

public struct PodNetworkOutcome: Sendable {
    public var networkNamespacePath: String
    /// The cluster network address (status.podIP).
    public var podIP: String?
    /// The `k8s.v1.cni.cncf.io/network-status` annotation value.
    public var networkStatus: String

    public init(networkNamespacePath: String, podIP: String?, networkStatus: String) {
        self.networkNamespacePath = networkNamespacePath
        self.podIP = podIP
        self.networkStatus = networkStatus
    }
}
