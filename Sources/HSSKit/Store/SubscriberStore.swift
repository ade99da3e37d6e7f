import Foundation
import GRDB
import MobileCrypto

/// Why the store refused a change.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case alreadyExists(imsi: String)
    case notFound(imsi: String)
    /// Another subscriber already has this MSISDN, IMPI or IMPU.
    case duplicate(field: String, value: String)
    case database(String)

    public var description: String {
        switch self {
        case .alreadyExists(let imsi): "subscriber \(imsi) already exists"
        case .notFound(let imsi): "subscriber \(imsi) not found"
        case .duplicate(let field, let value): "\(field) \"\(value)\" belongs to another subscriber"
        case .database(let reason): "database: \(reason)"
        }
    }

    /// The field a duplicate names, for the API's refusal.
    public var field: String {
        switch self {
        case .alreadyExists: "imsi"
        case .duplicate(let field, _): field
        default: ""
        }
    }
}

/// Where the subscriber is registered, as the S6a procedures leave it.
public struct Registration: Hashable, Sendable {
    public var mmeHost: String?
    public var mmeRealm: String?
    /// Set by a Purge-UE from the registered MME (TS 29.272 5.2.2.1.3).
    public var purged: Bool
    public var imei: String?
}

/// The subscriber database: SQLite through GRDB, in WAL mode, on the volume at `path`.
///
/// Writes that must be durable before an answer leaves (a new SQN before its AIA, a new serving
/// MME before its ULA) go through a group commit: the requests that arrive while a transaction
/// is being committed share the next one, so a disk flush is paid per batch, not per request.
public final class SubscriberStore: Sendable {
    public enum Durability: String, Sendable, CaseIterable {
        /// fsync at every commit: a committed SQN survives a power loss.
        case full
        /// fsync at checkpoints only: a committed SQN survives the process being killed (it is in
        /// the kernel's cache), not a power loss.
        case normal
    }

    let pool: DatabasePool
    let committer: GroupCommitter

    public init(path: String, durability: Durability = .full) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        committer = GroupCommitter(pool: pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("subscribers-v1") { db in
            try db.execute(sql: """
                CREATE TABLE subscribers (
                    imsi TEXT PRIMARY KEY NOT NULL,
                    k BLOB NOT NULL,
                    opc BLOB NOT NULL,
                    op BLOB,
                    amf INTEGER NOT NULL,
                    sqn INTEGER NOT NULL,
                    msisdn TEXT UNIQUE,
                    impi TEXT UNIQUE,
                    profile TEXT,
                    mme_host TEXT,
                    mme_realm TEXT,
                    ue_purged INTEGER NOT NULL DEFAULT 0,
                    imei TEXT,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE public_identities (
                    impu TEXT PRIMARY KEY NOT NULL,
                    imsi TEXT NOT NULL REFERENCES subscribers(imsi) ON DELETE CASCADE
                );
                CREATE INDEX public_identities_imsi ON public_identities(imsi);
                CREATE TABLE apn_gateways (
                    imsi TEXT NOT NULL REFERENCES subscribers(imsi) ON DELETE CASCADE,
                    apn TEXT NOT NULL,
                    pgw_host TEXT NOT NULL,
                    pgw_realm TEXT,
                    PRIMARY KEY (imsi, apn)
                );
                """)
        }
        return migrator
    }

    // MARK: Provisioning

    public func create(_ subscriber: Subscriber) async throws(StoreError) {
        try await write { db throws(StoreError) in
            guard try Self.insert(subscriber, into: db, replacing: false) else { throw .alreadyExists(imsi: subscriber.imsi) }
        }
    }

    /// Replaces a subscriber's data. The SQN only moves forward: a provisioned value below the
    /// stored one is ignored, so that re-provisioning never makes the HSS reuse a vector.
    public func replace(_ subscriber: Subscriber) async throws(StoreError) {
        try await write { db throws(StoreError) in
            let stored = try Self.database { try UInt64.fetchOne(db, sql: "SELECT sqn FROM subscribers WHERE imsi = ?", arguments: [subscriber.imsi]) }
            guard let stored else { throw .notFound(imsi: subscriber.imsi) }
            var updated = subscriber
            updated.sqn = max(stored, subscriber.sqn)
            _ = try Self.insert(updated, into: db, replacing: true)
        }
    }

    @discardableResult
    public func delete(imsi: String) async throws(StoreError) -> Bool {
        try await write { db throws(StoreError) in
            try Self.database { try db.execute(sql: "DELETE FROM subscribers WHERE imsi = ?", arguments: [imsi]) }
            return db.changesCount > 0
        }
    }

    public func subscriber(imsi: String) async throws(StoreError) -> Subscriber? {
        try await read { db throws(StoreError) in
            try Self.database { try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE imsi = ?", arguments: [imsi]) }
                .map { row throws(StoreError) in try Self.subscriber(row, db: db) }
        }
    }

    public func registration(imsi: String) async throws(StoreError) -> Registration? {
        try await read { db throws(StoreError) in
            try Self.database {
                try Row.fetchOne(db, sql: "SELECT mme_host, mme_realm, ue_purged, imei FROM subscribers WHERE imsi = ?", arguments: [imsi])
            }.map { Registration(mmeHost: $0["mme_host"], mmeRealm: $0["mme_realm"], purged: $0["ue_purged"], imei: $0["imei"]) }
        }
    }

    /// Subscribers in IMSI order after `after`, at most `limit`.
    public func list(after: String?, limit: Int) async throws(StoreError) -> [Subscriber] {
        try await read { db throws(StoreError) in
            let rows = try Self.database {
                try Row.fetchAll(db, sql: "SELECT * FROM subscribers WHERE imsi > ? ORDER BY imsi LIMIT ?",
                                 arguments: [after ?? "", limit])
            }
            var subscribers: [Subscriber] = []
            for row in rows { subscribers.append(try Self.subscriber(row, db: db)) }
            return subscribers
        }
    }

    public func count() async throws(StoreError) -> Int {
        try await read { db throws(StoreError) in try Self.database { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscribers") ?? 0 } }
    }

    /// Inserts a batch in one transaction; returns, for each subscriber refused, its index and why.
    public func importBatch(_ subscribers: [Subscriber], replacingExisting: Bool) async throws(StoreError) -> [(Int, StoreError)] {
        try await write { db throws(StoreError) in
            var refused: [(Int, StoreError)] = []
            for (index, subscriber) in subscribers.enumerated() {
                do throws(StoreError) {
                    if !(try Self.insert(subscriber, into: db, replacing: replacingExisting)) {
                        refused.append((index, .alreadyExists(imsi: subscriber.imsi)))
                    }
                } catch {
                    if case .database = error { throw error }
                    refused.append((index, error))
                }
            }
            return refused
        }
    }

    /// Inserts (or replaces) one subscriber; false when it exists and `replacing` is false.
    static func insert(_ subscriber: Subscriber, into db: Database, replacing: Bool) throws(StoreError) -> Bool {
        let op: Data?
        if case .op(let value) = subscriber.operatorKey { op = Data(value.bytes) } else { op = nil }
        let arguments: StatementArguments = [
            subscriber.imsi, Data(subscriber.k.bytes), Data(subscriber.opc.bytes), op, Int64(subscriber.amf),
            Int64(subscriber.sqn), subscriber.msisdn, subscriber.ims?.impi, SubscriberProfileCoding.encode(subscriber),
            Int64(Date().timeIntervalSince1970),
        ]
        let conflict = replacing
            ? """
              ON CONFLICT(imsi) DO UPDATE SET k = excluded.k, opc = excluded.opc, op = excluded.op, amf = excluded.amf,
              sqn = excluded.sqn, msisdn = excluded.msisdn, impi = excluded.impi, profile = excluded.profile,
              updated_at = excluded.updated_at
              """
            : "ON CONFLICT(imsi) DO NOTHING"
        var inserted = false
        do {
            // A savepoint per subscriber: a duplicate IMPU refused after the row went in takes the row back out.
            try db.inSavepoint {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO subscribers (imsi, k, opc, op, amf, sqn, msisdn, impi, profile, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \(conflict)
                """)
            try statement.execute(arguments: arguments)
            guard db.changesCount > 0 else { return .commit }
            inserted = true
            if replacing { try db.execute(sql: "DELETE FROM public_identities WHERE imsi = ?", arguments: [subscriber.imsi]) }
            let identities = try db.cachedStatement(sql: "INSERT INTO public_identities (impu, imsi) VALUES (?, ?)")
            for impu in subscriber.ims?.impus ?? [] { try identities.execute(arguments: [impu, subscriber.imsi]) }
            return .commit
            }
            return inserted
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                    || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            let message = error.message ?? ""
            if message.contains("msisdn") { throw .duplicate(field: "msisdn", value: subscriber.msisdn ?? "") }
            if message.contains("impi") { throw .duplicate(field: "ims.impi", value: subscriber.ims?.impi ?? "") }
            if message.contains("impu") { throw .duplicate(field: "ims.impus", value: subscriber.ims?.impus.joined(separator: ",") ?? "") }
            throw .alreadyExists(imsi: subscriber.imsi)
        } catch {
            throw .database("\(error)")
        }
    }

    static func subscriber(_ row: Row, db: Database) throws(StoreError) -> Subscriber {
        let imsi: String = row["imsi"]
        let k = Key128(bytes: [UInt8](row["k"] as Data? ?? Data()))
        let opc = Key128(bytes: [UInt8](row["opc"] as Data? ?? Data()))
        let op = (row["op"] as Data?).flatMap { Key128(bytes: [UInt8]($0)) }
        guard let k, let opc else { throw .database("subscriber \(imsi): stored keys are not 128 bits") }
        var subscriber = Subscriber(imsi: imsi, k: k, operatorKey: op.map { .op($0) } ?? .opc(opc),
                                    amf: UInt16(truncatingIfNeeded: row["amf"] as Int64), sqn: UInt64(row["sqn"] as Int64),
                                    msisdn: row["msisdn"])
        try SubscriberProfileCoding.decode(row["profile"], into: &subscriber)
        if let impi: String = row["impi"] {
            let impus = try database { try String.fetchAll(db, sql: "SELECT impu FROM public_identities WHERE imsi = ? ORDER BY rowid", arguments: [imsi]) }
            subscriber.ims = IMSIdentities(impi: impi, impus: impus)
        }
        return subscriber
    }

    // MARK: Transactions

    static func database<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError { throw error } catch { throw .database("\(error)") }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws(StoreError) -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read { db in try body(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws(StoreError) -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write { db in try body(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    /// A write that must be on disk before the caller answers, sharing its commit with others.
    func durableWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws(StoreError) -> T) async throws(StoreError) -> T {
        do {
            return try await committer.submit { db in try body(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }
}
