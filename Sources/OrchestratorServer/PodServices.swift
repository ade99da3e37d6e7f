/// What only the node agent can answer: a container's logs and running a command in it.
public protocol PodServices: Sendable {
    /// The log of one container (the pod's only one when nil): the current run, or the previous
    /// one (`--previous`); with `follow`, the stream stays open and carries new lines.
    func logs(namespace: String, pod: String, container: String?, previous: Bool, follow: Bool,
              tailLines: Int?) async throws -> AsyncStream<[UInt8]>

    /// Runs a command in a running container and returns its exit status and output.
    func exec(namespace: String, pod: String, container: String?, command: [String]) async throws -> (status: Int32, output: [UInt8])
}
