import Foundation

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
            throw ManifestError(object: label, field: "kind", problem: "unknown kind \(apiVersion) \(kind) (VCore serves: \(known))")
        }
        return try decode(object, as: type, label: label)
    }

    public static func decode<T: APIObject>(_ object: [String: Any], as type: T.Type, label: String) throws -> T {
        let metadata = object["metadata"] as? [String: Any]
        let name = (metadata?["name"] as? String) ?? (metadata?["generateName"] as? String) ?? "?"
        let namespace = metadata?["namespace"] as? String
        let label = "\(T.resource.kind) " + (namespace.map { "\($0)/" } ?? "") + name
        let data = try JSONSerialization.data(withJSONObject: object)
        let decoded: T
        do {
            decoded = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, object: label)
        }
        // Re-encode and compare key sets: anything the input has and the typed value does not is
        // a field VCore does not know.
        let reencoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(decoded))
        if let unknown = firstUnknownField(input: object, known: reencoded, path: "") {
            throw ManifestError(object: label, field: unknown, problem: "unknown field")
        }
        return decoded
    }

    static func firstUnknownField(input: Any, known: Any, path: String) -> String? {
        switch (input, known) {
        case (let input as [String: Any], let known as [String: Any]):
            for key in input.keys.sorted() {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let knownChild = known[key] else {
                    if input[key] is NSNull { continue }
                    return childPath
                }
                if let unknown = firstUnknownField(input: input[key]!, known: knownChild, path: childPath) { return unknown }
            }
        case (let input as [Any], let known as [Any]):
            for (index, element) in input.enumerated() where index < known.count {
                if let unknown = firstUnknownField(input: element, known: known[index], path: "\(path)[\(index)]") {
                    return unknown
                }
            }
        default:
            break
        }
        return nil
    }

    static func describe(_ error: DecodingError, object: String) -> ManifestError {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.reduce("") { result, key in
                if let index = key.intValue { return result + "[\(index)]" }
                return result.isEmpty ? key.stringValue : result + "." + key.stringValue
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ManifestError(object: object, field: path(context.codingPath), problem: "wrong type, expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return ManifestError(object: object, field: path(context.codingPath), problem: "null, expected \(typeName(type))")
        case .keyNotFound(let key, let context):
            return ManifestError(object: object, field: path(context.codingPath + [key]), problem: "required field missing")
        case .dataCorrupted(let context):
            return ManifestError(object: object, field: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return ManifestError(object: object, field: "", problem: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "\(type)".hasPrefix("Array") ? "a list" : ("\(type)".hasPrefix("Dictionary") ? "a map" : "an object")
        }
    }
}
