import Foundation

/// `metadata` of every object, as in Kubernetes (apimachinery ObjectMeta); only the fields VCore
/// implements: a manifest using another one gets an error naming it.
public struct ObjectMeta: Codable, Hashable, Sendable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?

    public init(name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
                annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    /// The controller owner, if any (the one with `controller: true`).
    public var controllerReference: OwnerReference? { ownerReferences?.first { $0.controller == true } }
}

public struct OwnerReference: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = true,
                blockOwnerDeletion: Bool? = true) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// A label selector (`matchLabels` and `matchExpressions` with In, NotIn, Exists, DoesNotExist).
public struct LabelSelector: Codable, Hashable, Sendable {
    public struct Requirement: Codable, Hashable, Sendable {
        public var key: String
        public var `operator`: String
        public var values: [String]?

        public init(key: String, operator: String, values: [String]? = nil) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Whether `labels` satisfy every term. An empty selector matches everything, as in Kubernetes.
    public func matches(_ labels: [String: String]?) -> Bool {
        let labels = labels ?? [:]
        for (key, value) in matchLabels ?? [:] where labels[key] != value { return false }
        for requirement in matchExpressions ?? [] {
            let value = labels[requirement.key]
            let values = requirement.values ?? []
            switch requirement.operator {
            case "In": if value.map(values.contains) != true { return false }
            case "NotIn": if let value, values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// The `key=value,key2=value2` form used in `?labelSelector=` (matchLabels only).
    public var queryString: String {
        (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Parses `a=b,c=d`, `a==b`, `a!=b`, `a`, `!a` (the equality-based label selector syntax).
    public init?(query: String) {
        var labels = [String: String]()
        var expressions = [Requirement]()
        for term in query.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !term.isEmpty {
            if let range = term.range(of: "!=") {
                expressions.append(Requirement(key: String(term[..<range.lowerBound]), operator: "NotIn",
                                               values: [String(term[range.upperBound...])]))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                labels[String(term[..<range.lowerBound])] = String(term[range.upperBound...])
            } else if term.hasPrefix("!") {
                expressions.append(Requirement(key: String(term.dropFirst()), operator: "DoesNotExist"))
            } else {
                expressions.append(Requirement(key: term, operator: "Exists"))
            }
        }
        self.init(matchLabels: labels.isEmpty ? nil : labels, matchExpressions: expressions.isEmpty ? nil : expressions)
    }
}

/// RFC 3339 timestamps as Kubernetes writes them (seconds precision, UTC).
public enum Timestamp {
    public static func string(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public static func date(_ string: String?) -> Date? {
        guard let string else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: string) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: string)
    }
}
