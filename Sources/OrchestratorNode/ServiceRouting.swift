import ClusterDNS
import Foundation
import OrchestratorAPI
import OrchestratorControllers
import OrchestratorStore
import ServiceProxy
import Wire

/// kube-proxy and the cluster DNS in one controller: every change to a Service or its Endpoints
/// renders all Services into the nftables ruleset (applied atomically) and the DNS records.
public struct ServiceRouting: Controller {
    let store: ObjectStore
    let proxy: ServiceProxy?
    let dns: ClusterDNS
    public let name = "service-routing"
    /// Everything is rendered at once, so every change maps to the same key.
    public var triggers: [Trigger] {
        [Service.resource, Endpoints.resource].map { Trigger(resource: $0) { _ in ["all"] } }
    }

    public init(store: ObjectStore, proxy: ServiceProxy?, dns: ClusterDNS) {
        self.store = store
        self.proxy = proxy
        self.dns = dns
    }

    public func sync(_ key: String) async throws {
        let services = try store.list(Service.self).items
        let endpoints = Dictionary(try store.list(Endpoints.self).items.map { ("\($0.metadata.namespace ?? "")/\($0.name)", $0) }) { $1 }
        var rules = [ServiceRules]()
        var records = [DNSService]()
        for service in services {
            let namespace = service.metadata.namespace ?? "default"
            let subsets = endpoints["\(namespace)/\(service.name)"]?.subsets ?? []
            let ready = subsets.flatMap { $0.addresses ?? [] }
            let clusterIP = service.isHeadless ? nil : service.spec.clusterIP.flatMap(IPAddress.init)
            rules.append(ServiceRules(namespace: namespace, name: service.name, clusterIP: clusterIP,
                                      ports: Self.proxyPorts(service, subsets), endpoints: ready.compactMap { IPAddress($0.ip) }))
            records.append(DNSService(namespace: namespace, name: service.name, clusterIPs: clusterIP.map { [$0] } ?? [],
                                      ports: (service.spec.ports ?? []).compactMap { port in
                                          port.name.map { DNSService.Port(name: $0, transport: (port.protocol ?? "TCP").lowercased(),
                                                                          port: UInt16(clamping: port.port)) }
                                      },
                                      endpoints: ready.compactMap { address in
                                          IPAddress(address.ip).map { DNSService.Endpoint($0, hostname: address.targetRef?.name) }
                                      }))
        }
        dns.update(records: records)
        try proxy?.apply(services: rules)
    }

    /// Service ports with their target ports resolved from the Endpoints (named ports differ per pod;
    /// the first subset that resolves a port wins).
    static func proxyPorts(_ service: Service, _ subsets: [EndpointSubset]) -> [ProxyPort] {
        (service.spec.ports ?? []).compactMap { port in
            guard let transport = TransportProtocol(kubernetes: port.protocol ?? "TCP") else { return nil }
            let resolved = subsets.lazy.compactMap { $0.ports?.first { $0.name == port.name }?.port }.first
            let target: Int? = switch port.targetPort {
            case .int(let number)?: number
            case .string?: resolved
            case nil: port.port
            }
            guard let target else { return nil }
            return ProxyPort(name: port.name, transport, port: UInt16(clamping: port.port), targetPort: UInt16(clamping: target))
        }
    }
}
