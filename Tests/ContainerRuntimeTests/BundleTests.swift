import Foundation
import OCIImage
import Testing
@testable import ContainerRuntime

/// config.json as made from a pod container's spec and its image (no crun needed).
@Suite struct BundleTests {
    let image = ImageConfiguration(architecture: "amd64", config: .init(
        user: "0:0", env: ["PATH=/app:/usr/bin", "MODE=image", "EMPTY="], entrypoint: ["/app/pgw"], cmd: ["--config", "/etc/vcore/pgw.yaml"], workingDir: "/"),
        rootfs: .init(diffIDs: []))

    var builder: BundleBuilder {
        var builder = BundleBuilder()
        builder.deviceLookup = { $0 == "/dev/net/tun" ? .init(type: "c", major: 10, minor: 200, mode: 0o20666) : nil }
        builder.pathExists = { ["/var/run/netns/pgw-0", "/var/lib/vcore/configmaps/pgw.yaml"].contains($0) }
        return builder
    }

    @Test func pgwLikeContainer() throws {
        var spec = ContainerSpec(id: "vcore_pgw-0_pgw", image: "vcore/pgw:dev", env: [EnvVar("MODE", "pod"), EnvVar("EXTRA", "1")],
                                 network: .path("/var/run/netns/pgw-0"), labels: ["io.vcore.pod": "pgw-0"])
        spec.hostname = "pgw-0"
        spec.devices = ["/dev/net/tun"]
        spec.capabilities = CapabilityChanges(add: ["NET_ADMIN", "CAP_NET_RAW"], drop: ["MKNOD"])
        spec.mounts = [.bind("/var/lib/vcore/configmaps/pgw.yaml", at: "/etc/vcore/pgw.yaml"), .tmpfs(at: "/run/pgw", sizeBytes: 1 << 20)]
        spec.resources = ResourceLimits(cpuRequestMillis: 250, cpuLimitMillis: 500, memoryLimit: 64 << 20, pidsLimit: 128)
        spec.sysctls = ["net.ipv4.ip_forward": "1"]
        let config = try builder.specification(for: spec, image: image, rootfs: "/state/x/bundle/rootfs", cgroupsPath: "/vcore/vcore_pgw-0_pgw")

        #expect(config.process.args == ["/app/pgw", "--config", "/etc/vcore/pgw.yaml"])
        #expect(config.process.env == ["PATH=/app:/usr/bin", "MODE=pod", "EMPTY=", "EXTRA=1", "HOSTNAME=pgw-0"])
        #expect(config.process.terminal == false)
        #expect(config.process.user == .init(uid: 0, gid: 0, additionalGids: nil))
        #expect(config.process.capabilities.bounding.contains("CAP_NET_ADMIN"))
        #expect(config.process.capabilities.effective == config.process.capabilities.bounding)
        #expect(!config.process.capabilities.bounding.contains("CAP_MKNOD"))
        #expect(config.process.capabilities.bounding.filter { $0 == "CAP_NET_RAW" }.count == 1)
        #expect(config.process.rlimits == nil, "inherited unless set")
        spec.openFilesLimit = 65536
        #expect(try builder.specification(for: spec, image: image, rootfs: "/r", cgroupsPath: "/v/c").process.rlimits == [.init(type: "RLIMIT_NOFILE", hard: 65536, soft: 65536)])
        #expect(config.hostname == "pgw-0")
        #expect(config.root == .init(path: "/state/x/bundle/rootfs", readonly: false))
        #expect(config.linux.namespaces.map(\.type) == ["pid", "ipc", "uts", "mount", "network"])
        #expect(config.linux.namespaces.last?.path == "/var/run/netns/pgw-0")
        #expect(config.linux.cgroupsPath == "/vcore/vcore_pgw-0_pgw")
        #expect(config.linux.resources.memory?.limit == 64 << 20)
        #expect(config.linux.resources.cpu == .init(shares: 256, quota: 50_000, period: 100_000))
        #expect(config.linux.resources.pids?.limit == 128)
        #expect(config.linux.devices == [.init(path: "/dev/net/tun", type: "c", major: 10, minor: 200, fileMode: 0o666, uid: 0, gid: 0)])
        #expect(config.linux.resources.devices?.first == .init(allow: false, type: nil, major: nil, minor: nil, access: "rwm"))
        #expect(config.linux.resources.devices?.last == .init(allow: true, type: "c", major: 10, minor: 200, access: "rwm"))
        #expect(config.linux.sysctl == ["net.ipv4.ip_forward": "1"])
        #expect(config.linux.readonlyPaths.contains("/proc/sys"))
        #expect(config.annotations?["io.vcore.pod"] == "pgw-0")
        let configMap = try #require(config.mounts.first { $0.destination == "/etc/vcore/pgw.yaml" })
        #expect(configMap.type == "bind" && configMap.options.contains("ro") && configMap.options.contains("rbind"))
        let tmpfs = try #require(config.mounts.first { $0.destination == "/run/pgw" })
        #expect(tmpfs.options.contains("size=1048576"))
        #expect(config.mounts.first { $0.destination == "/sys" }?.options.contains("ro") == true)

        // The JSON carries the runtime-spec field names.
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
        #expect(json["ociVersion"] as? String == "1.0.2")
        let linux = try #require(json["linux"] as? [String: Any])
        #expect(linux["cgroupsPath"] as? String == "/vcore/vcore_pgw-0_pgw")
        #expect((linux["namespaces"] as? [[String: Any]])?.last?["path"] as? String == "/var/run/netns/pgw-0")
    }

    /// Kubernetes: `command` replaces Entrypoint and drops Cmd; `args` replaces Cmd.
    @Test(arguments: [
        (nil, nil, ["/app/pgw", "--config", "/etc/vcore/pgw.yaml"]),
        (nil, ["--verbose"], ["/app/pgw", "--verbose"]),
        (["/app/other"], nil, ["/app/other"]),
        (["/app/other"], ["-x"], ["/app/other", "-x"]),
    ] as [([String]?, [String]?, [String])])
    func commandAndArgs(command: [String]?, args: [String]?, expected: [String]) throws {
        let spec = ContainerSpec(id: "c", image: "vcore/pgw:dev", command: command, args: args)
        #expect(try builder.specification(for: spec, image: image, rootfs: "/r", cgroupsPath: "/v/c").process.args == expected)
    }

    @Test func networkModes() throws {
        var spec = ContainerSpec(id: "c", image: "i", network: .host)
        var config = try builder.specification(for: spec, image: image, rootfs: "/r", cgroupsPath: "/v/c")
        #expect(!config.linux.namespaces.contains { $0.type == "network" })
        #expect(config.hostname == nil)
        spec.network = .private
        config = try builder.specification(for: spec, image: image, rootfs: "/r", cgroupsPath: "/v/c")
        #expect(config.linux.namespaces.last == .init(type: "network", path: nil))
    }

    @Test func invalidSpecsAreRefused() {
        func build(_ change: (inout ContainerSpec) -> Void) throws {
            var spec = ContainerSpec(id: "c", image: "i")
            change(&spec)
            _ = try builder.specification(for: spec, image: image, rootfs: "/r", cgroupsPath: "/v/c")
        }
        #expect(throws: RuntimeError.self) { try build { $0.network = .path("/var/run/netns/missing") } }
        #expect(throws: RuntimeError.self) { try build { $0.devices = ["/dev/sda-not-here"] } }
        #expect(throws: RuntimeError.self) { try build { $0.mounts = [.bind("/nonexistent", at: "/etc/x")] } }
        #expect(throws: RuntimeError.self) { try build { $0.mounts = [.tmpfs(at: "relative")] } }
        #expect(throws: RuntimeError.self) { try build { $0.capabilities.add = ["NET ADMIN"] } }
        #expect(throws: RuntimeError.self) { try build { $0.env = [EnvVar("A=B", "x")] } }
        let bare = ImageConfiguration(architecture: "amd64", config: nil, rootfs: .init(diffIDs: []))
        #expect(throws: RuntimeError.self) { try builder.specification(for: ContainerSpec(id: "c", image: "i"), image: bare, rootfs: "/r", cgroupsPath: "/v/c") }
    }

    @Test func dropAllThenAdd() throws {
        #expect(try BundleBuilder.capabilities(CapabilityChanges(add: ["net_admin"], drop: ["ALL"])) == ["CAP_NET_ADMIN"])
    }

    @Test(arguments: ["a", "vcore_mme-7d9f_mme", "x.y-z", String(repeating: "a", count: 128)])
    func validIDs(id: String) throws {
        try ContainerRuntime.validate(id: id)
    }

    @Test(arguments: ["", "A", "-a", ".a", "a/b", "a b", "../x", String(repeating: "a", count: 129)])
    func invalidIDs(id: String) {
        #expect(throws: RuntimeError.self) { try ContainerRuntime.validate(id: id) }
    }
}

@Suite struct CgroupDetectionTests {
    func detect(_ mountinfo: String) throws -> CgroupHierarchy {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mountinfo-\(UUID().uuidString)")
        try mountinfo.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return CgroupHierarchy.detect(mountinfo: file.path)
    }

    @Test func hybrid() throws {
        let hierarchy = try detect("""
            30 24 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw
            32 30 0:28 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
            35 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpu,cpuacct
            36 30 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
            """)
        #expect(hierarchy.mode == .hybrid)
        #expect(hierarchy.unifiedMount == "/sys/fs/cgroup/unified")
        #expect(hierarchy.file("cpuacct", "/vcore/c", "cpuacct.usage") == "/sys/fs/cgroup/cpu,cpuacct/vcore/c/cpuacct.usage")
        #expect(hierarchy.directories("/vcore/c") == ["/sys/fs/cgroup/cpu,cpuacct/vcore/c", "/sys/fs/cgroup/memory/vcore/c", "/sys/fs/cgroup/systemd/vcore/c"])
    }

    @Test func unified() throws {
        let hierarchy = try detect("26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n")
        #expect(hierarchy.mode == .unified)
        #expect(hierarchy.file("memory", "/vcore/c", "memory.current") == "/sys/fs/cgroup/vcore/c/memory.current")
        #expect(Supervisor.workaroundArguments(hierarchy) == ["--mount", "--propagation", "private", "--"])
    }

    @Test func thisHost() {
        let hierarchy = CgroupHierarchy.detect()
        print("cgroup mode here: \(hierarchy.mode), controllers: \(hierarchy.controllers.keys.sorted())")
        #expect(!hierarchy.controllers.isEmpty || hierarchy.unifiedMount != nil)
    }
}

@Suite struct LogFileTests {
    @Test func criFormatRoundTrips() throws {
        let line = LogLine(timestamp: Date(timeIntervalSince1970: 1_767_225_600), stream: .stderr, text: "error: a b  c", partial: true)
        let bytes = LogFiles.format(line, seconds: 1_767_225_600, nanoseconds: 5_000)
        #expect(String(decoding: bytes, as: UTF8.self) == "2026-01-01T00:00:00.000005000Z stderr P error: a b  c\n")
        let parsed = try #require(LogFiles.parse(bytes.dropLast()))
        #expect(parsed.text == line.text && parsed.stream == .stderr && parsed.partial)
        #expect(abs(parsed.timestamp.timeIntervalSince1970 - 1_767_225_600.000005) < 1e-6)
        #expect(LogFiles.parse(Array("2026-01-01T00:00:00.1Z stdout F ".utf8))?.text == "")
        #expect(LogFiles.parse(Array("garbage".utf8)) == nil)
    }

    @Test func rotationKeepsMaxFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = LogFiles(directory: directory, maxBytes: 100, maxFiles: 3)
        let writer = try RotatingLogWriter(path: files.current.path, maxBytes: 100, maxFiles: 3)
        for index in 0..<20 {
            writer.write(LogFiles.format(LogLine(timestamp: Date(), stream: .stdout, text: "line \(index)"), seconds: 1_767_225_600 + index, nanoseconds: 0))
        }
        writer.close()
        #expect(files.files(previous: false).map(\.lastPathComponent) == ["container.log.2", "container.log.1", "container.log"])
        let lines = files.read(previous: false)
        #expect(lines.last?.text == "line 19")
        #expect(lines.map(\.text) == (20 - lines.count..<20).map { "line \($0)" }, "oldest first, nothing missing in between")
        #expect(files.read(previous: false, tail: 2).map(\.text) == ["line 18", "line 19"])
        #expect(files.read(previous: false, since: Date(timeIntervalSince1970: 1_767_225_600 + 18)).map(\.text) == ["line 18", "line 19"])
        files.archive()
        #expect(files.read(previous: false).isEmpty)
        #expect(files.read(previous: true).last?.text == "line 19")
    }
}
