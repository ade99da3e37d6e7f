import Foundation
import GRDB
import OrchestratorAPI
import Synchronization

/// The cluster's state: every object, persisted in SQLite so that a restart of `vcore server`
/// loses nothing, with a global resourceVersion (etcd's revision) for optimistic concurrency and
/// a watch that replays recent changes from a resourceVersion.
public final class ObjectStore: Sendable {
    let database: DatabaseQueue
    let watchers = Mutex<[UUID: Watcher]>([:])
    /// Changes kept for watches that start at an older resourceVersion.
    static let retainedEvents = 10_000

    struct Watcher {
        var filter: @Sendable (WatchEvent) -> Bool
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    /// Opens (or creates) the store at `path`; ":memory:" for tests.
    public init(path: String) throws {
        database = path == ":memory:" ? try DatabaseQueue() : try DatabaseQueue(path: path)
        try migrate()
        if try get(Namespace.self, namespace: nil, name: "default") == nil {
            _ = try create(Namespace(name: "default"))
        }
    }

    private func migrate() throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE objects (
                    kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                    uid TEXT NOT NULL, resourceVersion INTEGER NOT NULL, json BLOB NOT NULL,
                    PRIMARY KEY (kind, namespace, name));
                CREATE TABLE events (
                    resourceVersion INTEGER PRIMARY KEY, type TEXT NOT NULL, kind TEXT NOT NULL,
                    namespace TEXT NOT NULL, name TEXT NOT NULL, json BLOB NOT NULL);
                CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                INSERT INTO revision (id, value) VALUES (1, 0);
                """)
        }
        try migrator.migrate(database)
    }

    /// The key of a kind in the tables: "apps/Deployment".
    static func kindKey(_ resource: ResourceType) -> String { "\(resource.group)/\(resource.kind)" }

    public var currentResourceVersion: Int64 {
        (try? database.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") }) ?? 0
    }
}
