import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Keeps `replicas` pods of each ReplicaSet: creates missing ones from the template, deletes extra
/// ones (not ready and newest first), and reports counts in the status.
public struct ReplicaSetController: Controller {
    let store: ObjectStore
    public let name = "replicaset"
    public var triggers: [Trigger] { [.own(ReplicaSet.resource), .owner(Pod.resource, ownerKind: "ReplicaSet")] }

    public init(store: ObjectStore) { self.store = store }

    public func sync(_ key: String) async throws {
        let (namespace, name) = ObjectKey.parse(key)
        guard let replicaSet = try store.get(ReplicaSet.self, namespace: namespace, name: name),
              replicaSet.metadata.deletionTimestamp == nil else { return }
        let pods = try ownedPods(replicaSet)
        let active = pods.filter(\.isActive)
        let desired = replicaSet.spec.replicas ?? 1
        if active.count < desired {
            for _ in 0..<(desired - active.count) { _ = try store.create(newPod(replicaSet)) }
        } else if active.count > desired {
            for pod in active.sorted(by: Self.deletionOrder).prefix(active.count - desired) {
                _ = try? store.delete(Pod.self, namespace: pod.metadata.namespace, name: pod.name)
            }
        }
        let current = try ownedPods(replicaSet).filter(\.isActive)
        var status = ReplicaSetStatus(replicas: current.count)
        status.readyReplicas = current.filter { $0.status?.isReady == true }.count
        status.availableReplicas = current.filter { $0.isAvailable(minReadySeconds: replicaSet.spec.minReadySeconds ?? 0) }.count
        status.fullyLabeledReplicas = current.count
        status.observedGeneration = replicaSet.metadata.generation
        if status != replicaSet.status {
            var updated = replicaSet
            updated.status = status
            _ = try store.update(updated, status: true)
        }
    }

    func ownedPods(_ replicaSet: ReplicaSet) throws -> [Pod] {
        try store.list(Pod.self, namespace: replicaSet.metadata.namespace).items.filter {
            $0.metadata.controllerReference?.uid == replicaSet.metadata.uid
        }
    }

    func newPod(_ replicaSet: ReplicaSet) -> Pod {
        var metadata = replicaSet.spec.template.metadata ?? ObjectMeta()
        metadata.name = nil
        metadata.generateName = replicaSet.name + "-"
        metadata.namespace = replicaSet.metadata.namespace
        metadata.ownerReferences = [replicaSet.ownerReference()]
        return Pod(metadata: metadata, spec: replicaSet.spec.template.spec)
    }

    /// Which pods go first when scaling down (Kubernetes' order, simplified): unscheduled, then
    /// not ready, then the most restarted, then the newest.
    static func deletionOrder(_ a: Pod, _ b: Pod) -> Bool {
        func rank(_ pod: Pod) -> (Int, Int, Int, String) {
            (pod.spec.nodeName == nil ? 0 : 1, pod.status?.isReady == true ? 1 : 0,
             -(pod.status?.containerStatuses?.map(\.restartCount).max() ?? 0), pod.metadata.creationTimestamp ?? "")
        }
        let (x, y) = (rank(a), rank(b))
        if x.0 != y.0 { return x.0 < y.0 }
        if x.1 != y.1 { return x.1 < y.1 }
        if x.2 != y.2 { return x.2 < y.2 }
        return x.3 > y.3
    }
}

extension Pod {
    /// Counted by its ReplicaSet: not being deleted and not finished.
    var isActive: Bool {
        metadata.deletionTimestamp == nil && status?.phase != "Succeeded" && status?.phase != "Failed"
    }

    func isAvailable(minReadySeconds: Int) -> Bool {
        guard status?.isReady == true else { return false }
        guard minReadySeconds > 0 else { return true }
        guard let since = Timestamp.date(status?.condition("Ready")?.lastTransitionTime) else { return false }
        return Date().timeIntervalSince(since) >= Double(minReadySeconds)
    }
}
