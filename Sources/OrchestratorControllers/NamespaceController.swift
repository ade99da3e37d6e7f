import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Finishes the deletion of a namespace: deletes everything in it, then lets the namespace go
/// (it carries the `kubernetes` finalizer until then, as in Kubernetes).
public struct NamespaceController: Controller {
    let store: ObjectStore
    public let name = "namespace"
    public var triggers: [Trigger] {
        var triggers: [Trigger] = [.own(Namespace.resource)]
        for type in APIKinds.all where type.resource.namespaced {
            triggers.append(Trigger(resource: type.resource) { event in event.type == .deleted ? [event.namespace ?? ""] : [] })
        }
        return triggers
    }

    public init(store: ObjectStore) { self.store = store }

    struct NotEmptyYet: Error {}

    public func sync(_ key: String) async throws {
        guard var namespace = try store.get(Namespace.self, namespace: nil, name: key),
              namespace.metadata.deletionTimestamp != nil else { return }
        if namespace.status?.phase != "Terminating" {
            namespace.status = Namespace.Status(phase: "Terminating")
            namespace = try store.update(namespace, status: true)
        }
        var remaining = 0
        for type in APIKinds.all where type.resource.namespaced {
            remaining += try deleteAll(type, in: key)
        }
        guard remaining == 0 else { throw NotEmptyYet() }
        namespace.metadata.finalizers = namespace.metadata.finalizers?.filter { $0 != "kubernetes" }
        _ = try store.update(namespace)
    }

    /// Asks every object of a kind in the namespace to go; returns how many are still there.
    private func deleteAll<T: APIObject>(_ type: T.Type, in namespace: String) throws -> Int {
        let objects = try store.list(T.self, namespace: namespace).items
        for object in objects where object.metadata.deletionTimestamp == nil {
            _ = try? store.delete(T.self, namespace: namespace, name: object.name)
        }
        return try store.list(T.self, namespace: namespace).items.count
    }
}
