/// core/v1 Service: ClusterIP (a virtual IP load-balanced over ready endpoints) or headless
/// (`clusterIP: None`: DNS returns every ready pod).
public struct Service: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "Service", plural: "services", namespaced: true)
    public var apiVersion: String? = "v1"
    public var kind: String? = "Service"
    public var metadata: ObjectMeta
    public var spec: ServiceSpec
    public var status: ServiceStatus?

    public init(metadata: ObjectMeta, spec: ServiceSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    public var isHeadless: Bool { spec.clusterIP == "None" }
}

public struct ServiceSpec: Codable, Hashable, Sendable {
    public var type: String?
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var selector: [String: String]?
    public var ports: [ServicePort]?
    public var publishNotReadyAddresses: Bool?
    public var sessionAffinity: String?

    public init(selector: [String: String]? = nil, ports: [ServicePort]? = nil, clusterIP: String? = nil) {
        self.selector = selector
        self.ports = ports
        self.clusterIP = clusterIP
    }
}

public struct ServicePort: Codable, Hashable, Sendable {
    public var name: String?
    public var `protocol`: String?
    public var port: Int
    public var targetPort: IntOrString?

    public init(name: String? = nil, protocol: String? = nil, port: Int, targetPort: IntOrString? = nil) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.targetPort = targetPort
    }
}

public struct ServiceStatus: Codable, Hashable, Sendable {
    public init() {}
}

/// core/v1 Endpoints: the ready (and not ready) addresses behind a Service, kept by the endpoints
/// controller.
public struct Endpoints: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "Endpoints", plural: "endpoints", namespaced: true)
    public var apiVersion: String? = "v1"
    public var kind: String? = "Endpoints"
    public var metadata: ObjectMeta
    public var subsets: [EndpointSubset]?

    public init(metadata: ObjectMeta, subsets: [EndpointSubset]? = nil) {
        self.metadata = metadata
        self.subsets = subsets
    }
}

public struct EndpointSubset: Codable, Hashable, Sendable {
    public var addresses: [EndpointAddress]?
    public var notReadyAddresses: [EndpointAddress]?
    public var ports: [EndpointPort]?

    public init(addresses: [EndpointAddress]? = nil, notReadyAddresses: [EndpointAddress]? = nil, ports: [EndpointPort]? = nil) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }
}

public struct EndpointAddress: Codable, Hashable, Sendable {
    public struct TargetReference: Codable, Hashable, Sendable {
        public var kind: String?
        public var name: String?
        public var namespace: String?
        public var uid: String?

        public init(kind: String? = nil, name: String? = nil, namespace: String? = nil, uid: String? = nil) {
            self.kind = kind
            self.name = name
            self.namespace = namespace
            self.uid = uid
        }
    }

    public var ip: String
    public var hostname: String?
    public var targetRef: TargetReference?

    public init(ip: String, targetRef: TargetReference? = nil) {
        self.ip = ip
        self.targetRef = targetRef
    }
}

public struct EndpointPort: Codable, Hashable, Sendable {
    public var name: String?
    public var port: Int
    public var `protocol`: String?

    public init(name: String? = nil, port: Int, protocol: String? = nil) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
    }
}
