import Foundation

/// One container to run: what the node agent derives from a pod's container entry.
///
/// The id is chosen by the caller and is stable across restarts of the same pod container
/// (e.g. `<namespace>_<pod>_<container>`): running a spec whose id names an exited container
/// replaces that container and keeps its logs as the "previous" logs (`vcore logs --previous`).
public struct ContainerSpec: Sendable, Codable, Equatable {
    /// `[a-z0-9][a-z0-9_.-]*`, at most 128 characters.
    public var id: String
    /// An image reference in the node's `ImageStore` (`vcore/mme:dev`).
    public var image: String
    /// Replaces the image's Entrypoint (Kubernetes `command`).
    public var command: [String]?
    /// Replaces the image's Cmd (Kubernetes `args`).
    public var args: [String]?
    /// Added to the image's Env, replacing variables of the same name; order kept.
    public var env: [EnvVar] = []
    public var workingDir: String?
    /// Default: the image's user (`0:0` for VCore images).
    public var user: User?
    /// The UTS hostname (Kubernetes sets the pod name).
    public var hostname: String?
    public var network: NetworkNamespace = .private
    public var mounts: [Mount] = []
    /// Host device nodes made available inside, e.g. `/dev/net/tun` for the PGW's SGi side.
    public var devices: [String] = []
    public var capabilities = CapabilityChanges()
    public var resources = ResourceLimits()
    /// Namespaced sysctls set at creation, e.g. `net.ipv4.ip_forward: "1"`.
    public var sysctls: [String: String] = [:]
    public var readOnlyRootFilesystem = false
    public var noNewPrivileges = false
    /// RLIMIT_NOFILE, soft and hard. Nil: the container inherits the node agent's limits (as
    /// containerd 2 does); raising the hard limit needs CAP_SYS_RESOURCE, which not every
    /// root has (this development VM's doesn't).
    public var openFilesLimit: UInt64?
    /// Kept with the container and returned in its status, so that the node agent knows after a
    /// restart which pod a container belongs to (pod uid, container name, restart count, ...).
    public var labels: [String: String] = [:]

    public init(id: String, image: String, command: [String]? = nil, args: [String]? = nil, env: [EnvVar] = [],
                network: NetworkNamespace = .private, labels: [String: String] = [:]) {
        self.id = id
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.network = network
        self.labels = labels
    }
}

public struct EnvVar: Sendable, Codable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct User: Sendable, Codable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var additionalGids: [UInt32] = []

    public init(uid: UInt32, gid: UInt32, additionalGids: [UInt32] = []) {
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
    }
}

public enum NetworkNamespace: Sendable, Codable, Equatable {
    /// Join an existing namespace, the pod's: `/var/run/netns/<pod>` (made by the CNI code).
    case path(String)
    /// A new namespace with only `lo` (down).
    case `private`
    /// The host's network (Kubernetes `hostNetwork: true`).
    case host
}

/// A filesystem mounted into the container.
public struct Mount: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        /// A host file or directory (ConfigMap and Secret files, /etc/hosts, /etc/resolv.conf).
        case bind(source: String)
        /// An empty tmpfs (`emptyDir: {medium: Memory}`); nil size: the kernel default (half the RAM).
        case tmpfs(sizeBytes: Int64?)
    }

    /// Absolute path inside the container.
    public var destination: String
    public var kind: Kind
    public var readOnly: Bool

    public init(destination: String, kind: Kind, readOnly: Bool) {
        self.destination = destination
        self.kind = kind
        self.readOnly = readOnly
    }

    /// A read-only bind mount, as ConfigMaps and Secrets are mounted.
    public static func bind(_ source: String, at destination: String, readOnly: Bool = true) -> Mount {
        Mount(destination: destination, kind: .bind(source: source), readOnly: readOnly)
    }

    public static func tmpfs(at destination: String, sizeBytes: Int64? = nil) -> Mount {
        Mount(destination: destination, kind: .tmpfs(sizeBytes: sizeBytes), readOnly: false)
    }
}

/// Changes to the default capability set (`RuntimeDefaults.capabilities`), Kubernetes style:
/// names with or without `CAP_`, `ALL` in `drop` to start from nothing.
public struct CapabilityChanges: Sendable, Codable, Equatable {
    public var add: [String] = []
    public var drop: [String] = []

    public init(add: [String] = [], drop: [String] = []) {
        self.add = add
        self.drop = drop
    }
}

/// cgroup limits. Nil leaves a value unlimited (or at the kernel's default).
public struct ResourceLimits: Sendable, Codable, Equatable {
    /// Relative CPU weight (cgroup v1 `cpu.shares`, 2...262144; 1024 is one CPU's worth).
    public var cpuShares: UInt64?
    /// CPU time in microseconds per `cpuPeriod` (`cpu.cfs_quota_us`).
    public var cpuQuota: Int64?
    /// Microseconds (`cpu.cfs_period_us`), 100000 unless set.
    public var cpuPeriod: UInt64?
    /// Bytes (`memory.limit_in_bytes`); the kernel OOM-kills the container above it.
    public var memoryLimit: Int64?
    /// Maximum number of tasks (`pids.max`).
    public var pidsLimit: Int64?

    public init(cpuShares: UInt64? = nil, cpuQuota: Int64? = nil, cpuPeriod: UInt64? = nil, memoryLimit: Int64? = nil, pidsLimit: Int64? = nil) {
        self.cpuShares = cpuShares
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.memoryLimit = memoryLimit
        self.pidsLimit = pidsLimit
    }

    /// Kubernetes' mapping: a CPU request in millicores gives shares (`m * 1024 / 1000`, at
    /// least 2), a CPU limit gives a quota over a 100 ms period.
    public init(cpuRequestMillis: Int? = nil, cpuLimitMillis: Int? = nil, memoryLimit: Int64? = nil, pidsLimit: Int64? = nil) {
        self.init(cpuShares: nil, cpuQuota: nil, cpuPeriod: nil, memoryLimit: memoryLimit, pidsLimit: pidsLimit)
        if let request = cpuRequestMillis { cpuShares = UInt64(max(2, request * 1024 / 1000)) }
        if let limit = cpuLimitMillis {
            cpuPeriod = 100_000
            cpuQuota = Int64(max(1000, limit * 100))
        }
    }

    public var isEmpty: Bool { self == ResourceLimits() }
}
