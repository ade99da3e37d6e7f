import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Deletes objects whose owner is gone (ownerReferences), in the background as Kubernetes does by
/// default: a deleted Deployment takes its ReplicaSets, which take their pods.
public struct GarbageCollector: Controller {
    let store: ObjectStore
    public let name = "garbage-collector"

    public init(store: ObjectStore) { self.store = store }

    /// Any owned object's change, and any owner's deletion, checks the owned objects of that namespace.
    public var triggers: [Trigger] {
        [ReplicaSet.resource, Pod.resource, Endpoints.resource, Deployment.resource, Service.resource].map { resource in
            Trigger(resource: resource) { event in [event.namespace ?? ""] }
        }
    }

    public func sync(_ key: String) async throws {
        let namespace = key.isEmpty ? nil : key
        var uids = Set<String>()
        for type in APIKinds.all { uids.formUnion(try self.uids(type, namespace: namespace)) }
        try collect(ReplicaSet.self, namespace: namespace, liveUIDs: uids)
        try collect(Pod.self, namespace: namespace, liveUIDs: uids)
        try collect(Endpoints.self, namespace: namespace, liveUIDs: uids)
    }

    private func uids<T: APIObject>(_ type: T.Type, namespace: String?) throws -> [String] {
        try store.list(T.self, namespace: T.resource.namespaced ? namespace : nil).items
            .filter { $0.metadata.deletionTimestamp == nil }.compactMap(\.metadata.uid)
    }

    private func collect<T: APIObject>(_ type: T.Type, namespace: String?, liveUIDs: Set<String>) throws {
        for object in try store.list(T.self, namespace: namespace).items where object.metadata.deletionTimestamp == nil {
            guard let owners = object.metadata.ownerReferences, !owners.isEmpty else { continue }
            if owners.allSatisfy({ !liveUIDs.contains($0.uid) }) {
                _ = try? store.delete(T.self, namespace: object.metadata.namespace, name: object.name)
            }
        }
    }
}
