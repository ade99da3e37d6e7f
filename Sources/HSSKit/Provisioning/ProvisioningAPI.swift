import Foundation
import Logging
import Metrics
import NIOCore
import StrictCoding

/// An HTTP request as the provisioning API sees it: the transport (NIOHTTP1 in the `hss`
/// process, nothing in tests) hands over the method, the target and the body as it streams in.
public struct ProvisioningRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var contentType: String?

    public init(method: String, target: String, contentType: String? = nil) {
        self.method = method.uppercased()
        let parts = target.split(separator: "?", maxSplits: 1)
        path = parts.first.map(String.init) ?? "/"
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                let value = keyValue.count == 2 ? (String(keyValue[1]).removingPercentEncoding ?? String(keyValue[1])) : ""
                query[key] = value
            }
        }
        self.query = query
        self.contentType = contentType
    }
}

public struct ProvisioningResponse: Sendable {
    public var status: Int
    public var body: ByteBuffer
    public var contentType = "application/json"

    init(status: Int, json: Any) {
        self.status = status
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data("{}".utf8)
        body = ByteBuffer(bytes: data)
        body.writeString("\n")
    }

    static func error(_ status: Int, _ message: String, field: String? = nil) -> ProvisioningResponse {
        var json: [String: Any] = ["error": field.map { $0.isEmpty ? message : "\($0): \(message)" } ?? message]
        if let field { json["field"] = field; json["reason"] = message }
        return ProvisioningResponse(status: status, json: json)
    }
}

/// The HSS's provisioning API: subscribers as JSON resources under /v1/subscribers.
///
/// | method and path | does |
/// |---|---|
/// | `GET /v1/subscribers?limit=N&continue=IMSI` | a page in IMSI order; `continue` in the answer fetches the next |
/// | `POST /v1/subscribers` | creates (409 if the IMSI exists) |
/// | `GET /v1/subscribers/{imsi}` | reads |
/// | `PUT /v1/subscribers/{imsi}` | replaces (the SQN never moves back) |
/// | `DELETE /v1/subscribers/{imsi}` | deletes |
/// | `POST /v1/subscribers:import?format=csv\|ndjson&onConflict=fail\|replace` | streams a bulk import |
///
/// A refused record names its field: `{"error": "k: not 32 hexadecimal digits", "field": "k", ...}`.
public final class ProvisioningAPI: Sendable {
    public let store: SubscriberStore
    /// The largest body of a single-subscriber request; imports stream and have no limit.
    public let maximumRecordBytes = 1 << 20
    let logger: Logger
    private let subscriberCount = Gauge(label: "hss_subscribers")

    public init(store: SubscriberStore, logger: Logger = Logger(label: "vcore.hss.provisioning")) {
        self.store = store
        self.logger = logger
    }

    /// Sets the `hss_subscribers` gauge from the store (after every change, and at start).
    public func refreshSubscriberCount() async {
        if let count = try? await store.count() { subscriberCount.record(count) }
    }

    private func changed() {
        Task { await refreshSubscriberCount() }
    }

    static let collection = "/v1/subscribers"

    public func respond(to request: ProvisioningRequest, body: some AsyncSequence<ByteBuffer, any Error>) async -> ProvisioningResponse {
        do {
            if request.path == Self.collection + ":import" {
                guard request.method == "POST" else { return .error(405, "use POST") }
                return try await importSubscribers(request, body: body)
            }
            if request.path == Self.collection || request.path == Self.collection + "/" {
                switch request.method {
                case "GET": return try await list(request)
                case "POST": return try await create(try await record(body))
                default: return .error(405, "use GET or POST")
                }
            }
            guard request.path.hasPrefix(Self.collection + "/") else { return .error(404, "no such resource: \(request.path)") }
            let imsi = String(request.path.dropFirst(Self.collection.count + 1))
            switch request.method {
            case "GET":
                guard let subscriber = try await store.subscriber(imsi: imsi) else { return .error(404, "subscriber \(imsi) not found") }
                return ProvisioningResponse(status: 200, json: subscriber.record)
            case "PUT":
                let subscriber = try Subscriber(record: try await record(body), imsi: imsi)
                try await store.replace(subscriber)
                changed()
                return ProvisioningResponse(status: 200, json: (try await store.subscriber(imsi: imsi) ?? subscriber).record)
            case "DELETE":
                guard try await store.delete(imsi: imsi) else { return .error(404, "subscriber \(imsi) not found") }
                changed()
                return ProvisioningResponse(status: 200, json: ["deleted": imsi])
            default:
                return .error(405, "use GET, PUT or DELETE")
            }
        } catch let error as FieldError {
            return .error(400, error.problem, field: error.field)
        } catch let error as StoreError {
            switch error {
            case .alreadyExists, .duplicate: return .error(409, error.description, field: error.field)
            case .notFound: return .error(404, error.description)
            case .database:
                logger.error("provisioning failed", metadata: ["error": "\(error)"])
                return .error(500, error.description)
            }
        } catch let error as BodyTooLarge {
            return .error(413, "request body above \(error.limit) bytes")
        } catch {
            return .error(400, "\(error)")
        }
    }

    struct BodyTooLarge: Error { var limit: Int }

    private func record(_ body: some AsyncSequence<ByteBuffer, any Error>) async throws -> [String: Any] {
        var data = Data()
        for try await chunk in body {
            data.append(contentsOf: chunk.readableBytesView)
            if data.count > maximumRecordBytes { throw BodyTooLarge(limit: maximumRecordBytes) }
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw FieldError(field: "", problem: "the body is not a JSON object")
        }
        return object
    }

    private func create(_ record: [String: Any]) async throws -> ProvisioningResponse {
        let subscriber = try Subscriber(record: record)
        try await store.create(subscriber)
        changed()
        logger.info("subscriber created", metadata: ["imsi": "\(subscriber.imsi)"])
        return ProvisioningResponse(status: 201, json: subscriber.record)
    }

    private func list(_ request: ProvisioningRequest) async throws -> ProvisioningResponse {
        var limit = 100
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw FieldError(field: "limit", problem: "\"\(text)\" is not a number from 1 to 10000")
            }
            limit = value
        }
        let page = try await store.list(after: request.query["continue"].flatMap { $0.isEmpty ? nil : $0 }, limit: limit + 1)
        var json: [String: Any] = ["items": page.prefix(limit).map(\.record)]
        if page.count > limit, let last = page.prefix(limit).last { json["continue"] = last.imsi }
        return ProvisioningResponse(status: 200, json: json)
    }

    private func importSubscribers(_ request: ProvisioningRequest, body: some AsyncSequence<ByteBuffer, any Error>) async throws -> ProvisioningResponse {
        let format: BulkImporter.Format
        switch request.query["format"] ?? "" {
        case "csv": format = .csv
        case "ndjson", "jsonl", "json": format = .ndjson
        case "": format = request.contentType?.contains("csv") == true ? .csv : .ndjson
        case let other: throw FieldError(field: "format", problem: "\"\(other)\" is not csv or ndjson")
        }
        let replacing: Bool
        switch request.query["onConflict"] ?? "fail" {
        case "fail": replacing = false
        case "replace": replacing = true
        case let other: throw FieldError(field: "onConflict", problem: "\"\(other)\" is not fail or replace")
        }
        var importer = BulkImporter(format: format, store: store, replacingExisting: replacing)
        for try await chunk in body { try await importer.consume(chunk) }
        let report = try await importer.finish()
        changed()
        logger.info("bulk import", metadata: ["imported": "\(report.imported)", "failed": "\(report.failures.count)"])
        return ProvisioningResponse(status: 200, json: report.record)
    }
}
