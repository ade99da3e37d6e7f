import Foundation
import OrchestratorAPI
import OrchestratorServer

extension NodeAgent: PodMetricsSource {
    /// CPU is cumulative in the cgroup: two samples half a second apart give the rate, as
    /// metrics-server derives it from the kubelet's (over a longer window).
    public func podUsage(namespace: String?) async -> [PodUsage] {
        let windowNanoseconds: UInt64 = 500_000_000
        var running = [(namespace: String, pod: String, container: String, id: String)]()
        for worker in currentWorkers() {
            let identity = await worker.identity
            guard namespace == nil || identity.namespace == namespace else { continue }
            for (container, id) in await worker.runningContainers {
                running.append((identity.namespace, identity.name, container, id))
            }
        }
        var first = [String: ContainerUsage]()
        for entry in running { first[entry.id] = try? await engine.stats(entry.id) }
        try? await Task.sleep(for: .nanoseconds(Int64(windowNanoseconds)))
        var byPod = [String: PodUsage]()
        let timestamp = Date().formatted(.iso8601)
        for entry in running {
            guard let before = first[entry.id], let after = try? await engine.stats(entry.id) else { continue }
            let cpu = after.cpuNanoseconds >= before.cpuNanoseconds ? after.cpuNanoseconds - before.cpuNanoseconds : 0
            // A millicore is a thousandth of a CPU-second per second.
            let millicores = Int(cpu * 1000 / windowNanoseconds)
            let key = entry.namespace + "/" + entry.pod
            var usage = byPod[key] ?? PodUsage(namespace: entry.namespace, name: entry.pod, timestamp: timestamp, window: "500ms",
                                                containers: [])
            usage.containers.append(.init(name: entry.container, cpuMillicores: millicores, memoryBytes: after.memoryBytes))
            byPod[key] = usage
        }
        return byPod.values.sorted { ($0.metadata.namespace, $0.metadata.name) < ($1.metadata.namespace, $1.metadata.name) }
    }
}

extension PodWorker {
    var identity: (namespace: String, name: String) { (pod.metadata.namespace ?? "default", pod.name) }

    var runningContainers: [(name: String, id: String)] {
        containers.compactMap { name, record in record.id.map { (name, $0) } }.sorted { $0.name < $1.name }
    }
}
