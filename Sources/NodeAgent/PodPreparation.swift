import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Turns a pod's spec into what the runtime and the network need: attachments from the Multus
/// annotation, volumes written to disk, environment variables resolved.
struct PodPreparation {
    let store: ObjectStore
    let configuration: NodeAgentConfiguration

    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var description: String
    }

    /// Writes ConfigMap and Secret volumes (and creates emptyDirs) under the pod directory.
    func writeVolumes(_ pod: Pod, directory: String) throws -> [String: String] {
        var paths = [String: String]()
        let namespace = pod.metadata.namespace ?? "default"
        for volume in pod.spec.volumes ?? [] {
            let path = "\(directory)/volumes/\(volume.name)"
            if let source = volume.configMap {
                guard let configMap = try store.get(ConfigMap.self, namespace: namespace, name: source.name) else {
                    if source.optional == true { continue }
                    throw Failure(reason: "CreateContainerConfigError", description: "configmap \"\(source.name)\" not found")
                }
                try write(files: (configMap.data ?? [:]).mapValues { Data($0.utf8) }, items: source.items, to: path)
                paths[volume.name] = path
            } else if let source = volume.secret {
                guard let secret = try store.get(Secret.self, namespace: namespace, name: source.secretName) else {
                    if source.optional == true { continue }
                    throw Failure(reason: "CreateContainerConfigError", description: "secret \"\(source.secretName)\" not found")
                }
                try write(files: (secret.data ?? [:]).compactMapValues { Data(base64Encoded: $0) }, items: source.items, to: path)
                paths[volume.name] = path
            } else if volume.emptyDir != nil {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                paths[volume.name] = path
            } else if let hostPath = volume.hostPath {
                try Self.checkHostPath(hostPath.path, type: hostPath.type ?? "")
                paths[volume.name] = hostPath.path
            }
        }
        return paths
    }

    /// Kubernetes' hostPath types: the `...OrCreate` ones make what is missing, the others insist
    /// it is there already and of that kind (devices are checked where they are bound).
    static func checkHostPath(_ path: String, type: String) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        func refuse(_ problem: String) -> Failure {
            Failure(reason: "FailedMount", description: "hostPath type check failed: \(path) \(problem)")
        }
        switch type {
        case "DirectoryOrCreate":
            if !exists {
                do {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o755])
                } catch { throw refuse("cannot be created: \(error.localizedDescription)") }
            } else if !isDirectory.boolValue { throw refuse("is not a directory") }
        case "Directory":
            if !exists || !isDirectory.boolValue { throw refuse("is not a directory") }
        case "FileOrCreate":
            if !exists {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]) else {
                    throw refuse("cannot be created")
                }
            } else if isDirectory.boolValue { throw refuse("is not a file") }
        case "File":
            if !exists || isDirectory.boolValue { throw refuse("is not a file") }
        default:
            break
        }
    }

    private func write(files: [String: Data], items: [Volume.KeyToPath]?, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let selected: [(String, Data)] = items.map { items in items.compactMap { item in files[item.key].map { (item.path, $0) } } }
            ?? files.map { ($0.key, $0.value) }
        for (name, data) in selected {
            let file = "\(path)/\(name)"
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: file))
        }
    }

    /// A container's environment: literal values, then fields of the pod, ConfigMap and Secret keys.
    func environment(_ container: Container, pod: Pod) throws -> [String: String] {
        var result = ["HOSTNAME": pod.name]
        let namespace = pod.metadata.namespace ?? "default"
        for variable in container.env ?? [] {
            if let value = variable.value {
                result[variable.name] = value
            } else if let field = variable.valueFrom?.fieldRef {
                result[variable.name] = switch field.fieldPath {
                case "metadata.name": pod.name
                case "metadata.namespace": namespace
                case "metadata.uid": pod.metadata.uid ?? ""
                case "spec.nodeName": pod.spec.nodeName ?? ""
                case "status.podIP": pod.status?.podIP ?? ""
                case "status.hostIP": pod.status?.hostIP ?? ""
                default: ""
                }
            } else if let reference = variable.valueFrom?.configMapKeyRef {
                let value = try store.get(ConfigMap.self, namespace: namespace, name: reference.name)?.data?[reference.key]
                guard let value else {
                    if reference.optional == true { continue }
                    throw Failure(reason: "CreateContainerConfigError", description: "configmap key \(reference.name)/\(reference.key) not found")
                }
                result[variable.name] = value
            } else if let reference = variable.valueFrom?.secretKeyRef {
                let encoded = try store.get(Secret.self, namespace: namespace, name: reference.name)?.data?[reference.key]
                guard let value = encoded.flatMap({ Data(base64Encoded: $0) }).map({ String(decoding: $0, as: UTF8.self) }) else {
                    if reference.optional == true { continue }
                    throw Failure(reason: "CreateContainerConfigError", description: "secret key \(reference.name)/\(reference.key) not found")
                }
                result[variable.name] = value
            }
        }
        return result
    }
}
