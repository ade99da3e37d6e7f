import Foundation
import GRDB
import OrchestratorAPI

/// What the API server fills in or checks when an object is created, beyond generic metadata:
/// Secrets' `stringData` folded into `data`, Services' ClusterIP allocated.
enum Admission {
    /// The service CIDR ClusterIPs come from (10.96.0.0/16, as kubeadm's default).
    static let serviceNetwork: UInt32 = 0x0A60_0000
    static let serviceNetworkSize: UInt32 = 1 << 16

    static func prepare<T: APIObject>(_ object: inout T, db: Database) throws {
        if var namespace = object as? Namespace {
            // Deleting a namespace only marks it; the namespace controller empties it, then drops
            // this finalizer, which lets the store remove it.
            namespace.metadata.finalizers = ["kubernetes"]
            namespace.status = Namespace.Status(phase: "Active")
            object = namespace as! T
        }
        if var secret = object as? Secret {
            for (key, value) in secret.stringData ?? [:] {
                secret.data = secret.data ?? [:]
                secret.data![key] = Data(value.utf8).base64EncodedString()
            }
            secret.stringData = nil
            object = secret as! T
        }
        if var service = object as? Service {
            try allocateClusterIP(&service, db: db)
            object = service as! T
        }
    }

    static func allocateClusterIP(_ service: inout Service, db: Database) throws {
        if service.isHeadless { return }
        let rows = try Row.fetchAll(db, sql: "SELECT json FROM objects WHERE kind = ?",
                                    arguments: [ObjectStore.kindKey(Service.resource)])
        let used = Set(try rows.compactMap { try JSONDecoder().decode(Service.self, from: $0["json"] as Data).spec.clusterIP })
        if let requested = service.spec.clusterIP, !requested.isEmpty {
            guard let address = parse(requested), address & 0xFFFF_0000 == serviceNetwork else {
                throw StoreError(.invalid, "Service \"\(service.name)\" is invalid: spec.clusterIP: \(requested) is not in 10.96.0.0/16")
            }
            guard !used.contains(requested) else {
                throw StoreError(.invalid, "Service \"\(service.name)\" is invalid: spec.clusterIP: \(requested) is already allocated")
            }
        } else {
            // .0 is the network, .1 by convention the API; hand out from .10 up.
            guard let free = (10..<(serviceNetworkSize - 1)).lazy.map({ format(serviceNetwork + $0) })
                .first(where: { !used.contains($0) }) else {
                throw StoreError(.invalid, "Service \"\(service.name)\": no free ClusterIP in 10.96.0.0/16")
            }
            service.spec.clusterIP = free
        }
        service.spec.clusterIPs = [service.spec.clusterIP!]
        service.spec.type = service.spec.type ?? "ClusterIP"
    }

    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        return parts.reduce(0) { $0 << 8 | $1 }
    }

    static func format(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String(address >> UInt32($0) & 0xFF) }.joined(separator: ".")
    }
}
