import OrchestratorAPI

/// Why the store refused an operation, with the HTTP status and Kubernetes `reason` the API
/// server answers with.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case notFound = "NotFound"
        case alreadyExists = "AlreadyExists"
        case conflict = "Conflict"
        case invalid = "Invalid"
        case gone = "Gone"
        case badRequest = "BadRequest"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var httpStatus: Int {
        switch reason {
        case .notFound: 404
        case .alreadyExists, .conflict: 409
        case .invalid: 422
        case .gone: 410
        case .badRequest: 400
        }
    }

    public var description: String { message }
}

/// A change to an object, as `?watch=true` streams it.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable, Codable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    public var type: Kind
    public var resource: ResourceType
    public var namespace: String?
    public var name: String
    public var resourceVersion: Int64
    /// The object as JSON, after the change (for DELETED: as it was).
    public var json: [UInt8]

    public init(type: Kind, resource: ResourceType, namespace: String?, name: String, resourceVersion: Int64, json: [UInt8]) {
        self.type = type
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.resourceVersion = resourceVersion
        self.json = json
    }
}
