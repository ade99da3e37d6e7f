import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the host mounts cgroups, read from /proc/self/mountinfo.
public enum CgroupMode: String, Sendable {
    /// Only v1 hierarchies.
    case v1
    /// v1 hierarchies plus a v2 one (systemd's hybrid layout, `/sys/fs/cgroup/unified`): crun
    /// refuses these hosts, so the runtime unmounts the v2 one in a private mount namespace.
    case hybrid
    /// Only the v2 hierarchy at /sys/fs/cgroup.
    case unified
}

/// The cgroup hierarchies of this host and the files a container's limits and usage live in.
/// Containers get `cgroupsPath` `/<parent>/<id>` (crun's cgroupfs driver), i.e. in v1
/// `/sys/fs/cgroup/<controller>/<parent>/<id>` in every hierarchy.
struct CgroupHierarchy: Sendable {
    var mode: CgroupMode
    /// v1: controller (or `name=systemd`) → mount point.
    var controllers: [String: String]
    /// The v2 mount point, if mounted.
    var unifiedMount: String?

    static func detect(mountinfo: String = "/proc/self/mountinfo") -> CgroupHierarchy {
        let text = (try? String(contentsOfFile: mountinfo, encoding: .utf8)) ?? ""
        var controllers: [String: String] = [:]
        var unified: String?
        for line in text.split(separator: "\n") {
            // "36 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory"
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { continue }
            let before = halves[0].split(separator: " "), after = halves[1].split(separator: " ")
            guard before.count >= 5, after.count >= 3 else { continue }
            let mountPoint = String(before[4]).replacingOccurrences(of: "\\040", with: " ")
            switch after[0] {
            case "cgroup2":
                unified = mountPoint
            case "cgroup":
                for option in after[2].split(separator: ",") where option != "rw" && option != "ro" && !option.hasPrefix("release_agent") {
                    if controllers[String(option)] == nil { controllers[String(option)] = mountPoint }
                }
            default:
                continue
            }
        }
        let hasV1 = controllers.keys.contains { !$0.hasPrefix("name=") && $0 != "clone_children" && $0 != "noprefix" && $0 != "xattr" }
        let mode: CgroupMode = hasV1 ? (unified == nil ? .v1 : .hybrid) : .unified
        return CgroupHierarchy(mode: mode, controllers: controllers, unifiedMount: unified)
    }

    /// Every directory a container's cgroup has (one per v1 hierarchy, or the v2 one).
    func directories(_ cgroupsPath: String) -> [String] {
        switch mode {
        case .unified:
            return unifiedMount.map { [$0 + cgroupsPath] } ?? []
        case .v1, .hybrid:
            return Set(controllers.values).sorted().map { $0 + cgroupsPath }
        }
    }

    func file(_ controller: String, _ cgroupsPath: String, _ name: String) -> String? {
        switch mode {
        case .unified: unifiedMount.map { "\($0)\(cgroupsPath)/\(name)" }
        case .v1, .hybrid: controllers[controller].map { "\($0)\(cgroupsPath)/\(name)" }
        }
    }

    func stats(id: String, cgroupsPath: String) throws -> ContainerStats {
        func read(_ path: String?) -> String? {
            path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func keyed(_ text: String?, _ key: String) -> UInt64? {
            text?.split(separator: "\n").lazy.compactMap { line -> UInt64? in
                let fields = line.split(separator: " ")
                return fields.count == 2 && fields[0] == key ? UInt64(fields[1]) : nil
            }.first
        }
        let cpu: UInt64?, memory: UInt64?, limit: UInt64?, inactiveFile: UInt64?, pids: UInt64?
        switch mode {
        case .unified:
            cpu = keyed(read(file("", cgroupsPath, "cpu.stat")), "usage_usec").map { $0 * 1000 }
            memory = read(file("", cgroupsPath, "memory.current")).flatMap { UInt64($0) }
            limit = read(file("", cgroupsPath, "memory.max")).flatMap { UInt64($0) }
            inactiveFile = keyed(read(file("", cgroupsPath, "memory.stat")), "inactive_file")
            pids = read(file("", cgroupsPath, "pids.current")).flatMap { UInt64($0) }
        case .v1, .hybrid:
            cpu = read(file("cpuacct", cgroupsPath, "cpuacct.usage")).flatMap { UInt64($0) }
            memory = read(file("memory", cgroupsPath, "memory.usage_in_bytes")).flatMap { UInt64($0) }
            // v1 says "unlimited" with the largest page-aligned value.
            limit = read(file("memory", cgroupsPath, "memory.limit_in_bytes")).flatMap { UInt64($0) }.flatMap { $0 >= 1 << 62 ? nil : $0 }
            inactiveFile = keyed(read(file("memory", cgroupsPath, "memory.stat")), "total_inactive_file")
            pids = read(file("pids", cgroupsPath, "pids.current")).flatMap { UInt64($0) }
        }
        guard let cpu, let memory else { throw RuntimeError.io("no cgroup usage files for \(id) under \(cgroupsPath)") }
        return ContainerStats(id: id, timestamp: Date(), cpuUsageNanoseconds: cpu, memoryUsageBytes: memory,
                              memoryWorkingSetBytes: memory - min(memory, inactiveFile ?? 0), memoryLimitBytes: limit, pids: pids)
    }

    /// Removes a container's (empty) cgroup directories that crun left behind; children first.
    func removeDirectories(_ cgroupsPath: String) {
        for directory in directories(cgroupsPath) where FileManager.default.fileExists(atPath: directory) {
            rmdir(directory)
        }
    }
}
