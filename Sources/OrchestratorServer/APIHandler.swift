import Foundation
import OrchestratorAPI
import OrchestratorStore

/// Turns API requests into store operations: the REST part of the API server.
struct APIHandler: Sendable {
    let store: ObjectStore
    let podServices: (any PodServices)?

    func handle(method: String, uri: String, body: Data) async -> APIResponse {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "")
        let query = APIQuery(parts.count > 1 ? parts[1] : nil)
        switch path {
        case "/healthz", "/readyz", "/livez": return .body(status: 200, contentType: "text/plain", Data("ok".utf8))
        case "/version": return .json(200, ["gitVersion": "vcore-0.1", "platform": "linux"])
        default: break
        }
        if let namespace = Self.podMetricsNamespace(path) {
            guard method == "GET", let source = podServices as? any PodMetricsSource else {
                return .failure(404, reason: "NotFound", "the server could not find the requested resource (\(path))")
            }
            let items = await source.podUsage(namespace: namespace.isEmpty ? nil : namespace)
            return .json(200, PodMetricsList(items: items))
        }
        guard let apiPath = APIPath(path) else {
            return .failure(404, reason: "NotFound", "the server could not find the requested resource (\(path))")
        }
        do {
            return try await dispatch(apiPath.type, apiPath, method: method, query: query, body: body)
        } catch let error as StoreError {
            return .failure(error)
        } catch let error as ManifestError {
            return .failure(error)
        } catch {
            return .failure(500, reason: "InternalError", "\(error)")
        }
    }

    /// `/apis/metrics.k8s.io/v1beta1/pods` (all namespaces: "") or `.../namespaces/{ns}/pods`.
    static func podMetricsNamespace(_ path: String) -> String? {
        let prefix = "/apis/metrics.k8s.io/v1beta1/"
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        if rest == ["pods"] { return "" }
        if rest.count == 3, rest[0] == "namespaces", rest[2] == "pods" { return rest[1] }
        return nil
    }

    private func dispatch<T: APIObject>(_ type: T.Type, _ path: APIPath, method: String, query: APIQuery,
                                        body: Data) async throws -> APIResponse {
        switch (method, path.name, path.subresource) {
        case ("GET", nil, nil):
            if query.flag("watch") { return try watch(type, path, query) }
            let (items, version) = try store.list(T.self, namespace: path.namespace, selector: query["labelSelector"].flatMap(LabelSelector.init(query:)))
            return .json(200, ObjectList(metadata: .init(resourceVersion: String(version)), items: items))
        case ("GET", let name?, nil):
            return .json(200, try require(store.get(T.self, namespace: path.namespace, name: name), T.self, name))
        case ("POST", nil, nil):
            let object = try decode(T.self, body, path: path)
            return .json(201, try store.create(object))
        case ("PUT", let name?, let subresource) where subresource == nil || subresource == "status":
            var object = try decode(T.self, body, path: path)
            guard object.name == name else {
                throw StoreError(.badRequest, "the name of the object (\(object.name)) does not match the name on the URL (\(name))")
            }
            object.metadata.namespace = path.namespace
            return .json(200, try store.update(object, status: subresource == "status"))
        case ("PATCH", let name?, nil):
            return .json(200, try patch(T.self, path: path, name: name, body: body))
        case ("DELETE", let name?, nil):
            let options = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            let grace = query["gracePeriodSeconds"].flatMap(Int64.init) ?? (options?["gracePeriodSeconds"] as? Int).map(Int64.init)
            return .json(200, try store.delete(T.self, namespace: path.namespace, name: name, gracePeriodSeconds: grace))
        case (_, let name?, "scale"):
            return try scale(T.self, path: path, name: name, method: method, body: body)
        case ("GET", let name?, "log") where T.self == Pod.self:
            return try await logs(path: path, name: name, query: query)
        case ("POST", let name?, "exec") where T.self == Pod.self:
            return try await exec(path: path, name: name, body: body)
        default:
            return .failure(405, reason: "MethodNotAllowed", "\(method) is not supported on \(T.resource.plural)"
                            + (path.subresource.map { "/\($0)" } ?? ""))
        }
    }

    private func require<T: APIObject>(_ object: T?, _ type: T.Type, _ name: String) throws -> T {
        guard let object else { throw StoreError(.notFound, "\(T.resource.plural) \"\(name)\" not found") }
        return object
    }

    /// A body as the kind of the path, strictly: unknown fields are refused like in a manifest.
    private func decode<T: APIObject>(_ type: T.Type, _ body: Data, path: APIPath) throws -> T {
        guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw StoreError(.badRequest, "the request body is not a JSON object")
        }
        if let kind = json["kind"] as? String, kind != T.resource.kind {
            throw StoreError(.badRequest, "the body is a \(kind), the path is for \(T.resource.plural)")
        }
        var object = try StrictDecoder.decode(json, as: T.self, label: "")
        if T.resource.namespaced {
            if let namespace = object.metadata.namespace, namespace != path.namespace {
                throw StoreError(.badRequest, "the namespace of the object (\(namespace)) does not match the namespace on the URL")
            }
            object.metadata.namespace = path.namespace
        }
        return object
    }

    /// JSON merge patch (RFC 7386), what `kubectl patch --type merge` sends.
    private func patch<T: APIObject>(_ type: T.Type, path: APIPath, name: String, body: Data) throws -> T {
        let current = try require(store.get(T.self, namespace: path.namespace, name: name), T.self, name)
        guard let patch = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw StoreError(.badRequest, "the patch is not a JSON object")
        }
        let document = try JSONSerialization.jsonObject(with: JSONEncoder().encode(current))
        let merged = Self.mergePatch(document, patch)
        guard let object = merged as? [String: Any] else { throw StoreError(.badRequest, "the patch did not give an object") }
        return try store.update(try StrictDecoder.decode(object, as: T.self, label: ""))
    }

    static func mergePatch(_ target: Any, _ patch: Any) -> Any {
        guard let patch = patch as? [String: Any] else { return patch }
        var result = target as? [String: Any] ?? [:]
        for (key, value) in patch {
            if value is NSNull { result[key] = nil } else { result[key] = mergePatch(result[key] ?? [String: Any](), value) }
        }
        return result
    }

    private func watch<T: APIObject>(_ type: T.Type, _ path: APIPath, _ query: APIQuery) throws -> APIResponse {
        let selector = query["labelSelector"].flatMap(LabelSelector.init(query:))
        var initial = [Data]()
        var start = query["resourceVersion"].flatMap(Int64.init)
        if start == nil || start == 0 {
            // Like Kubernetes: without a version, the current objects come first as ADDED events.
            let (items, version) = try store.list(T.self, namespace: path.namespace, selector: selector)
            initial = items.compactMap { Self.eventLine(type: "ADDED", json: try? JSONEncoder().encode($0)) }
            start = version
        }
        let events = try store.watch(T.resource, namespace: path.namespace, after: start)
        let initialLines = initial
        let stream = AsyncStream<Data> { continuation in
            let task = Task {
                for line in initialLines { continuation.yield(line) }
                for await event in events {
                    if let selector, let object = try? JSONDecoder().decode(T.self, from: Data(event.json)),
                       !selector.matches(object.metadata.labels) { continue }
                    if let line = Self.eventLine(type: event.type.rawValue, json: Data(event.json)) { continuation.yield(line) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return .stream(status: 200, contentType: "application/json", stream)
    }

    static func eventLine(type: String, json: Data?) -> Data? {
        guard let json else { return nil }
        var line = Data("{\"type\":\"\(type)\",\"object\":".utf8)
        line.append(json)
        line.append(Data("}\n".utf8))
        return line
    }

    private func scale<T: APIObject>(_ type: T.Type, path: APIPath, name: String, method: String, body: Data) throws -> APIResponse {
        guard let scalable = T.self as? any ScalableObject.Type else {
            throw StoreError(.notFound, "\(T.resource.plural) have no scale subresource")
        }
        return try scale(scalable, path: path, name: name, method: method, body: body)
    }

    private func scale<T: ScalableObject>(_ type: T.Type, path: APIPath, name: String, method: String, body: Data) throws -> APIResponse {
        var object = try require(store.get(T.self, namespace: path.namespace, name: name), T.self, name)
        if method == "PUT" || method == "PATCH" {
            object.replicas = try Self.requestedReplicas(body)
            object = try store.update(object)
        }
        return .json(200, Scale(metadata: object.metadata, spec: .init(replicas: object.replicas),
                                status: .init(replicas: object.observedReplicas, selector: object.selectorQuery)))
    }

    static func requestedReplicas(_ body: Data) throws -> Int {
        guard let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              let spec = json["spec"] as? [String: Any], let replicas = spec["replicas"] as? Int, replicas >= 0 else {
            throw StoreError(.invalid, "Scale is invalid: spec.replicas: must be a number of replicas, 0 or more")
        }
        return replicas
    }

    private func logs(path: APIPath, name: String, query: APIQuery) async throws -> APIResponse {
        guard let podServices else { throw StoreError(.badRequest, "no node agent runs in this server") }
        let chunks = try await podServices.logs(namespace: path.namespace ?? "default", pod: name, container: query["container"],
                                                previous: query.flag("previous"), follow: query.flag("follow"),
                                                tailLines: query["tailLines"].flatMap(Int.init))
        let stream = AsyncStream<Data> { continuation in
            let task = Task {
                for await chunk in chunks { continuation.yield(Data(chunk)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return .stream(status: 200, contentType: "text/plain", stream)
    }

    private func exec(path: APIPath, name: String, body: Data) async throws -> APIResponse {
        guard let podServices else { throw StoreError(.badRequest, "no node agent runs in this server") }
        guard let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              let command = json["command"] as? [String], !command.isEmpty else {
            throw StoreError(.badRequest, "exec needs {\"command\": [...]}")
        }
        let (status, output) = try await podServices.exec(namespace: path.namespace ?? "default", pod: name,
                                                          container: json["container"] as? String, command: command)
        return .json(200, ExecResult(exitCode: Int(status), output: String(decoding: output, as: UTF8.self)))
    }
}

/// The answer to `POST pods/{name}/exec` (VCore's simple form of exec: no streaming, no TTY).
public struct ExecResult: Codable, Sendable {
    public var exitCode: Int
    public var output: String
}

/// Kinds with a scale subresource.
protocol ScalableObject: APIObject {
    var replicas: Int? { get set }
    var observedReplicas: Int { get }
    var selectorQuery: String { get }
}

extension Deployment: ScalableObject {
    var replicas: Int? {
        get { spec.replicas }
        set { spec.replicas = newValue }
    }
    var observedReplicas: Int { status?.replicas ?? 0 }
    var selectorQuery: String { spec.selector.queryString }
}

extension ReplicaSet: ScalableObject {
    var replicas: Int? {
        get { spec.replicas }
        set { spec.replicas = newValue }
    }
    var observedReplicas: Int { status?.replicas ?? 0 }
    var selectorQuery: String { spec.selector.queryString }
}

/// `PodMetricsList` of metrics.k8s.io/v1beta1.
struct PodMetricsList: Encodable {
    var apiVersion = "metrics.k8s.io/v1beta1"
    var kind = "PodMetricsList"
    var metadata: [String: String] = [:]
    var items: [PodUsage]
}
