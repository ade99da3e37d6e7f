import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Keeps each Service's Endpoints object: the IPs of the pods its selector matches, ready ones as
/// `addresses` (what the service proxy and DNS use), the others as `notReadyAddresses`.
public struct EndpointsController: Controller {
    let store: ObjectStore
    public let name = "endpoints"

    public init(store: ObjectStore) { self.store = store }

    public var triggers: [Trigger] {
        let store = self.store
        return [
            .own(Service.resource),
            // A pod change touches every Service of its namespace that selects it.
            Trigger(resource: Pod.resource) { event in
                guard let pod = try? JSONDecoder().decode(Pod.self, from: Data(event.json)),
                      let services = try? store.list(Service.self, namespace: event.namespace).items else { return [] }
                return services.filter { service in
                    guard let selector = service.spec.selector, !selector.isEmpty else { return false }
                    return LabelSelector(matchLabels: selector).matches(pod.metadata.labels)
                }.map { ObjectKey.string(namespace: event.namespace, name: $0.name) }
            },
        ]
    }

    public func sync(_ key: String) async throws {
        let (namespace, name) = ObjectKey.parse(key)
        guard let service = try store.get(Service.self, namespace: namespace, name: name) else {
            _ = try? store.delete(Endpoints.self, namespace: namespace, name: name)
            return
        }
        guard let selector = service.spec.selector, !selector.isEmpty else { return }
        let pods = try store.list(Pod.self, namespace: namespace, selector: LabelSelector(matchLabels: selector)).items
            .filter { $0.metadata.deletionTimestamp == nil && $0.status?.podIP != nil }
        let subsets = Self.subsets(service: service, pods: pods)
        if var existing = try store.get(Endpoints.self, namespace: namespace, name: name) {
            guard existing.subsets != subsets else { return }
            existing.subsets = subsets
            _ = try store.update(existing)
        } else {
            var endpoints = Endpoints(metadata: ObjectMeta(name: name, namespace: namespace, labels: service.metadata.labels),
                                      subsets: subsets)
            endpoints.metadata.ownerReferences = [service.ownerReference()]
            _ = try store.create(endpoints)
        }
    }

    /// One subset per distinct set of resolved ports (named target ports may differ per pod).
    static func subsets(service: Service, pods: [Pod]) -> [EndpointSubset] {
        var bySignature: [[EndpointPort]: EndpointSubset] = [:]
        var order: [[EndpointPort]] = []
        for pod in pods.sorted(by: { $0.name < $1.name }) {
            let ports = (service.spec.ports ?? []).compactMap { port -> EndpointPort? in
                guard let number = resolve(port, in: pod) else { return nil }
                return EndpointPort(name: port.name, port: number, protocol: port.protocol ?? "TCP")
            }
            let address = EndpointAddress(ip: pod.status!.podIP!, targetRef: .init(kind: "Pod", name: pod.name,
                                                                                    namespace: pod.metadata.namespace,
                                                                                    uid: pod.metadata.uid))
            if bySignature[ports] == nil {
                bySignature[ports] = EndpointSubset(ports: ports)
                order.append(ports)
            }
            if pod.status?.isReady == true || service.spec.publishNotReadyAddresses == true {
                bySignature[ports]!.addresses = (bySignature[ports]!.addresses ?? []) + [address]
            } else {
                bySignature[ports]!.notReadyAddresses = (bySignature[ports]!.notReadyAddresses ?? []) + [address]
            }
        }
        return order.map { bySignature[$0]! }
    }

    /// A target port as a number: itself, the service port when absent, or the container port
    /// with that name.
    static func resolve(_ port: ServicePort, in pod: Pod) -> Int? {
        switch port.targetPort {
        case nil: return port.port
        case .int(let number)?: return number
        case .string(let name)?:
            return pod.spec.containers.lazy.compactMap { $0.ports?.first { $0.name == name }?.containerPort }.first
        }
    }
}
