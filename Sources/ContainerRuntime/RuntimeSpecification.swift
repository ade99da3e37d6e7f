import Foundation

/// The subset of the OCI runtime-spec 1.0 `config.json` the runtime writes (field names are the
/// spec's). Only what VCore sets is modelled; crun fills in the rest with its defaults.
struct RuntimeSpecification: Codable, Equatable {
    var ociVersion = "1.0.2"
    var process: Process
    var root: Root
    var hostname: String?
    var mounts: [Mount]
    var annotations: [String: String]?
    var linux: Linux

    struct Process: Codable, Equatable {
        var terminal = false
        var user: User
        var args: [String]
        var env: [String]
        var cwd: String
        var capabilities: Capabilities
        var rlimits: [Rlimit]?
        var noNewPrivileges: Bool
    }

    struct User: Codable, Equatable {
        var uid: UInt32
        var gid: UInt32
        var additionalGids: [UInt32]?
    }

    struct Capabilities: Codable, Equatable {
        var bounding: [String]
        var effective: [String]
        var inheritable: [String]
        var permitted: [String]
        var ambient: [String]
    }

    struct Rlimit: Codable, Equatable {
        var type: String
        var hard: UInt64
        var soft: UInt64
    }

    struct Root: Codable, Equatable {
        var path: String
        var readonly: Bool
    }

    struct Mount: Codable, Equatable {
        var destination: String
        var type: String
        var source: String
        var options: [String]
    }

    struct Linux: Codable, Equatable {
        var namespaces: [Namespace]
        var cgroupsPath: String
        var resources: Resources
        var devices: [Device]?
        var sysctl: [String: String]?
        var maskedPaths: [String]
        var readonlyPaths: [String]
    }

    struct Namespace: Codable, Equatable {
        var type: String
        var path: String?
    }

    struct Resources: Codable, Equatable {
        var devices: [DeviceRule]?
        var memory: Memory?
        var cpu: CPU?
        var pids: Pids?

        struct Memory: Codable, Equatable {
            var limit: Int64?
        }

        struct CPU: Codable, Equatable {
            var shares: UInt64?
            var quota: Int64?
            var period: UInt64?
        }

        struct Pids: Codable, Equatable {
            var limit: Int64
        }
    }

    struct Device: Codable, Equatable {
        var path: String
        var type: String
        var major: Int64
        var minor: Int64
        var fileMode: UInt32?
        var uid: UInt32?
        var gid: UInt32?
    }

    struct DeviceRule: Codable, Equatable {
        var allow: Bool
        var type: String?
        var major: Int64?
        var minor: Int64?
        var access: String?
    }
}

extension RuntimeSpecification.Resources {
    init(_ limits: ResourceLimits, devices: [RuntimeSpecification.DeviceRule]?) {
        self.devices = devices
        memory = limits.memoryLimit.map { Memory(limit: $0) }
        if limits.cpuShares != nil || limits.cpuQuota != nil || limits.cpuPeriod != nil {
            cpu = CPU(shares: limits.cpuShares, quota: limits.cpuQuota, period: limits.cpuPeriod ?? (limits.cpuQuota == nil ? nil : 100_000))
        }
        pids = limits.pidsLimit.map { Pids(limit: $0) }
    }
}
