import Foundation
import OrchestratorAPI

/// A request path of the Kubernetes API, taken apart:
/// `/api/v1/namespaces/vcore/pods/mme-1/log` → pods, namespace vcore, name mme-1, subresource log.
struct APIPath: Equatable {
    var type: any APIObject.Type
    var namespace: String?
    var name: String?
    var subresource: String?

    static func == (lhs: APIPath, rhs: APIPath) -> Bool {
        lhs.type == rhs.type && lhs.namespace == rhs.namespace && lhs.name == rhs.name && lhs.subresource == rhs.subresource
    }

    init(type: any APIObject.Type, namespace: String?, name: String?, subresource: String?) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
    }

    /// Nil for paths outside the object API (and for unknown kinds: the caller answers 404).
    init?(_ path: String) {
        var segments = path.split(separator: "/").map(String.init)
        let group: String
        let version: String
        switch segments.first {
        case "api":
            guard segments.count >= 2 else { return nil }
            group = ""
            version = segments[1]
            segments.removeFirst(2)
        case "apis":
            guard segments.count >= 3 else { return nil }
            group = segments[1]
            version = segments[2]
            segments.removeFirst(3)
        default:
            return nil
        }
        var namespace: String?
        // namespaces/{ns}/{plural}/... is a namespaced collection; namespaces or namespaces/{name}
        // [/status] is the Namespace kind itself.
        if segments.first == "namespaces", segments.count >= 3, segments[2] != "status" {
            namespace = segments[1]
            segments.removeFirst(2)
        }
        guard let plural = segments.first,
              let type = APIKinds.type(group: group, version: version, plural: plural) else { return nil }
        self.type = type
        self.namespace = type.resource.namespaced ? namespace : nil
        name = segments.count > 1 ? segments[1] : nil
        subresource = segments.count > 2 ? segments[2] : nil
        guard segments.count <= 3 else { return nil }
    }
}

/// The query parameters the API understands.
struct APIQuery {
    var parameters: [String: String] = [:]

    init(_ query: Substring?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
    }

    subscript(_ name: String) -> String? { parameters[name] }
    func flag(_ name: String) -> Bool { parameters[name] == "true" || parameters[name] == "1" }
}
