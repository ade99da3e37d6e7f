import Foundation
import Yams

/// A field a document has wrong, named by its path ("s1ap.bind", "spec.containers[0].image").
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
}

/// Decoding that refuses what a typed model does not have, as the Kubernetes API server does in
/// strict mode and as VCore's network functions do with their configuration: a misspelt field is
/// an error naming it, never silently ignored.
public enum StrictCoding {
    /// The YAML documents of `text`, as JSON-compatible values (maps, lists, strings, numbers,
    /// booleans). A syntax error is thrown, never a silently shorter list.
    public static func yamlDocuments(_ text: String) throws -> [Any] {
        var documents = [Any]()
        do {
            // Yams' load_all sequence stops quietly at a syntax error: walk the documents one by one.
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                documents.append(jsonCompatible(node.any))
            }
        } catch {
            throw FieldError(field: "", problem: "document \(documents.count + 1) is not valid YAML: \(error)")
        }
        return documents
    }

    /// Decodes a JSON-compatible value into `T`, then checks that every field of the input exists
    /// in `T`: anything `T` does not encode back is an unknown field.
    public static func decode<T: Codable>(_ value: Any, as type: T.Type) throws(FieldError) -> T {
        let decoded: T
        do {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            decoded = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw FieldError(field: "", problem: "\(error)")
        }
        guard let data = try? JSONEncoder().encode(decoded),
              let known = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return decoded }
        if let unknown = firstUnknownField(input: value, known: known, path: "") {
            throw FieldError(field: unknown, problem: "unknown field")
        }
        return decoded
    }

    /// Parses one YAML document into `T`, strictly.
    public static func decodeYAML<T: Codable>(_ text: String, as type: T.Type) throws(FieldError) -> T {
        let documents: [Any]
        do {
            documents = try yamlDocuments(text)
        } catch let error as FieldError {
            throw error
        } catch {
            throw FieldError(field: "", problem: "\(error)")
        }
        guard documents.count == 1 else { throw FieldError(field: "", problem: "expected one YAML document, found \(documents.count)") }
        return try decode(documents[0], as: T.self)
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
                if let unknown = firstUnknownField(input: element, known: known[index], path: "\(path)[\(index)]") { return unknown }
            }
        default:
            break
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> FieldError {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.reduce("") { result, key in
                if let index = key.intValue { return result + "[\(index)]" }
                return result.isEmpty ? key.stringValue : result + "." + key.stringValue
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), problem: "wrong type, expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return FieldError(field: path(context.codingPath), problem: "null, expected \(typeName(type))")
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), problem: "required field missing")
        case .dataCorrupted(let context):
            return FieldError(field: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return FieldError(field: "", problem: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt16.Type, is UInt32.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "a list" : ("\(type)".hasPrefix("Dictionary") ? "a map" : "an object")
        }
    }

    /// Yams gives Int, Double, Bool, String, arrays and maps with String or Any keys, and Date for
    /// timestamps; JSONSerialization wants Foundation's JSON types.
    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let map as [String: Any]: return map.mapValues(jsonCompatible)
        case let map as [AnyHashable: Any]:
            return Dictionary(uniqueKeysWithValues: map.map { ("\($0.key)", jsonCompatible($0.value)) })
        case let list as [Any]: return list.map(jsonCompatible)
        case let date as Date:
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: date)
        default: return value
        }
    }
}
