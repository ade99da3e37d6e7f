/// core/v1 Pod.
public struct Pod: APIObject {
    public static let resource = ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true)
    public var apiVersion: String? = "v1"
    public var kind: String? = "Pod"
    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: PodStatus?

    public init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

public struct PodSpec: Codable, Hashable, Sendable {
    public var containers: [Container]
    public var volumes: [Volume]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var nodeName: String?
    public var hostname: String?
    public var dnsPolicy: String?
    public var securityContext: PodSecurityContext?

    public init(containers: [Container], volumes: [Volume]? = nil) {
        self.containers = containers
        self.volumes = volumes
    }
}

/// The pod-wide security settings VCore honours: namespaced sysctls, set in the pod's own
/// namespaces when its containers start (the PGW routes between its TUN device and SGi, so its
/// pod needs `net.ipv4.ip_forward: "1"` whatever the node's default for new namespaces is).
public struct PodSecurityContext: Codable, Hashable, Sendable {
    public struct Sysctl: Codable, Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var sysctls: [Sysctl]?

    public init(sysctls: [Sysctl]? = nil) { self.sysctls = sysctls }

    /// Kubernetes' namespaced sysctls: what one pod may set without touching the node or the
    /// other pods (net.*, System V IPC, POSIX message queues).
    public static func isNamespaced(_ name: String) -> Bool {
        // The kubelet's form of a name first (dots or slashes between lowercase words), so that
        // nothing like "net/../../vm" reaches /proc/sys.
        let words = name.split(separator: name.contains("/") ? "/" : ".", omittingEmptySubsequences: false)
        guard words.count >= 2, words.allSatisfy({ word in
            !word.isEmpty && word.first!.isLetter && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_-".unicodeScalars.contains($0) }
        }) else { return false }
        let name = name.replacingOccurrences(of: "/", with: ".")
        return name.hasPrefix("net.") || name.hasPrefix("fs.mqueue.") || name == "kernel.sem"
            || name.hasPrefix("kernel.shm") || name.hasPrefix("kernel.msg")
    }
}

public struct Volume: Codable, Hashable, Sendable {
    public struct KeyToPath: Codable, Hashable, Sendable {
        public var key: String
        public var path: String
        public var mode: Int?
    }

    public struct ConfigMapSource: Codable, Hashable, Sendable {
        public var name: String
        public var items: [KeyToPath]?
        public var defaultMode: Int?
        public var optional: Bool?
        public init(name: String) { self.name = name }
    }

    public struct SecretSource: Codable, Hashable, Sendable {
        public var secretName: String
        public var items: [KeyToPath]?
        public var defaultMode: Int?
        public var optional: Bool?
    }

    public struct EmptyDirSource: Codable, Hashable, Sendable {
        public var medium: String?
        public var sizeLimit: Quantity?
    }

    /// A host file, directory or device: how Kubernetes gives a pod `/dev/net/tun` (type CharDevice).
    public struct HostPathSource: Codable, Hashable, Sendable {
        public var path: String
        public var type: String?
    }

    public var name: String
    public var configMap: ConfigMapSource?
    public var secret: SecretSource?
    public var emptyDir: EmptyDirSource?
    public var hostPath: HostPathSource?

    public init(name: String, configMap: ConfigMapSource? = nil, secret: SecretSource? = nil, emptyDir: EmptyDirSource? = nil,
                hostPath: HostPathSource? = nil) {
        self.name = name
        self.configMap = configMap
        self.secret = secret
        self.emptyDir = emptyDir
        self.hostPath = hostPath
    }
}

public struct PodStatus: Codable, Hashable, Sendable {
    public var phase: String?
    public var conditions: [PodCondition]?
    public var message: String?
    public var reason: String?
    public var hostIP: String?
    public var podIP: String?
    public var podIPs: [PodIP]?
    public var startTime: String?
    public var containerStatuses: [ContainerStatus]?

    public init(phase: String? = nil) { self.phase = phase }

    public func condition(_ type: String) -> PodCondition? { conditions?.first { $0.type == type } }
    public var isReady: Bool { condition("Ready")?.status == "True" }

    public mutating func setCondition(_ type: String, _ status: Bool, reason: String? = nil, message: String? = nil) {
        var conditions = self.conditions ?? []
        let value = status ? "True" : "False"
        if let index = conditions.firstIndex(where: { $0.type == type }) {
            if conditions[index].status != value { conditions[index].lastTransitionTime = Timestamp.string() }
            conditions[index].status = value
            conditions[index].reason = reason
            conditions[index].message = message
        } else {
            conditions.append(PodCondition(type: type, status: value, lastTransitionTime: Timestamp.string(),
                                           reason: reason, message: message))
        }
        self.conditions = conditions
    }
}

public struct PodIP: Codable, Hashable, Sendable {
    public var ip: String
    public init(ip: String) { self.ip = ip }
}

public struct PodCondition: Codable, Hashable, Sendable {
    public var type: String
    public var status: String
    public var lastTransitionTime: String?
    public var reason: String?
    public var message: String?
}

public struct ContainerStatus: Codable, Hashable, Sendable {
    public struct State: Codable, Hashable, Sendable {
        public struct Waiting: Codable, Hashable, Sendable {
            public var reason: String?
            public var message: String?
            public init(reason: String?, message: String? = nil) {
                self.reason = reason
                self.message = message
            }
        }

        public struct Running: Codable, Hashable, Sendable {
            public var startedAt: String?
            public init(startedAt: String?) { self.startedAt = startedAt }
        }

        public struct Terminated: Codable, Hashable, Sendable {
            public var exitCode: Int32
            public var signal: Int32?
            public var reason: String?
            public var message: String?
            public var startedAt: String?
            public var finishedAt: String?

            public init(exitCode: Int32, reason: String? = nil, message: String? = nil, startedAt: String? = nil,
                        finishedAt: String? = nil) {
                self.exitCode = exitCode
                self.reason = reason
                self.message = message
                self.startedAt = startedAt
                self.finishedAt = finishedAt
            }
        }

        public var waiting: Waiting?
        public var running: Running?
        public var terminated: Terminated?

        public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
            self.waiting = waiting
            self.running = running
            self.terminated = terminated
        }
    }

    public var name: String
    public var ready: Bool
    public var restartCount: Int
    public var image: String
    public var imageID: String?
    public var containerID: String?
    public var started: Bool?
    public var state: State?
    public var lastState: State?

    public init(name: String, image: String) {
        self.name = name
        self.image = image
        ready = false
        restartCount = 0
    }
}
