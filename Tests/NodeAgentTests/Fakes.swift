import Foundation
import NodeAgent
import Synchronization

/// A container runtime in memory: images named "crash" exit with status 1 shortly after starting,
/// printing a last line; exec answers 0 unless the container is flagged unready.
final class FakeEngine: ContainerEngine {
    struct Entry {
        var launch: ContainerLaunch
        var state: ContainerRunState
        var started: Date
        var log: [String]
    }

    let entries = Mutex<[String: Entry]>([:])
    let runs = Mutex<Int>(0)
    let stops = Mutex<[(String, Duration)]>([])
    let unready = Mutex<Set<String>>([])
    private let counter = Mutex<Int>(0)

    func run(_ launch: ContainerLaunch) async throws -> String {
        let id = counter.withLock { $0 += 1; return "c\($0)" }
        runs.withLock { $0 += 1 }
        entries.withLock { $0[id] = Entry(launch: launch, state: .running(startedAt: "now"), started: Date(),
                                          log: ["starting \(launch.containerName)"]) }
        return id
    }

    func state(_ id: String) async -> ContainerRunState {
        entries.withLock { entries in
            guard var entry = entries[id] else { return .unknown }
            if entry.launch.image == "crash", case .running = entry.state, Date().timeIntervalSince(entry.started) > 0.05 {
                entry.log.append("fatal: cannot bind port 7")
                entry.state = .exited(code: 1, reason: nil, startedAt: "now", finishedAt: "now")
                entries[id] = entry
            }
            return entry.state
        }
    }

    /// Simulates the container process dying (a kill from outside).
    func kill(_ id: String) {
        entries.withLock { $0[id]?.state = .exited(code: 137, reason: nil, startedAt: "now", finishedAt: "now") }
    }

    func stop(_ id: String, gracePeriod: Duration) async {
        stops.withLock { $0.append((id, gracePeriod)) }
        entries.withLock { $0[id]?.state = .exited(code: 143, reason: nil, startedAt: "now", finishedAt: "now") }
    }

    func remove(_ id: String) async { _ = entries.withLock { $0.removeValue(forKey: id) } }

    func containers() async throws -> [KnownContainer] {
        entries.withLock { $0.map { KnownContainer(id: $0.key, podUID: $0.value.launch.podUID, containerName: $0.value.launch.containerName) } }
    }

    func logs(_ id: String, previous: Bool, follow: Bool, tailLines: Int?) async throws -> AsyncStream<[UInt8]> {
        let lines = entries.withLock { $0[id]?.log ?? [] }
        return AsyncStream { continuation in
            continuation.yield(Array((lines.joined(separator: "\n") + "\n").utf8))
            continuation.finish()
        }
    }

    func exec(_ id: String, command: [String]) async throws -> (status: Int32, output: [UInt8]) {
        let name = entries.withLock { $0[id]?.launch.podName ?? "" }
        return (unready.withLock { $0.contains(name) } ? 1 : 0, Array("ran \(command.joined(separator: " "))\n".utf8))
    }

    func update(_ id: String, resources: ContainerResources) async throws {
        entries.withLock { $0[id]?.launch.resources = resources }
    }

    func stats(_ id: String) async throws -> ContainerUsage { ContainerUsage(cpuNanoseconds: 1, memoryBytes: 2) }

    var running: [ContainerLaunch] {
        entries.withLock { $0.values.filter { if case .running = $0.state { true } else { false } }.map(\.launch) }
    }
}

final class FakeNetwork: PodNetworking {
    let next = Mutex<Int>(2)
    let tornDown = Mutex<[String]>([])

    func setUp(_ request: PodNetworkSetup) async throws -> PodNetworkOutcome {
        let networks = (request.networksAnnotation ?? "").split(separator: ",").map(String.init)
        for network in networks where request.resolve(request.namespace, network) == nil {
            throw PodNetworkFailure(reason: "NetworkNotFound", description: "network \(network) not found")
        }
        let ip = next.withLock { $0 += 1; return "10.88.0.\($0)" }
        let status = #"[{"name":"cluster","interface":"eth0","ips":["\#(ip)"],"default":true}"# +
            networks.enumerated().map { #",{"name":"\#(request.namespace)/\#($1)","interface":"net\#($0 + 1)"}"# }.joined() + "]"
        return PodNetworkOutcome(networkNamespacePath: "/var/run/netns/\(request.name)", podIP: ip, networkStatus: status)
    }

    func tearDown(namespace: String, name: String, uid: String) async throws {
        tornDown.withLock { $0.append(name) }
    }
}
