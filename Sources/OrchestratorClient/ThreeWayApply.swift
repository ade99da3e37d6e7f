import Foundation
import OrchestratorAPI

/// `kubectl apply`'s three-way merge, for JSON objects: the stored object keeps what the server
/// filled in (a Service's clusterIP, defaults, labels someone else added), takes every field of
/// the new manifest, and loses the fields an earlier apply set that the new manifest no longer has.
/// The earlier apply is remembered in the annotation kubectl uses, so the two tools agree.
enum ThreeWayApply {
    static let annotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// The manifest as the annotation keeps it: sorted keys, no annotation of itself.
    static func lastApplied(_ manifest: [String: Any]) throws -> String {
        var manifest = manifest
        if var metadata = manifest["metadata"] as? [String: Any] {
            var annotations = metadata["annotations"] as? [String: Any] ?? [:]
            annotations[annotation] = nil
            metadata["annotations"] = annotations.isEmpty ? nil : annotations
            manifest["metadata"] = metadata
        }
        return String(decoding: try JSONEncoder.canonical(manifest), as: UTF8.self)
    }

    /// The object to store: `current` with `desired` merged in and fields dropped since `previous`.
    static func merge(current: [String: Any], previous: [String: Any]?, desired: [String: Any]) -> [String: Any] {
        var result = current
        for (key, value) in desired {
            if let desiredObject = value as? [String: Any], let currentObject = current[key] as? [String: Any] {
                result[key] = merge(current: currentObject, previous: previous?[key] as? [String: Any], desired: desiredObject)
            } else {
                result[key] = value
            }
        }
        for key in (previous ?? [:]).keys where desired[key] == nil {
            result[key] = nil
        }
        return result
    }

    /// What `previous` was, read back from the stored object's annotation.
    static func previous(of current: [String: Any]) -> [String: Any]? {
        let metadata = current["metadata"] as? [String: Any]
        guard let text = (metadata?["annotations"] as? [String: Any])?[annotation] as? String else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
