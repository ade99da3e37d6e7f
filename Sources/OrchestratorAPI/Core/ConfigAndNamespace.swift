/// core/v1 Namespace.
public struct Namespace: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)
    public struct Spec: Codable, Hashable, Sendable {
        public var finalizers: [String]?
    }

    public struct Status: Codable, Hashable, Sendable {
        public var phase: String?
        public init(phase: String?) { self.phase = phase }
    }

    public var apiVersion: String? = "v1"
    public var kind: String? = "Namespace"
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(name: String) { metadata = ObjectMeta(name: name) }
}

/// core/v1 ConfigMap: how each network function gets its YAML configuration file.
public struct ConfigMap: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)
    public var apiVersion: String? = "v1"
    public var kind: String? = "ConfigMap"
    public var metadata: ObjectMeta
    public var data: [String: String]?
    public var binaryData: [String: String]?
    public var immutable: Bool?

    public init(metadata: ObjectMeta, data: [String: String]) {
        self.metadata = metadata
        self.data = data
    }
}

/// core/v1 Secret (`data` base64, `stringData` plain and merged into `data` when stored).
public struct Secret: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true)
    public var apiVersion: String? = "v1"
    public var kind: String? = "Secret"
    public var metadata: ObjectMeta
    public var type: String?
    public var data: [String: String]?
    public var stringData: [String: String]?
    public var immutable: Bool?

    public init(metadata: ObjectMeta, data: [String: String]) {
        self.metadata = metadata
        self.data = data
    }
}
