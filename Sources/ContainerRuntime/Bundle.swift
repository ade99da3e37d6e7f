import Foundation
import OCIImage
#if canImport(Glibc)
import Glibc
#endif

/// The defaults a container gets, as Docker/containerd give them.
public enum RuntimeDefaults {
    /// containerd's default capability set. NFs add what they need (NET_ADMIN for the PGW's
    /// TUN device and routes, NET_RAW for userland SCTP's raw sockets).
    public static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    /// Devices every container may use (they are created in its /dev by crun): null, zero, full,
    /// random, urandom, tty, and ptmx and the pts of its own devpts.
    static let deviceRules: [RuntimeSpecification.DeviceRule] = [
        .init(allow: false, type: nil, major: nil, minor: nil, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 5, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 7, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 8, access: "rwm"),
        .init(allow: true, type: "c", major: 1, minor: 9, access: "rwm"),
        .init(allow: true, type: "c", major: 5, minor: 0, access: "rwm"),
        .init(allow: true, type: "c", major: 5, minor: 2, access: "rwm"),
        .init(allow: true, type: "c", major: 136, minor: nil, access: "rwm"),
    ]

    static let maskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ]

    static let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
}

/// Makes the runtime-spec `config.json` for a container from its spec and its image's config.
/// Pure apart from `deviceLookup` (which stats host device nodes), so it is unit-tested as is.
struct BundleBuilder {
    struct HostDevice: Equatable {
        var type: String  // "c" or "b"
        var major: Int64
        var minor: Int64
        var mode: UInt32
    }

    var deviceLookup: (String) -> HostDevice? = BundleBuilder.statDevice
    var pathExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }

    func specification(for spec: ContainerSpec, image: ImageConfiguration, rootfs: String, cgroupsPath: String) throws -> RuntimeSpecification {
        let run = image.config ?? .init()
        // Kubernetes: command replaces Entrypoint (and drops Cmd), args replaces Cmd.
        let args: [String]
        if let command = spec.command {
            args = command + (spec.args ?? [])
        } else {
            args = (run.entrypoint ?? []) + (spec.args ?? run.cmd ?? [])
        }
        guard let executable = args.first, !executable.isEmpty else {
            throw RuntimeError.invalidSpec("\(spec.id): no command (the image has no Entrypoint or Cmd and the spec sets none)")
        }

        var env: [(String, String)] = []
        func set(_ name: String, _ value: String) {
            if let index = env.firstIndex(where: { $0.0 == name }) { env[index].1 = value } else { env.append((name, value)) }
        }
        for entry in run.env ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            set(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        if !env.contains(where: { $0.0 == "PATH" }) { set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") }
        for variable in spec.env {
            guard !variable.name.isEmpty, !variable.name.contains("=") else { throw RuntimeError.invalidSpec("bad environment variable name '\(variable.name)'") }
            set(variable.name, variable.value)
        }
        let hostname = spec.hostname ?? spec.id
        if !env.contains(where: { $0.0 == "HOSTNAME" }) { set("HOSTNAME", hostname) }

        let user = try spec.user ?? Self.parseUser(run.user)
        let capabilities = try Self.capabilities(spec.capabilities)

        var mounts: [RuntimeSpecification.Mount] = [
            .init(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            .init(destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            .init(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            .init(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            .init(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        ]
        for mount in spec.mounts {
            guard mount.destination.hasPrefix("/"), !mount.destination.split(separator: "/").contains("..") else {
                throw RuntimeError.invalidSpec("mount destination must be an absolute path without '..': \(mount.destination)")
            }
            switch mount.kind {
            case .bind(let source):
                guard source.hasPrefix("/"), pathExists(source) else { throw RuntimeError.invalidSpec("bind mount source \(source) does not exist") }
                mounts.append(.init(destination: mount.destination, type: "bind", source: source,
                                    options: ["rbind", "rprivate", "nosuid", "nodev", mount.readOnly ? "ro" : "rw"]))
            case .tmpfs(let size):
                mounts.append(.init(destination: mount.destination, type: "tmpfs", source: "tmpfs",
                                    options: ["nosuid", "nodev", "mode=1777"] + (size.map { ["size=\($0)"] } ?? []) + (mount.readOnly ? ["ro"] : [])))
            }
        }

        var devices: [RuntimeSpecification.Device] = []
        var rules = RuntimeDefaults.deviceRules
        for path in spec.devices {
            guard let device = deviceLookup(path) else { throw RuntimeError.invalidSpec("\(path) is not a device node on this host") }
            devices.append(.init(path: path, type: device.type, major: device.major, minor: device.minor, fileMode: device.mode & 0o777, uid: 0, gid: 0))
            rules.append(.init(allow: true, type: device.type, major: device.major, minor: device.minor, access: "rwm"))
        }

        var namespaces: [RuntimeSpecification.Namespace] = [.init(type: "pid"), .init(type: "ipc"), .init(type: "uts"), .init(type: "mount")]
        switch spec.network {
        case .path(let path):
            guard pathExists(path) else { throw RuntimeError.invalidSpec("network namespace \(path) does not exist") }
            namespaces.append(.init(type: "network", path: path))
        case .private:
            namespaces.append(.init(type: "network"))
        case .host:
            break
        }

        var annotations = spec.labels
        annotations["io.vcore.image"] = spec.image
        return RuntimeSpecification(
            process: .init(user: .init(uid: user.uid, gid: user.gid, additionalGids: user.additionalGids.isEmpty ? nil : user.additionalGids),
                           args: args, env: env.map { "\($0.0)=\($0.1)" }, cwd: spec.workingDir ?? run.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/",
                           capabilities: .init(bounding: capabilities, effective: capabilities, inheritable: [], permitted: capabilities, ambient: []),
                           rlimits: spec.openFilesLimit.map { [.init(type: "RLIMIT_NOFILE", hard: $0, soft: $0)] },
                           noNewPrivileges: spec.noNewPrivileges),
            root: .init(path: rootfs, readonly: spec.readOnlyRootFilesystem),
            hostname: spec.network == .host ? nil : hostname,
            mounts: mounts,
            annotations: annotations,
            linux: .init(namespaces: namespaces, cgroupsPath: cgroupsPath, resources: .init(spec.resources, devices: rules),
                         devices: devices.isEmpty ? nil : devices, sysctl: spec.sysctls.isEmpty ? nil : spec.sysctls,
                         maskedPaths: RuntimeDefaults.maskedPaths, readonlyPaths: RuntimeDefaults.readonlyPaths))
    }

    /// `uid[:gid]` numeric (images here have no user database to resolve names against).
    static func parseUser(_ text: String?) throws -> User {
        guard let text, !text.isEmpty else { return User(uid: 0, gid: 0) }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let uid = UInt32(parts[0]) else { throw RuntimeError.invalidSpec("image user '\(text)' is not numeric") }
        let gid = parts.count > 1 ? UInt32(parts[1]) : uid
        guard let gid else { throw RuntimeError.invalidSpec("image group in '\(text)' is not numeric") }
        return User(uid: uid, gid: gid)
    }

    static func capabilities(_ changes: CapabilityChanges) throws -> [String] {
        func normalized(_ name: String) throws -> String {
            let upper = name.uppercased()
            let full = upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
            guard full.dropFirst(4).allSatisfy({ $0.isLetter || $0 == "_" }), full.count > 4 else {
                throw RuntimeError.invalidSpec("bad capability name '\(name)'")
            }
            return full
        }
        var set = RuntimeDefaults.capabilities
        if changes.drop.contains(where: { $0.uppercased() == "ALL" }) {
            set = []
        } else {
            let dropped = try Set(changes.drop.map(normalized))
            set.removeAll { dropped.contains($0) }
        }
        for name in changes.add {
            let capability = try normalized(name)
            if !set.contains(capability) { set.append(capability) }
        }
        return set
    }

    static func statDevice(_ path: String) -> HostDevice? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        guard type == S_IFCHR || type == S_IFBLK else { return nil }
        let device = UInt64(info.st_rdev)
        // glibc's major()/minor(), which Swift doesn't import.
        let major = Int64((device >> 8) & 0xfff | (device >> 32) & ~0xfff)
        let minor = Int64(device & 0xff | (device >> 12) & ~0xff)
        return HostDevice(type: type == S_IFCHR ? "c" : "b", major: major, minor: minor, mode: UInt32(info.st_mode))
    }
}
