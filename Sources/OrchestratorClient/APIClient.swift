import Foundation
import OrchestratorAPI

/// A refusal from the API server, with its Kubernetes `Status` reason and message.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var reason: String
    public var message: String

    init(status: Int, body: Data) {
        self.status = status
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        reason = json?["reason"] as? String ?? "HTTP \(status)"
        message = json?["message"] as? String ?? String(decoding: body, as: UTF8.self)
    }

    public var description: String { "Error from server (\(reason)): \(message)" }
    public var isNotFound: Bool { status == 404 }
}

/// Talks to `vcore server` the way kubectl talks to a Kubernetes API server.
public struct APIClient: Sendable {
    let transport: HTTPTransport

    public static let defaultSocketPath = "/run/vcore/api.sock"

    /// Over the server's Unix socket (root only).
    public init(socketPath: String = APIClient.defaultSocketPath) {
        transport = HTTPTransport(endpoint: .unixSocket(socketPath), token: nil)
    }

    /// Over TCP, with the server's bearer token.
    public init(host: String, port: Int, token: String?) {
        transport = HTTPTransport(endpoint: .tcp(host: host, port: port), token: token)
    }

    public func raw(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        try await transport.send(.init(rawValue: method), path, body: body)
    }

    func call<R: Decodable>(_ method: String, _ path: String, body: Data? = nil, as type: R.Type) async throws -> R {
        let (status, data) = try await raw(method, path, body: body)
        guard (200..<300).contains(status) else { throw APIError(status: status, body: data) }
        return try JSONDecoder().decode(R.self, from: data)
    }

    public func get<T: APIObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
        try await call("GET", T.resource.path(namespace: namespace, name: name), as: T.self)
    }

    public func list<T: APIObject>(_ type: T.Type, namespace: String?, labelSelector: String? = nil) async throws -> [T] {
        var path = T.resource.path(namespace: namespace)
        if let labelSelector { path += "?labelSelector=" + (labelSelector.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "") }
        return try await call("GET", path, as: ListBody<T>.self).items
    }

    public func create<T: APIObject>(_ object: T) async throws -> T {
        try await call("POST", T.resource.path(namespace: object.metadata.namespace ?? (T.resource.namespaced ? "default" : nil)),
                       body: JSONEncoder().encode(object), as: T.self)
    }

    public func update<T: APIObject>(_ object: T, status: Bool = false) async throws -> T {
        var path = T.resource.path(namespace: object.metadata.namespace ?? (T.resource.namespaced ? "default" : nil), name: object.name)
        if status { path += "/status" }
        return try await call("PUT", path, body: JSONEncoder().encode(object), as: T.self)
    }

    @discardableResult
    public func delete<T: APIObject>(_ type: T.Type, namespace: String?, name: String, gracePeriodSeconds: Int? = nil) async throws -> T {
        var path = T.resource.path(namespace: namespace, name: name)
        if let gracePeriodSeconds { path += "?gracePeriodSeconds=\(gracePeriodSeconds)" }
        return try await call("DELETE", path, as: T.self)
    }

    /// Creates the object, or replaces the stored one's spec (keeping its status): `kubectl apply`.
    public enum ApplyResult: String, Sendable { case created, configured, unchanged }

    public func apply<T: APIObject>(_ object: T) async throws -> ApplyResult {
        let namespace = object.metadata.namespace ?? (T.resource.namespaced ? "default" : nil)
        var manifest = object
        manifest.metadata.namespace = namespace
        manifest.apiVersion = T.resource.apiVersion
        manifest.kind = T.resource.kind
        let desired = manifest.json
        let lastApplied = try ThreeWayApply.lastApplied(desired)
        do {
            let current = try await get(T.self, namespace: namespace, name: object.name)
            let stored = current.json
            var merged = ThreeWayApply.merge(current: stored, previous: ThreeWayApply.previous(of: stored), desired: desired)
            merged.setAnnotation(ThreeWayApply.annotation, lastApplied)
            if try JSONEncoder.canonical(merged.withoutServerFields) == JSONEncoder.canonical(stored.withoutServerFields) {
                return .unchanged
            }
            _ = try await update(JSONDecoder().decode(T.self, from: JSONEncoder.canonical(merged)))
            return .configured
        } catch let error as APIError where error.isNotFound {
            var annotated = desired
            annotated.setAnnotation(ThreeWayApply.annotation, lastApplied)
            _ = try await create(JSONDecoder().decode(T.self, from: JSONEncoder.canonical(annotated)))
            return .created
        }
    }

    public func scale<T: APIObject>(_ type: T.Type, namespace: String?, name: String, replicas: Int) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["spec": ["replicas": replicas]])
        let (status, data) = try await raw("PUT", T.resource.path(namespace: namespace, name: name) + "/scale", body: body)
        guard status == 200 else { throw APIError(status: status, body: data) }
    }

    /// Changes as they happen: (ADDED/MODIFIED/DELETED, object).
    public func watch<T: APIObject>(_ type: T.Type, namespace: String?,
                                    resourceVersion: String? = nil) -> AsyncThrowingStream<(String, T), Error> {
        var path = T.resource.path(namespace: namespace) + "?watch=true"
        if let resourceVersion { path += "&resourceVersion=\(resourceVersion)" }
        let chunks = transport.stream(path)
        return AsyncThrowingStream { continuation in
            let task = Task {
                var pending = Data()
                do {
                    for try await chunk in chunks {
                        pending.append(chunk)
                        while let newline = pending.firstIndex(of: 0x0A) {
                            let line = pending[pending.startIndex..<newline]
                            pending.removeSubrange(pending.startIndex...newline)
                            if let event = try? JSONDecoder().decode(WatchLine<T>.self, from: line) {
                                continuation.yield((event.type, event.object))
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func logs(namespace: String, pod: String, container: String? = nil, previous: Bool = false,
                     follow: Bool = false, tailLines: Int? = nil) -> AsyncThrowingStream<Data, Error> {
        var path = Pod.resource.path(namespace: namespace, name: pod) + "/log?follow=\(follow)&previous=\(previous)"
        if let container { path += "&container=\(container)" }
        if let tailLines { path += "&tailLines=\(tailLines)" }
        return transport.stream(path)
    }

    public func exec(namespace: String, pod: String, container: String? = nil, command: [String]) async throws -> (exitCode: Int, output: String) {
        var body: [String: Any] = ["command": command]
        if let container { body["container"] = container }
        let result = try await call("POST", Pod.resource.path(namespace: namespace, name: pod) + "/exec",
                                    body: JSONSerialization.data(withJSONObject: body), as: ExecBody.self)
        return (result.exitCode, result.output)
    }
}

struct ListBody<T: APIObject>: Decodable {
    var items: [T]
}

struct WatchLine<T: APIObject>: Decodable {
    var type: String
    var object: T
}

struct ExecBody: Decodable {
    var exitCode: Int
    var output: String
}

extension APIObject {
    /// The object as JSON, the shape `apply` merges.
    var json: [String: Any] {
        guard let data = try? JSONEncoder().encode(self),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return json
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The object with status and server-managed metadata cleared: what `apply` compares.
    var withoutServerFields: [String: Any] {
        var json = self
        json["status"] = nil
        if var metadata = json["metadata"] as? [String: Any] {
            for key in ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"] { metadata[key] = nil }
            json["metadata"] = metadata
        }
        return json
    }

    mutating func setAnnotation(_ key: String, _ value: String) {
        var metadata = self["metadata"] as? [String: Any] ?? [:]
        var annotations = metadata["annotations"] as? [String: Any] ?? [:]
        annotations[key] = value
        metadata["annotations"] = annotations
        self["metadata"] = metadata
    }
}

extension JSONEncoder {
    static func canonical(_ json: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: json, options: .sortedKeys)
    }
}
