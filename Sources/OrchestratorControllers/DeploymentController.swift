import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Rolls Deployments out through ReplicaSets, one per pod template (named and labelled with the
/// template's hash): a changed template gets a new ReplicaSet, scaled up while the old ones scale
/// down within maxSurge and maxUnavailable; a changed replica count scales the current one.
public struct DeploymentController: Controller {
    let store: ObjectStore
    public let name = "deployment"
    public var triggers: [Trigger] { [.own(Deployment.resource), .owner(ReplicaSet.resource, ownerKind: "Deployment")] }

    public init(store: ObjectStore) { self.store = store }

    public func sync(_ key: String) async throws {
        let (namespace, name) = ObjectKey.parse(key)
        guard let deployment = try store.get(Deployment.self, namespace: namespace, name: name),
              deployment.metadata.deletionTimestamp == nil else { return }
        let owned = try store.list(ReplicaSet.self, namespace: namespace).items.filter {
            $0.metadata.controllerReference?.uid == deployment.metadata.uid
        }
        let hash = Self.templateHash(deployment.spec.template)
        var current = owned.first { $0.metadata.labels?["pod-template-hash"] == hash }
        if current == nil { current = try store.create(newReplicaSet(deployment, hash: hash)) }
        let old = owned.filter { $0.metadata.uid != current?.metadata.uid }
        let desired = deployment.spec.replicas ?? 1
        if deployment.spec.paused != true {
            if deployment.spec.strategy?.type == "Recreate" {
                try recreate(current!, old, desired: desired)
            } else {
                try rollingUpdate(deployment, current!, old, desired: desired)
            }
            try cleanUp(old, keep: deployment.spec.revisionHistoryLimit ?? 10)
        }
        try updateStatus(deployment, current: current!, all: owned + (owned.contains(where: { $0.metadata.uid == current?.metadata.uid }) ? [] : [current!]))
    }

    private func recreate(_ current: ReplicaSet, _ old: [ReplicaSet], desired: Int) throws {
        for replicaSet in old where (replicaSet.spec.replicas ?? 0) > 0 { try scale(replicaSet, to: 0) }
        let oldPods = old.reduce(0) { $0 + ($1.status?.replicas ?? 0) }
        if oldPods == 0, current.spec.replicas != desired { try scale(current, to: desired) }
    }

    private func rollingUpdate(_ deployment: Deployment, _ current: ReplicaSet, _ old: [ReplicaSet], desired: Int) throws {
        let rolling = deployment.spec.strategy?.rollingUpdate
        let surge = (rolling?.maxSurge ?? "25%").scaled(total: desired, roundUp: true) ?? 1
        var unavailable = (rolling?.maxUnavailable ?? "25%").scaled(total: desired, roundUp: false) ?? 0
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        let oldReplicas = old.reduce(0) { $0 + ($1.spec.replicas ?? 0) }
        if oldReplicas == 0 {
            if current.spec.replicas != desired { try scale(current, to: desired) }
            return
        }
        // Up: the new ReplicaSet grows as far as the surge allows.
        let total = oldReplicas + (current.spec.replicas ?? 0)
        let room = desired + surge - total
        if room > 0, (current.spec.replicas ?? 0) < desired {
            try scale(current, to: min(desired, (current.spec.replicas ?? 0) + room))
        }
        // Down: old ReplicaSets shrink while enough pods stay available; pods that are not available
        // anyway go first.
        let available = (old + [current]).reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
        var removable = max(0, available - (desired - unavailable))
        for replicaSet in old.sorted(by: { ($0.metadata.creationTimestamp ?? "") < ($1.metadata.creationTimestamp ?? "") }) {
            let replicas = replicaSet.spec.replicas ?? 0
            guard replicas > 0 else { continue }
            let unhealthy = replicas - (replicaSet.status?.availableReplicas ?? 0)
            let cut = min(replicas, max(0, unhealthy) + removable)
            guard cut > 0 else { continue }
            try scale(replicaSet, to: replicas - cut)
            removable -= max(0, cut - max(0, unhealthy))
        }
    }

    private func cleanUp(_ old: [ReplicaSet], keep: Int) throws {
        let idle = old.filter { ($0.spec.replicas ?? 0) == 0 && ($0.status?.replicas ?? 0) == 0 }
            .sorted { ($0.metadata.creationTimestamp ?? "") > ($1.metadata.creationTimestamp ?? "") }
        for replicaSet in idle.dropFirst(keep) {
            _ = try? store.delete(ReplicaSet.self, namespace: replicaSet.metadata.namespace, name: replicaSet.name)
        }
    }

    private func scale(_ replicaSet: ReplicaSet, to replicas: Int) throws {
        var updated = replicaSet
        updated.spec.replicas = replicas
        _ = try store.update(updated)
    }

    private func newReplicaSet(_ deployment: Deployment, hash: String) -> ReplicaSet {
        var template = deployment.spec.template
        var labels = template.metadata?.labels ?? [:]
        labels["pod-template-hash"] = hash
        template.metadata = template.metadata ?? ObjectMeta()
        template.metadata?.labels = labels
        var selector = deployment.spec.selector
        selector.matchLabels = (selector.matchLabels ?? [:]).merging(["pod-template-hash": hash]) { $1 }
        var replicaSet = ReplicaSet(metadata: ObjectMeta(name: "\(deployment.name)-\(hash)", namespace: deployment.metadata.namespace,
                                                         labels: labels),
                                    spec: ReplicaSetSpec(replicas: 0, selector: selector, template: template))
        replicaSet.metadata.ownerReferences = [deployment.ownerReference()]
        replicaSet.spec.minReadySeconds = deployment.spec.minReadySeconds
        return replicaSet
    }

    private func updateStatus(_ deployment: Deployment, current: ReplicaSet, all: [ReplicaSet]) throws {
        var status = DeploymentStatus()
        status.observedGeneration = deployment.metadata.generation
        status.replicas = all.reduce(0) { $0 + ($1.status?.replicas ?? 0) }
        status.updatedReplicas = current.status?.replicas ?? 0
        status.readyReplicas = all.reduce(0) { $0 + ($1.status?.readyReplicas ?? 0) }
        status.availableReplicas = all.reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
        let desired = deployment.spec.replicas ?? 1
        status.unavailableReplicas = max(0, desired - (status.availableReplicas ?? 0))
        let available = (status.availableReplicas ?? 0) >= desired
        status.conditions = [
            WorkloadCondition(type: "Available", status: available ? "True" : "False",
                              reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                              message: "\(status.availableReplicas ?? 0) of \(desired) replicas available",
                              lastTransitionTime: nil, lastUpdateTime: nil),
        ]
        if status != deployment.status {
            var updated = deployment
            updated.status = status
            _ = try store.update(updated, status: true)
        }
    }

    /// A short stable hash of the pod template (FNV-1a over its canonical JSON), as the
    /// `pod-template-hash` label: the same template always maps to the same ReplicaSet.
    static func templateHash(_ template: PodTemplateSpec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(template)) ?? Data()
        var hash: UInt32 = 2_166_136_261
        for byte in data {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var text = ""
        var value = hash
        for _ in 0..<10 {
            text.append(alphabet[Int(value % UInt32(alphabet.count))])
            value /= UInt32(alphabet.count)
            if value == 0 { value = hash ^ 0x5bd1_e995 }
        }
        return text
    }
}
