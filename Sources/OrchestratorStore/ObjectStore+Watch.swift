import Foundation
import GRDB
import OrchestratorAPI

extension ObjectStore {
    /// A stream of changes to `resource` (all kinds for nil) in `namespace` (all for nil), starting
    /// after `resourceVersion` (the changes since then are replayed first) or now. A version older
    /// than the retained history is Gone (410), as in Kubernetes: the client lists again.
    public func watch(_ resource: ResourceType?, namespace: String?, after resourceVersion: Int64?) throws -> AsyncStream<WatchEvent> {
        let filter: @Sendable (WatchEvent) -> Bool = { event in
            (resource == nil || event.resource == resource!) && (namespace == nil || event.namespace == namespace)
        }
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        // Registering and replaying inside a write transaction: no change can land between the two.
        try database.write { db in
            if let resourceVersion {
                let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(resourceVersion) FROM events") ?? 0
                let current = try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
                if resourceVersion < oldest - 1 && resourceVersion < current {
                    throw StoreError(.gone, "too old resource version: \(resourceVersion) (\(oldest))")
                }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT resourceVersion, type, kind, namespace, name, json FROM events
                    WHERE resourceVersion > ? ORDER BY resourceVersion
                    """, arguments: [resourceVersion])
                for row in rows {
                    guard let event = Self.event(from: row), filter(event) else { continue }
                    continuation.yield(event)
                }
            }
            watchers.withLock { $0[id] = Watcher(filter: filter, continuation: continuation) }
        }
        continuation.onTermination = { [weak self] _ in
            self?.watchers.withLock { _ = $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every watch (server shutdown).
    public func closeWatches() {
        let all = watchers.withLock { watchers in
            defer { watchers.removeAll() }
            return Array(watchers.values)
        }
        for watcher in all { watcher.continuation.finish() }
    }

    func record(_ db: Database, _ type: WatchEvent.Kind, _ resource: ResourceType, _ namespace: String?,
                _ name: String, _ revision: Int64, _ json: Data) throws {
        try db.execute(sql: "INSERT INTO events (resourceVersion, type, kind, namespace, name, json) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [revision, type.rawValue, Self.kindKey(resource), namespace ?? "", name, json])
        if revision % 1000 == 0 {
            try db.execute(sql: "DELETE FROM events WHERE resourceVersion <= ?", arguments: [revision - Int64(Self.retainedEvents)])
        }
        let event = WatchEvent(type: type, resource: resource, namespace: namespace, name: name, resourceVersion: revision,
                               json: Array(json))
        let interested = watchers.withLock { $0.values.filter { $0.filter(event) } }
        for watcher in interested { watcher.continuation.yield(event) }
    }

    static func event(from row: Row) -> WatchEvent? {
        let kindKey: String = row["kind"]
        guard let type = WatchEvent.Kind(rawValue: row["type"]),
              let resource = APIKinds.all.first(where: { kindKey == Self.kindKey($0.resource) })?.resource else { return nil }
        let namespace: String = row["namespace"]
        let json: Data = row["json"]
        return WatchEvent(type: type, resource: resource, namespace: namespace.isEmpty ? nil : namespace, name: row["name"],
                          resourceVersion: row["resourceVersion"], json: Array(json))
    }
}
