/// apps/v1 Deployment: a desired number of identical pods, rolled out through ReplicaSets.
public struct Deployment: APIObject {
    public static let resource = ResourceType(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true)
    public var apiVersion: String? = "apps/v1"
    public var kind: String? = "Deployment"
    public var metadata: ObjectMeta
    public var spec: DeploymentSpec
    public var status: DeploymentStatus?

    public init(metadata: ObjectMeta, spec: DeploymentSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

public struct PodTemplateSpec: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta?
    public var spec: PodSpec

    public init(metadata: ObjectMeta? = nil, spec: PodSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

public struct DeploymentSpec: Codable, Hashable, Sendable {
    public struct Strategy: Codable, Hashable, Sendable {
        public struct RollingUpdate: Codable, Hashable, Sendable {
            public var maxSurge: IntOrString?
            public var maxUnavailable: IntOrString?
        }

        public var type: String?
        public var rollingUpdate: RollingUpdate?
    }

    public var replicas: Int?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var strategy: Strategy?
    public var minReadySeconds: Int?
    public var revisionHistoryLimit: Int?
    public var paused: Bool?

    public init(replicas: Int?, selector: LabelSelector, template: PodTemplateSpec) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

public struct WorkloadCondition: Codable, Hashable, Sendable {
    public var type: String
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: String?
    public var lastUpdateTime: String?

    public init(type: String, status: String, reason: String? = nil, message: String? = nil,
                lastTransitionTime: String? = nil, lastUpdateTime: String? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.lastUpdateTime = lastUpdateTime
    }
}

public struct DeploymentStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int64?
    public var replicas: Int?
    public var updatedReplicas: Int?
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var unavailableReplicas: Int?
    public var conditions: [WorkloadCondition]?

    public init() {}
}

/// apps/v1 ReplicaSet: keeps `replicas` pods matching its template running.
public struct ReplicaSet: APIObject {
    public static let resource = ResourceType(group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", namespaced: true)
    public var apiVersion: String? = "apps/v1"
    public var kind: String? = "ReplicaSet"
    public var metadata: ObjectMeta
    public var spec: ReplicaSetSpec
    public var status: ReplicaSetStatus?

    public init(metadata: ObjectMeta, spec: ReplicaSetSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

public struct ReplicaSetSpec: Codable, Hashable, Sendable {
    public var replicas: Int?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var minReadySeconds: Int?

    public init(replicas: Int?, selector: LabelSelector, template: PodTemplateSpec) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

public struct ReplicaSetStatus: Codable, Hashable, Sendable {
    public var replicas: Int
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var fullyLabeledReplicas: Int?
    public var observedGeneration: Int64?

    public init(replicas: Int) { self.replicas = replicas }
}
