import ContainerRuntime
import Foundation
import NodeAgent

/// The node agent's container engine on this machine: `ContainerRuntime` (crun with the
/// hybrid-cgroup workaround) behind the `ContainerEngine` interface the agent is written against.
///
/// A pod container keeps one runtime id for all its runs (`<namespace>_<pod>_<container>`), so
/// that the runtime keeps the previous run's log when the agent starts the next (`logs
/// --previous`), and a restarted server finds its containers again by the labels stored with them.
public struct CrunEngine: ContainerEngine {
    let runtime: ContainerRuntime
    /// Per-container files the engine writes (resolv.conf, hosts), removed with the container.
    let scratchDirectory: URL

    static let podUIDLabel = "vcore.pod.uid"
    static let containerLabel = "vcore.container"

    public init(runtime: ContainerRuntime, scratchDirectory: URL) {
        self.runtime = runtime
        self.scratchDirectory = scratchDirectory
    }

    /// `[a-z0-9][a-z0-9_.-]*` of at most 128 characters, as the runtime asks.
    static func containerID(namespace: String, pod: String, container: String) -> String {
        let raw = "\(namespace)_\(pod)_\(container)".lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        var id = String(raw.map { allowed.contains($0) ? $0 : "-" })
        if id.count > 128 {
            // Long names keep their start and gain a hash of the whole so that they stay distinct.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in raw.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            id = String(id.prefix(111)) + "-" + String(hash, radix: 16)
        }
        return id
    }

    public func run(_ launch: ContainerLaunch) async throws -> String {
        let id = Self.containerID(namespace: launch.namespace, pod: launch.podName, container: launch.containerName)
        var spec = ContainerSpec(id: id, image: launch.image, command: launch.command, args: launch.args,
                                 env: launch.environment.sorted { $0.key < $1.key }.map { EnvVar($0.key, $0.value) },
                                 network: launch.networkNamespacePath.isEmpty ? .private : .path(launch.networkNamespacePath),
                                 labels: [Self.podUIDLabel: launch.podUID, Self.containerLabel: launch.containerName])
        spec.workingDir = launch.workingDirectory
        spec.hostname = launch.hostname
        spec.mounts = launch.mounts.map { Mount.bind($0.source, at: $0.destination, readOnly: $0.readOnly) }
        spec.mounts += try writeNetworkFiles(id: id, launch: launch)
        spec.devices = launch.devices
        spec.sysctls = launch.sysctls
        spec.capabilities = CapabilityChanges(add: launch.privileged ? ["ALL"] : launch.addedCapabilities,
                                              drop: launch.droppedCapabilities)
        spec.resources = ResourceLimits(cpuRequestMillis: launch.resources.cpuRequestMillicores,
                                        cpuLimitMillis: launch.resources.cpuLimitMillicores,
                                        memoryLimit: launch.resources.memoryLimitBytes.map(Int64.init),
                                        pidsLimit: launch.resources.pidsLimit.map(Int64.init))
        do {
            try await runtime.run(spec)
        } catch RuntimeError.imageUnavailable(let image, let reason) {
            // Images are built on the node (`vcore image build`), never pulled: Kubernetes says
            // ErrImageNeverPull for a missing image with imagePullPolicy Never.
            throw ContainerStartFailure(reason: "ErrImageNeverPull",
                                        description: "image \"\(image)\" is not on this node (\(reason)); build it with `vcore image build`")
        } catch RuntimeError.startFailed(_, let message) {
            throw ContainerStartFailure(reason: "CreateContainerError", description: message)
        }
        return id
    }

    /// /etc/resolv.conf pointing at the cluster DNS, and /etc/hosts with the pod's name.
    private func writeNetworkFiles(id: String, launch: ContainerLaunch) throws -> [Mount] {
        let directory = scratchDirectory.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let resolv = directory.appendingPathComponent("resolv.conf")
        let hosts = directory.appendingPathComponent("hosts")
        try Data(launch.resolvConf.utf8).write(to: resolv)
        try Data("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t\(launch.hostname)\n".utf8).write(to: hosts)
        return [.bind(resolv.path, at: "/etc/resolv.conf"), .bind(hosts.path, at: "/etc/hosts")]
    }

    public func state(_ id: String) async -> ContainerRunState {
        guard let status = try? runtime.status(id) else { return .unknown }
        switch status.state {
        case .created, .running:
            return .running(startedAt: status.startedAt.map(Self.timestamp))
        case .exited:
            return .exited(code: status.exitCode ?? -1, reason: nil, startedAt: status.startedAt.map(Self.timestamp),
                           finishedAt: status.finishedAt.map(Self.timestamp))
        case .unknown:
            // The supervisor vanished without an exit record (host reboot, kill -9): treat as a
            // crash so the agent starts the container again.
            return .exited(code: -1, reason: "Unknown", startedAt: status.startedAt.map(Self.timestamp), finishedAt: nil)
        }
    }

    public func stop(_ id: String, gracePeriod: Duration) async {
        _ = try? await runtime.stop(id, grace: gracePeriod)
    }

    public func remove(_ id: String) async {
        try? await runtime.remove(id)
        try? FileManager.default.removeItem(at: scratchDirectory.appendingPathComponent(id))
    }

    /// Nothing to do: the next `run` of the same id replaces the exited container and keeps its
    /// log as the previous one.
    public func retire(_ id: String) async {}

    public func containers() async throws -> [KnownContainer] {
        try runtime.list().compactMap { status in
            guard let uid = status.labels[Self.podUIDLabel], let name = status.labels[Self.containerLabel] else { return nil }
            return KnownContainer(id: status.id, podUID: uid, containerName: name)
        }
    }

    public func logs(_ id: String, previous: Bool, follow: Bool, tailLines: Int?) async throws -> AsyncStream<[UInt8]> {
        if follow && !previous {
            let lines = try runtime.followLogs(id, tail: tailLines)
            return AsyncStream { continuation in
                let task = Task {
                    for await line in lines { continuation.yield(Self.bytes(line)) }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
        let lines = try runtime.logs(id, previous: previous, tail: tailLines)
        return AsyncStream { continuation in
            continuation.yield(lines.flatMap(Self.bytes))
            continuation.finish()
        }
    }

    static func bytes(_ line: LogLine) -> [UInt8] { Array((line.partial ? line.text : line.text + "\n").utf8) }

    public func exec(_ id: String, command: [String]) async throws -> (status: Int32, output: [UInt8]) {
        let result = try await runtime.exec(id, command: command)
        return (result.exitCode, Array(result.stdout) + Array(result.stderr))
    }

    public func update(_ id: String, resources: ContainerResources) async throws {
        try await runtime.update(id, resources: ResourceLimits(cpuRequestMillis: resources.cpuRequestMillicores,
                                                               cpuLimitMillis: resources.cpuLimitMillicores,
                                                               memoryLimit: resources.memoryLimitBytes.map(Int64.init),
                                                               pidsLimit: resources.pidsLimit.map(Int64.init)))
    }

    public func stats(_ id: String) async throws -> ContainerUsage {
        let stats = try runtime.stats(id)
        return ContainerUsage(cpuNanoseconds: stats.cpuUsageNanoseconds, memoryBytes: stats.memoryWorkingSetBytes)
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
