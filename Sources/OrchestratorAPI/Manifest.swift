import Foundation
import Yams

/// A multi-document YAML (or JSON) manifest, decoded into typed objects.
public enum Manifest {
    /// Every object of the manifest, in order; the first bad object or field is an error naming it.
    public static func parse(_ text: String) throws -> [any APIObject] {
        // Yams' load_all sequence stops quietly at a syntax error, which would drop the rest of the
        // manifest: walk the documents one by one so that an error surfaces.
        var documents = [Any?]()
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node.any) }
        } catch {
            throw ManifestError(object: "document \(documents.count + 1)", field: "", problem: "not valid YAML: \(error)")
        }
        var objects = [any APIObject]()
        for (index, document) in documents.enumerated() {
            guard let document else { continue }
            guard let object = jsonCompatible(document) as? [String: Any] else {
                throw ManifestError(object: "document \(index + 1)", field: "", problem: "not a map")
            }
            if object["kind"] as? String == "List", let items = object["items"] as? [Any] {
                for (itemIndex, item) in items.enumerated() {
                    guard let item = item as? [String: Any] else {
                        throw ManifestError(object: "document \(index + 1)", field: "items[\(itemIndex)]", problem: "not a map")
                    }
                    objects.append(try StrictDecoder.decode(item, label: "document \(index + 1) item \(itemIndex + 1)"))
                }
            } else {
                objects.append(try StrictDecoder.decode(object, label: "document \(index + 1)"))
            }
        }
        return objects
    }

    /// Yams gives Int, Double, Bool, String, arrays and maps with String or Any keys, and Date for
    /// timestamps; JSONSerialization wants Foundation's JSON types.
    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let map as [String: Any]: return map.mapValues(jsonCompatible)
        case let map as [AnyHashable: Any]:
            return Dictionary(uniqueKeysWithValues: map.map { ("\($0.key)", jsonCompatible($0.value)) })
        case let list as [Any]: return list.map(jsonCompatible)
        case let date as Date: return Timestamp.string(date)
        case is NSNull: return NSNull()
        default: return value
        }
    }
}
