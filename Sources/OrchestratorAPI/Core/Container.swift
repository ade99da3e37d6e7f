/// One container of a pod (core/v1 Container), the fields VCore implements.
public struct Container: Codable, Hashable, Sendable {
    public var name: String
    public var image: String
    public var imagePullPolicy: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var env: [EnvVar]?
    public var ports: [ContainerPort]?
    public var resources: ResourceRequirements?
    public var volumeMounts: [VolumeMount]?
    public var securityContext: SecurityContext?
    public var readinessProbe: Probe?
    public var livenessProbe: Probe?
    public var startupProbe: Probe?

    public init(name: String, image: String, args: [String]? = nil) {
        self.name = name
        self.image = image
        self.args = args
    }
}

public struct EnvVar: Codable, Hashable, Sendable {
    public var name: String
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public init(name: String, valueFrom: EnvVarSource) {
        self.name = name
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from: a key of a ConfigMap or Secret, or a field
/// of the pod itself (`metadata.name`, `status.podIP`, ...).
public struct EnvVarSource: Codable, Hashable, Sendable {
    public struct KeySelector: Codable, Hashable, Sendable {
        public var name: String
        public var key: String
        public var optional: Bool?
        public init(name: String, key: String) {
            self.name = name
            self.key = key
        }
    }

    public struct FieldSelector: Codable, Hashable, Sendable {
        public var fieldPath: String
        public var apiVersion: String?

        public init(fieldPath: String) {
            self.fieldPath = fieldPath
        }
    }

    public var configMapKeyRef: KeySelector?
    public var secretKeyRef: KeySelector?
    public var fieldRef: FieldSelector?

    public init(configMapKeyRef: KeySelector? = nil, secretKeyRef: KeySelector? = nil, fieldRef: FieldSelector? = nil) {
        self.configMapKeyRef = configMapKeyRef
        self.secretKeyRef = secretKeyRef
        self.fieldRef = fieldRef
    }
}

public struct ContainerPort: Codable, Hashable, Sendable {
    public var name: String?
    public var containerPort: Int
    public var `protocol`: String?

    public init(name: String? = nil, containerPort: Int, protocol: String? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.protocol = `protocol`
    }
}

public struct ResourceRequirements: Codable, Hashable, Sendable {
    public var requests: [String: Quantity]?
    public var limits: [String: Quantity]?

    public init(requests: [String: Quantity]? = nil, limits: [String: Quantity]? = nil) {
        self.requests = requests
        self.limits = limits
    }
}

public struct VolumeMount: Codable, Hashable, Sendable {
    public var name: String
    public var mountPath: String
    public var readOnly: Bool?
    public var subPath: String?

    public init(name: String, mountPath: String, readOnly: Bool? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.readOnly = readOnly
    }
}

public struct SecurityContext: Codable, Hashable, Sendable {
    public struct Capabilities: Codable, Hashable, Sendable {
        public var add: [String]?
        public var drop: [String]?
    }

    public var capabilities: Capabilities?
    public var privileged: Bool?
    public var runAsUser: Int64?
}

/// A readiness, liveness or startup probe: exactly one of HTTP GET, TCP connect or exec.
public struct Probe: Codable, Hashable, Sendable {
    public struct HTTPGet: Codable, Hashable, Sendable {
        public var path: String?
        public var port: IntOrString
        public var host: String?
        public var scheme: String?
    }

    public struct TCPSocket: Codable, Hashable, Sendable {
        public var port: IntOrString
        public var host: String?
    }

    public struct Exec: Codable, Hashable, Sendable {
        public var command: [String]?
        public init(command: [String]?) { self.command = command }
    }

    public var httpGet: HTTPGet?
    public var tcpSocket: TCPSocket?
    public var exec: Exec?
    public var initialDelaySeconds: Int?
    public var periodSeconds: Int?
    public var timeoutSeconds: Int?
    public var successThreshold: Int?
    public var failureThreshold: Int?

    public init() {}
}
