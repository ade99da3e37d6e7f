import Foundation
import GRDB
import OrchestratorAPI

extension ObjectStore {
    // MARK: reading

    public func get<T: APIObject>(_ type: T.Type, namespace: String?, name: String) throws -> T? {
        try database.read { db in try Self.fetch(db, type, namespace: namespace, name: name) }
    }

    /// Every object of a kind (in one namespace, or all for nil) matching `selector`, with the
    /// resourceVersion the list is consistent with (to start a watch from).
    public func list<T: APIObject>(_ type: T.Type, namespace: String? = nil,
                                   selector: LabelSelector? = nil) throws -> (items: [T], resourceVersion: Int64) {
        try database.read { db in
            let kind = Self.kindKey(T.resource)
            let rows = namespace == nil || !T.resource.namespaced
                ? try Row.fetchAll(db, sql: "SELECT json FROM objects WHERE kind = ? ORDER BY namespace, name", arguments: [kind])
                : try Row.fetchAll(db, sql: "SELECT json FROM objects WHERE kind = ? AND namespace = ? ORDER BY name",
                                   arguments: [kind, namespace])
            let decoder = JSONDecoder()
            let items = try rows.map { row in try decoder.decode(T.self, from: row["json"] as Data) }
                .filter { selector?.matches($0.metadata.labels) ?? true }
            let revision = try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
            return (items, revision)
        }
    }

    static func fetch<T: APIObject>(_ db: Database, _ type: T.Type, namespace: String?, name: String) throws -> T? {
        let row = try Row.fetchOne(db, sql: "SELECT json FROM objects WHERE kind = ? AND namespace = ? AND name = ?",
                                   arguments: [kindKey(T.resource), storedNamespace(T.resource, namespace), name])
        return try row.map { try JSONDecoder().decode(T.self, from: $0["json"] as Data) }
    }

    static func storedNamespace(_ resource: ResourceType, _ namespace: String?) -> String {
        resource.namespaced ? (namespace ?? "default") : ""
    }

    // MARK: writing

    /// Stores a new object: defaults its name (generateName), namespace, uid, timestamps,
    /// generation and resourceVersion.
    public func create<T: APIObject>(_ object: T) throws -> T {
        var object = object
        try database.write { db in
            object.apiVersion = T.resource.apiVersion
            object.kind = T.resource.kind
            if T.resource.namespaced {
                object.metadata.namespace = object.metadata.namespace ?? "default"
                guard let namespace = try Self.fetch(db, Namespace.self, namespace: nil, name: object.metadata.namespace!) else {
                    throw StoreError(.notFound, "namespaces \"\(object.metadata.namespace!)\" not found")
                }
                guard namespace.metadata.deletionTimestamp == nil else {
                    throw StoreError(.invalid, "unable to create new content in namespace \(namespace.name) because it is being terminated")
                }
            } else {
                object.metadata.namespace = nil
            }
            if object.metadata.name == nil || object.metadata.name == "", let prefix = object.metadata.generateName {
                object.metadata.name = prefix + Self.randomSuffix()
            }
            try Self.validateName(object)
            guard try Self.fetch(db, T.self, namespace: object.metadata.namespace, name: object.name) == nil else {
                throw StoreError(.alreadyExists, "\(T.resource.plural) \"\(object.name)\" already exists")
            }
            object.metadata.uid = UUID().uuidString.lowercased()
            object.metadata.creationTimestamp = Timestamp.string()
            object.metadata.generation = 1
            object.metadata.deletionTimestamp = nil
            try Admission.prepare(&object, db: db)
            try write(db, &object, event: .added)
        }
        return object
    }

    /// Replaces an object's spec and metadata (or only its status, for `.status`). Refuses a stale
    /// resourceVersion with Conflict; keeps uid and creation time; bumps generation when the spec
    /// changes.
    public func update<T: APIObject>(_ object: T, status: Bool = false) throws -> T {
        var object = object
        try database.write { db in
            guard let stored = try Self.fetch(db, T.self, namespace: object.metadata.namespace, name: object.name) else {
                throw StoreError(.notFound, "\(T.resource.plural) \"\(object.name)\" not found")
            }
            if let version = object.metadata.resourceVersion, version != stored.metadata.resourceVersion {
                throw StoreError(.conflict, "Operation cannot be fulfilled on \(T.resource.plural) \"\(object.name)\": "
                                 + "the object has been modified; please apply your changes to the latest version and try again")
            }
            object = try Self.merge(update: object, onto: stored, statusOnly: status)
            if object.metadata.deletionTimestamp != nil, object.metadata.finalizers?.isEmpty ?? true,
               !(object is Pod) {
                try remove(db, object)
                return
            }
            try write(db, &object, event: .modified)
        }
        return object
    }

    /// Deletes an object. A pod with a grace period (or anything with finalizers) is only marked
    /// (deletionTimestamp); the node agent or the controller finishes the job.
    @discardableResult
    public func delete<T: APIObject>(_ type: T.Type, namespace: String?, name: String,
                                     gracePeriodSeconds: Int64? = nil) throws -> T {
        try database.write { db in
            guard var object = try Self.fetch(db, T.self, namespace: namespace, name: name) else {
                throw StoreError(.notFound, "\(T.resource.plural) \"\(name)\" not found")
            }
            let graceful = Self.needsGracefulDeletion(object, gracePeriodSeconds: gracePeriodSeconds)
            if graceful || !(object.metadata.finalizers?.isEmpty ?? true) {
                guard object.metadata.deletionTimestamp == nil else { return object }
                object.metadata.deletionTimestamp = Timestamp.string()
                object.metadata.deletionGracePeriodSeconds = graceful ? Self.gracePeriod(object, gracePeriodSeconds) : 0
                try write(db, &object, event: .modified)
            } else {
                try remove(db, object)
            }
            return object
        }
    }

    static func needsGracefulDeletion<T: APIObject>(_ object: T, gracePeriodSeconds: Int64?) -> Bool {
        guard let pod = object as? Pod, pod.spec.nodeName != nil else { return false }
        if let phase = pod.status?.phase, phase == "Succeeded" || phase == "Failed" { return false }
        return gracePeriod(object, gracePeriodSeconds) > 0
    }

    static func gracePeriod<T: APIObject>(_ object: T, _ requested: Int64?) -> Int64 {
        requested ?? (object as? Pod)?.spec.terminationGracePeriodSeconds ?? 30
    }

    // MARK: internals

    /// Writes the object with the next resourceVersion and records the event.
    func write<T: APIObject>(_ db: Database, _ object: inout T, event: WatchEvent.Kind) throws {
        let revision = try Self.nextRevision(db)
        object.metadata.resourceVersion = String(revision)
        let json = try JSONEncoder().encode(object)
        try db.execute(sql: """
            INSERT INTO objects (kind, namespace, name, uid, resourceVersion, json) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (kind, namespace, name) DO UPDATE SET uid = excluded.uid,
                resourceVersion = excluded.resourceVersion, json = excluded.json
            """, arguments: [Self.kindKey(T.resource), Self.storedNamespace(T.resource, object.metadata.namespace),
                             object.name, object.metadata.uid ?? "", revision, json])
        try record(db, event, T.resource, object.metadata.namespace, object.name, revision, json)
    }

    func remove<T: APIObject>(_ db: Database, _ object: T) throws {
        let revision = try Self.nextRevision(db)
        var deleted = object
        deleted.metadata.resourceVersion = String(revision)
        try db.execute(sql: "DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?",
                       arguments: [Self.kindKey(T.resource), Self.storedNamespace(T.resource, object.metadata.namespace), object.name])
        try record(db, .deleted, T.resource, object.metadata.namespace, object.name, revision, try JSONEncoder().encode(deleted))
    }

    static func nextRevision(_ db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE revision SET value = value + 1 WHERE id = 1")
        return try Int64.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0
    }

    static func merge<T: APIObject>(update: T, onto stored: T, statusOnly: Bool) throws -> T {
        var result: T
        if statusOnly {
            // Only the status changes: take the stored object and graft the new status on.
            result = try graft(from: update, onto: stored, keys: ["status"])
        } else {
            // The main resource ignores status changes, as Kubernetes does for kinds with a status.
            result = try graft(from: stored, onto: update, keys: ["status"])
            if try specJSON(result) != specJSON(stored) {
                result.metadata.generation = (stored.metadata.generation ?? 1) + 1
            } else {
                result.metadata.generation = stored.metadata.generation
            }
        }
        result.metadata.uid = stored.metadata.uid
        result.metadata.creationTimestamp = stored.metadata.creationTimestamp
        result.metadata.deletionTimestamp = stored.metadata.deletionTimestamp ?? update.metadata.deletionTimestamp
        result.metadata.deletionGracePeriodSeconds = stored.metadata.deletionGracePeriodSeconds
        result.apiVersion = T.resource.apiVersion
        result.kind = T.resource.kind
        return result
    }

    /// `target` with the top-level `keys` taken from `source` (absent in source: removed).
    static func graft<T: APIObject>(from source: T, onto target: T, keys: [String]) throws -> T {
        let sourceJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(source)) as? [String: Any] ?? [:]
        var targetJSON = try JSONSerialization.jsonObject(with: JSONEncoder().encode(target)) as? [String: Any] ?? [:]
        for key in keys { targetJSON[key] = sourceJSON[key] }
        return try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: targetJSON))
    }

    /// Everything but metadata and status, canonically encoded: what a generation counts.
    static func specJSON<T: APIObject>(_ object: T) throws -> Data {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(object)) as? [String: Any] ?? [:]
        json["metadata"] = nil
        json["status"] = nil
        return try JSONSerialization.data(withJSONObject: json, options: .sortedKeys)
    }

    static func validateName<T: APIObject>(_ object: T) throws {
        let name = object.name
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
        guard !name.isEmpty, name.count <= 253, allowed, name.first?.isLetter == true || name.first?.isNumber == true,
              name.last?.isLetter == true || name.last?.isNumber == true else {
            throw StoreError(.invalid, "\(T.resource.kind) \"\(name)\" is invalid: metadata.name: a lowercase RFC 1123 "
                             + "subdomain must consist of lower case alphanumeric characters, '-' or '.'")
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
