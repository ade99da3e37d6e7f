import Foundation
import StrictCoding

/// A multi-document YAML (or JSON) manifest, decoded into typed objects.
public enum Manifest {
    /// Every object of the manifest, in order; the first bad object or field is an error naming it.
    public static func parse(_ text: String) throws -> [any APIObject] {
        let documents: [Any]
        do {
            documents = try StrictCoding.yamlDocuments(text)
        } catch let error as FieldError {
            throw ManifestError(object: error.problem.components(separatedBy: " is not").first ?? "manifest", field: "",
                                problem: "not valid YAML: " + (error.problem.components(separatedBy: "not valid YAML: ").last ?? error.problem))
        }
        var objects = [any APIObject]()
        for (index, document) in documents.enumerated() where !(document is NSNull) {
            guard let object = document as? [String: Any] else {
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
}
