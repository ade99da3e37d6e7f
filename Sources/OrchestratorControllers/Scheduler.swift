import Foundation
import Synchronization
import OrchestratorAPI
import OrchestratorStore

/// What the node offers to pods.
public struct NodeCapacity: Sendable {
    public var name: String
    public var millicores: Int
    public var memoryBytes: Int
    public var pods: Int

    public init(name: String, millicores: Int, memoryBytes: Int, pods: Int = 110) {
        self.name = name
        self.millicores = millicores
        self.memoryBytes = memoryBytes
        self.pods = pods
    }

    /// This machine: its CPUs and memory.
    public static func local(name: String = "vcore-node") -> NodeCapacity {
        NodeCapacity(name: name, millicores: ProcessInfo.processInfo.activeProcessorCount * 1000,
                     memoryBytes: Int(ProcessInfo.processInfo.physicalMemory))
    }
}

/// Places pending pods on the node when their resource requests fit what the pods already there
/// requested; otherwise marks them Unschedulable with the reason, as kube-scheduler does, and tries
/// again later.
public struct Scheduler: Controller {
    let store: ObjectStore
    let node: NodeCapacity
    public let name = "scheduler"
    public var triggers: [Trigger] { [.own(Pod.resource)] }
    /// One placement at a time, as kube-scheduler's single scheduling loop: the manager runs several
    /// workers per controller, and two pods judged at once would each count only the pods placed
    /// before both and could overcommit the node together.
    private let placement = PlacementLock()

    public init(store: ObjectStore, node: NodeCapacity) {
        self.store = store
        self.node = node
    }

    struct Unschedulable: Error, CustomStringConvertible {
        var description: String
    }

    public func sync(_ key: String) async throws {
        try placement.mutex.withLock { _ in try place(key) }
    }

    private func place(_ key: String) throws {
        let (namespace, name) = ObjectKey.parse(key)
        guard var pod = try store.get(Pod.self, namespace: namespace, name: name),
              pod.spec.nodeName == nil, pod.metadata.deletionTimestamp == nil else { return }
        let placed = try store.list(Pod.self).items.filter {
            $0.spec.nodeName == node.name && $0.isActive && $0.metadata.uid != pod.metadata.uid
        }
        let cpu = placed.reduce(0) { $0 + $1.requestedMillicores } + pod.requestedMillicores
        let memory = placed.reduce(0) { $0 + $1.requestedMemory } + pod.requestedMemory
        var shortages = [String]()
        if cpu > node.millicores { shortages.append("Insufficient cpu") }
        if memory > node.memoryBytes { shortages.append("Insufficient memory") }
        if placed.count + 1 > node.pods { shortages.append("Too many pods") }
        if shortages.isEmpty {
            pod.spec.nodeName = node.name
            pod = try store.update(pod)
            pod.status = pod.status ?? PodStatus(phase: "Pending")
            pod.status?.setCondition("PodScheduled", true)
            _ = try store.update(pod, status: true)
        } else {
            let message = "0/1 nodes are available: 1 " + shortages.joined(separator: ", 1 ") + "."
            if pod.status?.condition("PodScheduled")?.message != message {
                pod.status = pod.status ?? PodStatus(phase: "Pending")
                pod.status?.phase = "Pending"
                pod.status?.setCondition("PodScheduled", false, reason: "Unschedulable", message: message)
                _ = try store.update(pod, status: true)
            }
            throw Unschedulable(description: message)
        }
    }
}

final class PlacementLock: Sendable {
    let mutex = Mutex(())
}

extension Pod {
    var requestedMillicores: Int {
        spec.containers.reduce(0) { $0 + ($1.resources?.requests?["cpu"]?.millicores ?? 0) }
    }

    var requestedMemory: Int {
        spec.containers.reduce(0) { $0 + ($1.resources?.requests?["memory"]?.bytes ?? 0) }
    }
}
