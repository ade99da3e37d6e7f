import Foundation
import StrictCoding

/// Why a manifest or request body was refused: which object and which field.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// "Deployment vcore/mme", or "document 3" when the object cannot be named.
    public var object: String
    /// "spec.template.spec.containers[0].image", empty when about the whole object.
    public var field: String
    public var problem: String

    public init(object: String, field: String, problem: String) {
        self.object = object
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? "\(object): \(problem)" : "\(object): \(field): \(problem)" }
}

/// Decodes objects the way the Kubernetes API server does in strict mode: a field the schema does
/// not have is an error that names it, instead of being silently dropped.
public enum StrictDecoder {
    /// Decodes a JSON object (as parsed by JSONSerialization or Yams) into its kind's type.
    public static func decode(_ object: [String: Any], label: String) throws -> any APIObject {
        guard let apiVersion = object["apiVersion"] as? String else {
            throw ManifestError(object: label, field: "apiVersion", problem: "missing")
        }
        guard let kind = object["kind"] as? String else {
            throw ManifestError(object: label, field: "kind", problem: "missing")
        }
        guard let type = APIKinds.type(apiVersion: apiVersion, kind: kind) else {
            let known = APIKinds.all.map { "\($0.resource.apiVersion) \($0.resource.kind)" }.joined(separator: ", ")
            // Name the object as far as it can be read, so that the user finds it in a long manifest.
            let metadata = object["metadata"] as? [String: Any]
            let named = (metadata?["name"] as? String).map { name in
                "\(label) (\(kind) " + ((metadata?["namespace"] as? String).map { "\($0)/" } ?? "") + "\(name))"
            } ?? label
            throw ManifestError(object: named, field: "kind", problem: "unknown kind \(apiVersion) \(kind) (VCore serves: \(known))")
        }
        return try decode(object, as: type, label: label)
    }

    public static func decode<T: APIObject>(_ object: [String: Any], as type: T.Type, label: String) throws -> T {
        let metadata = object["metadata"] as? [String: Any]
        let name = (metadata?["name"] as? String) ?? (metadata?["generateName"] as? String) ?? "?"
        let namespace = metadata?["namespace"] as? String
        let label = "\(T.resource.kind) " + (namespace.map { "\($0)/" } ?? "") + name
        do {
            return try StrictCoding.decode(object, as: T.self)
        } catch {
            throw ManifestError(object: label, field: error.field, problem: error.problem)
        }
    }
}
