import Foundation

/// Where a kind lives in the API: group/version, kind, the plural used in paths, and whether its
/// objects belong to a namespace.
public struct ResourceType: Hashable, Sendable, CustomStringConvertible {
    public let group: String
    public let version: String
    public let kind: String
    public let plural: String
    public let namespaced: Bool

    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
    }

    /// "v1" or "apps/v1", as in `apiVersion`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The collection path, e.g. /api/v1/namespaces/vcore/pods or /apis/apps/v1/deployments.
    public func path(namespace: String?, name: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(plural)"
        if let name { path += "/\(name)" }
        return path
    }

    public var description: String { kind }
}

/// What every stored kind is: Kubernetes-shaped, Codable, with metadata.
public protocol APIObject: Codable, Hashable, Sendable {
    static var resource: ResourceType { get }
    var apiVersion: String? { get set }
    var kind: String? { get set }
    var metadata: ObjectMeta { get set }
}

extension APIObject {
    public var name: String { metadata.name ?? "" }
    public var namespace: String? { metadata.namespace }

    /// "Deployment vcore/mme" for messages.
    public var reference: String {
        Self.resource.kind + " " + (Self.resource.namespaced ? "\(metadata.namespace ?? "default")/" : "") + name
    }

    public func ownerReference(controller: Bool = true) -> OwnerReference {
        OwnerReference(apiVersion: Self.resource.apiVersion, kind: Self.resource.kind, name: name,
                       uid: metadata.uid ?? "", controller: controller)
    }
}

/// Every kind VCore serves, to go from `apiVersion`/`kind` or a path to a Swift type.
public enum APIKinds {
    public static let all: [any APIObject.Type] = [
        Namespace.self, ConfigMap.self, Secret.self, Service.self, Pod.self, Endpoints.self,
        Deployment.self, ReplicaSet.self, NetworkAttachmentDefinition.self,
    ]

    public static func type(apiVersion: String, kind: String) -> (any APIObject.Type)? {
        all.first { $0.resource.apiVersion == apiVersion && $0.resource.kind == kind }
    }

    public static func type(group: String, version: String, plural: String) -> (any APIObject.Type)? {
        all.first { $0.resource.group == group && $0.resource.version == version && $0.resource.plural == plural }
    }

    /// For the CLI: "pods", "pod", "po", "deploy", "deployment/mme" style names.
    public static func type(named name: String) -> (any APIObject.Type)? {
        let lower = name.lowercased()
        let shortNames: [String: String] = [
            "po": "pods", "svc": "services", "ns": "namespaces", "cm": "configmaps", "deploy": "deployments",
            "rs": "replicasets", "ep": "endpoints", "net-attach-def": "network-attachment-definitions",
            "nad": "network-attachment-definitions",
        ]
        let plural = shortNames[lower] ?? lower
        return all.first {
            $0.resource.plural == plural || $0.resource.kind.lowercased() == plural || $0.resource.plural == plural + "s"
        }
    }
}
