/// What only the node agent can answer: a container's logs and running a command in it.
public protocol PodServices: Sendable {
    /// The log of one container (the pod's only one when nil): the current run, or the previous
    /// one (`--previous`); with `follow`, the stream stays open and carries new lines.
    func logs(namespace: String, pod: String, container: String?, previous: Bool, follow: Bool,
              tailLines: Int?) async throws -> AsyncStream<[UInt8]>

    /// Runs a command in a running container and returns its exit status and output.
    func exec(namespace: String, pod: String, container: String?, command: [String]) async throws -> (status: Int32, output: [UInt8])
}

/// One pod's resource usage, as `metrics.k8s.io/v1beta1` PodMetrics carries it (what metrics-server
/// serves and `kubectl top` reads): CPU in millicores averaged over the window, memory working set.
public struct PodUsage: Codable, Hashable, Sendable {
    public struct ContainerUsage: Codable, Hashable, Sendable {
        public var name: String
        public var usage: [String: String]

        public init(name: String, cpuMillicores: Int, memoryBytes: UInt64) {
            self.name = name
            usage = ["cpu": "\(cpuMillicores)m", "memory": "\(memoryBytes / 1024)Ki"]
        }
    }

    public struct Metadata: Codable, Hashable, Sendable {
        public var name: String
        public var namespace: String
    }

    public var metadata: Metadata
    public var timestamp: String
    public var window: String
    public var containers: [ContainerUsage]

    public init(namespace: String, name: String, timestamp: String, window: String, containers: [ContainerUsage]) {
        metadata = Metadata(name: name, namespace: namespace)
        self.timestamp = timestamp
        self.window = window
        self.containers = containers
    }
}

/// What the node agent measures for the metrics API; servers without it answer 404.
public protocol PodMetricsSource: Sendable {
    /// Every running pod of the namespace (all namespaces when nil).
    func podUsage(namespace: String?) async -> [PodUsage]
}
