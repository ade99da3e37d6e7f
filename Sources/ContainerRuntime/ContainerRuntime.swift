import Foundation
import Logging
import OCIImage
#if canImport(Glibc)
import Glibc
#endif

/// Runs a node's containers with crun: the node agent's (kubelet's) view of the container runtime.
///
/// ```swift
/// let runtime = try ContainerRuntime(images: try ImageStore())
/// var spec = ContainerSpec(id: "vcore_pgw-0_pgw", image: "vcore/pgw:dev", network: .path("/var/run/netns/pgw-0"))
/// spec.devices = ["/dev/net/tun"]; spec.capabilities.add = ["NET_ADMIN"]
/// spec.mounts = [.bind("/var/lib/vcore/configmaps/pgw/pgw.yaml", at: "/etc/vcore/pgw.yaml")]
/// spec.resources = ResourceLimits(cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryLimit: 128 << 20)
/// try await runtime.run(spec)                      // returns once the process exists
/// for await event in runtime.events() { ... }       // .started / .exited(status with exitCode)
/// try await runtime.stop(spec.id, grace: .seconds(30))   // SIGTERM, SIGKILL after the grace period
/// try await runtime.remove(spec.id)
/// ```
///
/// A container is: an overlayfs root (the image unpacked once per image by `ImageStore.rootfs`,
/// shared read-only as lower directory, plus a per-container upper directory), a runtime-spec
/// bundle (`BundleBuilder`), and a supervisor process (`Supervisor`) that runs `crun run` in the
/// foreground in a private mount namespace (the hybrid-cgroup workaround) and records its exit
/// status. stdout and stderr reach the node agent through two FIFOs; `ContainerMonitor` turns
/// them into CRI-format log files rotated by size.
///
/// Every container has a directory under `stateDirectory` that holds all there is to know about
/// it (its spec, its bundle, its pid and exit files), so a new `ContainerRuntime` over the same
/// directories — the orchestrator restarted — finds running containers again (`recover`) and
/// carries on collecting their logs. Each container runs under its own small supervisor (see
/// `Supervisor`), never as a child of the orchestrator.
///
/// Calls for different containers may run concurrently; calls for the same container id must not
/// overlap (the node agent serializes its work per pod). Blocking work (crun, unpacking images)
/// runs on Dispatch threads, off the cooperative pool.
public final class ContainerRuntime: Sendable {
    public let configuration: RuntimeConfiguration
    public let images: ImageStore
    public var cgroupMode: CgroupMode { cgroups.mode }

    let crun: Crun
    let cgroups: CgroupHierarchy
    private let monitor: ContainerMonitor
    private let broadcaster: EventBroadcaster
    private let logger: Logger

    public init(configuration: RuntimeConfiguration = RuntimeConfiguration(), images: ImageStore,
                logger: Logger = Logger(label: "vcore.runtime")) throws {
        if let problem = Self.hostProblems(crunPath: configuration.crunPath).first { throw RuntimeError.unsupported(problem) }
        self.configuration = configuration
        self.images = images
        self.logger = logger
        let cgroups = CgroupHierarchy.detect()
        self.cgroups = cgroups
        crun = Crun(executable: Subprocess.which(configuration.crunPath) ?? configuration.crunPath,
                    root: configuration.crunRoot.path, cgroups: cgroups)
        for directory in [configuration.stateDirectory, configuration.logDirectory, configuration.crunRoot] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let broadcaster = EventBroadcaster()
        self.broadcaster = broadcaster
        let stateDirectory = configuration.stateDirectory
        let crunRoot = configuration.crunRoot
        // On the monitor thread, in order: crun's pid file appeared, the exit file appeared.
        monitor = try ContainerMonitor(onStart: { id in
            if var status = try? ContainerRuntime.readStatus(id, stateDirectory: stateDirectory, crunRoot: crunRoot) {
                // It may already be gone; the event still says it started, with its pid.
                status.state = .running
                status.pid = status.pid ?? ContainerRuntime.readPID(ContainerPaths(directory: stateDirectory.appendingPathComponent(id)).pidFile)
                status.exitCode = nil
                status.finishedAt = nil
                broadcaster.yield(.started(status))
            }
        }, onExit: { id in
            if let status = try? ContainerRuntime.readStatus(id, stateDirectory: stateDirectory, crunRoot: crunRoot) {
                broadcaster.yield(.exited(status))
            }
        })
    }

    /// Why containers can't run on this host (empty when they can): not root, crun, unshare or
    /// setsid missing, no overlayfs. Tests skip with these reasons.
    public static func hostProblems(crunPath: String = "crun") -> [String] {
        var problems: [String] = []
        if geteuid() != 0 { problems.append("the container runtime needs root (namespaces, cgroups, mounts)") }
        if Subprocess.which(crunPath) == nil { problems.append("crun is not installed (apt install crun)") }
        for tool in ["/usr/bin/unshare", "/usr/bin/setsid"] where access(tool, X_OK) != 0 {
            problems.append("\(tool) is missing (util-linux)")
        }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        if !filesystems.contains("overlay") { problems.append("the kernel has no overlayfs (modprobe overlay)") }
        return problems
    }

    /// Stops collecting logs and watching exits (the orchestrator is stopping). Containers keep
    /// running; a new runtime's `recover()` takes them over.
    public func shutdown() {
        monitor.shutdown()
        broadcaster.finish()
    }

    // MARK: - Lifecycle

    /// Creates and starts a container and returns once its process exists (or throws with
    /// crun's message when it can't be created). A container with the same id that has exited
    /// is replaced, its logs kept as the previous ones.
    @discardableResult
    public func run(_ spec: ContainerSpec) async throws -> ContainerStatus {
        try Self.validate(id: spec.id)
        let paths = self.paths(spec.id)
        let logs = logFiles(spec.id)
        if FileManager.default.fileExists(atPath: paths.record.path) {
            let previous = try status(spec.id)
            if previous.isRunning { throw RuntimeError.alreadyRunning(id: spec.id) }
            try await offload { [self] in
                try discard(spec.id)
                logs.archive()
            }
        }
        let started = ContinuousClock.now
        try await offload { [self] in try prepare(spec, paths: paths, logs: logs) }
        do {
            try monitor.add(id: spec.id, paths: paths, files: logs)
            try await offload { [crun] in
                try Supervisor.start(paths: paths, id: spec.id, lowerDirectory: try Self.readRecord(paths).lowerDirectory, crun: crun)
            }
            // The pid file appears once crun has created the container's process.
            let deadline = started + configuration.startTimeout
            while !Self.hasContent(paths.pidFile) {
                if FileManager.default.fileExists(atPath: paths.exitFile.path) {
                    throw RuntimeError.startFailed(id: spec.id, message: Self.failureMessage(paths) ?? "the supervisor exited with \(Self.readExitCode(paths).map(String.init) ?? "?")")
                }
                if ContinuousClock.now > deadline { throw RuntimeError.timedOut(id: spec.id, operation: "start") }
                try await Task.sleep(for: .milliseconds(2))
            }
        } catch {
            logger.warning("container failed to start", metadata: ["id": "\(spec.id)", "error": "\(error)"])
            try? await offload { [self] in
                if let pid = Self.supervisorPID(paths) { Glibc.kill(pid, SIGKILL) }
                try discard(spec.id)
                logs.removeCurrent()
            }
            throw error
        }
        let status = try status(spec.id)
        logger.info("container started", metadata: ["id": "\(spec.id)", "pid": "\(status.pid ?? 0)", "ms": "\((ContinuousClock.now - started).milliseconds)"])
        return status
    }

    /// Sends SIGTERM, waits up to `grace` for the container to exit, then sends SIGKILL (PID 1 of
    /// a PID namespace ignores SIGTERM unless it handles it). Returns the exited status.
    @discardableResult
    public func stop(_ id: String, grace: Duration) async throws -> ContainerStatus {
        var current = try status(id)
        guard current.isRunning else { return current }
        if current.state == .created { current = try await waitUntilStarted(id) }
        if grace > .zero {
            _ = try await offload { [crun] in try crun.kill(id, signal: "TERM") }
            if let exited = try await waitForExit(id, timeout: grace) { return exited }
            logger.info("container ignored SIGTERM, killing", metadata: ["id": "\(id)", "grace": "\(grace)"])
        }
        _ = try await offload { [crun] in try crun.kill(id, signal: "KILL") }
        guard let exited = try await waitForExit(id, timeout: .seconds(10)) else { throw RuntimeError.timedOut(id: id, operation: "SIGKILL") }
        return exited
    }

    /// Sends a signal (`TERM`, `HUP`, `USR1`, `9`, ...) to the container's init process.
    public func kill(_ id: String, signal: String) async throws {
        guard try status(id).isRunning else { throw RuntimeError.notRunning(id: id) }
        guard try await offload({ [crun] in try crun.kill(id, signal: signal) }) else { throw RuntimeError.notRunning(id: id) }
    }

    /// Waits until the container has exited; nil if `timeout` passes first.
    public func waitForExit(_ id: String, timeout: Duration? = nil) async throws -> ContainerStatus? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            let current = try status(id)
            if !current.isRunning { return current }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Deletes a container: kills it if it still runs, then removes its crun state, cgroups,
    /// directory and logs. Nothing of it remains.
    public func remove(_ id: String) async throws {
        try Self.validate(id: id)
        let paths = self.paths(id)
        let logs = logFiles(id)
        let known = FileManager.default.fileExists(atPath: paths.directory.path) || FileManager.default.fileExists(atPath: logs.directory.path)
        if FileManager.default.fileExists(atPath: paths.record.path), try status(id).isRunning {
            _ = try await stop(id, grace: .zero)
        }
        let crunKnew = try await offload { [self] () -> Bool in
            let crunKnew = try crun.state(id) != nil
            try discard(id)
            if FileManager.default.fileExists(atPath: logs.directory.path) { try FileManager.default.removeItem(at: logs.directory) }
            return crunKnew
        }
        guard known || crunKnew else { throw RuntimeError.notFound(id: id) }
        logger.info("container removed", metadata: ["id": "\(id)"])
    }

    // MARK: - Queries

    public func status(_ id: String) throws -> ContainerStatus {
        try Self.validate(id: id)
        return try Self.readStatus(id, stateDirectory: configuration.stateDirectory, crunRoot: configuration.crunRoot)
    }

    /// Every container with a directory in the state directory, sorted by id.
    public func list() throws -> [ContainerStatus] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: configuration.stateDirectory.path)) ?? []
        return names.sorted().compactMap { try? status($0) }
    }

    /// After a restart of the orchestrator: resumes log collection and exit watching for the
    /// containers still running, deletes crun containers nobody knows (left by a crash between
    /// crun's create and our record), and returns every container's status.
    @discardableResult
    public func recover() async throws -> [ContainerStatus] {
        let statuses = try list()
        for status in statuses where status.isRunning && !monitor.isMonitoring(status.id) {
            try monitor.add(id: status.id, paths: paths(status.id), files: logFiles(status.id))
            logger.info("re-adopted running container", metadata: ["id": "\(status.id)", "pid": "\(status.pid ?? 0)"])
        }
        let known = Set(statuses.map(\.id))
        let orphans = try await offload { [crun] in try crun.list().map(\.id).filter { !known.contains($0) } }
        for orphan in orphans {
            logger.warning("deleting unknown crun container", metadata: ["id": "\(orphan)"])
            try await offload { [crun] in try crun.delete(orphan) }
        }
        return statuses
    }

    /// A multi-subscriber stream of starts and exits (exits of containers that crashed, were
    /// stopped or killed), for the node agent's restart logic. A container's `.started` always
    /// comes before its `.exited`; containers taken over by `recover()` only report their exit.
    public func events() -> AsyncStream<ContainerEvent> {
        broadcaster.subscribe()
    }

    // MARK: - Running containers

    /// Changes cpu/memory/pids limits of a running container (nil fields stay as they are).
    @discardableResult
    public func update(_ id: String, resources: ResourceLimits) async throws -> ContainerStatus {
        guard try status(id).isRunning else { throw RuntimeError.notRunning(id: id) }
        let paths = self.paths(id)
        try await offload { [crun] in
            try crun.update(id, resources: resources, scratch: paths.directory)
            var record = try Self.readRecord(paths)
            let old = record.resources
            record.resources = ResourceLimits(cpuShares: resources.cpuShares ?? old.cpuShares, cpuQuota: resources.cpuQuota ?? old.cpuQuota,
                                              cpuPeriod: resources.cpuPeriod ?? old.cpuPeriod, memoryLimit: resources.memoryLimit ?? old.memoryLimit,
                                              pidsLimit: resources.pidsLimit ?? old.pidsLimit)
            try Self.writeRecord(record, paths)
        }
        return try status(id)
    }

    /// CPU and memory usage from the container's cgroup.
    public func stats(_ id: String) throws -> ContainerStats {
        guard try status(id).isRunning else { throw RuntimeError.notRunning(id: id) }
        return try cgroups.stats(id: id, cgroupsPath: Self.readRecord(paths(id)).cgroupsPath)
    }

    /// Runs a command in a running container's namespaces and cgroup (`vcore exec`, exec probes)
    /// and returns its exit status and output. It gets the container's environment plus `env`.
    /// Killed after `timeout`.
    public func exec(_ id: String, command: [String], env: [EnvVar] = [], workingDir: String? = nil,
                     timeout: Duration? = .seconds(30)) async throws -> ExecResult {
        guard !command.isEmpty else { throw RuntimeError.invalidSpec("exec needs a command") }
        guard try status(id).isRunning else { throw RuntimeError.notRunning(id: id) }
        let seconds = timeout.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        let config = paths(id).config
        return try await offload { [crun] in
            // crun exec --env replaces the environment: start from the container's own.
            let specification = try JSONDecoder().decode(RuntimeSpecification.self, from: Data(contentsOf: config))
            var environment = specification.process.env.map { entry -> EnvVar in
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return EnvVar(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
            for variable in env {
                environment.removeAll { $0.name == variable.name }
                environment.append(variable)
            }
            return try crun.exec(id, command: command, env: environment, workingDir: workingDir, timeout: seconds)
        }
    }

    /// The logged lines of the current instance (or, with `previous`, of the one before it).
    public func logs(_ id: String, previous: Bool = false, tail: Int? = nil, since: Date? = nil) throws -> [LogLine] {
        try Self.validate(id: id)
        let files = logFiles(id)
        guard FileManager.default.fileExists(atPath: files.directory.path) else { throw RuntimeError.notFound(id: id) }
        return files.read(previous: previous, tail: tail, since: since)
    }

    /// The logged lines (the last `tail`), then new lines as the container writes them, until it
    /// exits or the consumer stops iterating (`vcore logs -f`).
    public func followLogs(_ id: String, tail: Int? = nil) throws -> AsyncStream<LogLine> {
        try Self.validate(id: id)
        let files = logFiles(id)
        guard FileManager.default.fileExists(atPath: files.directory.path) else { throw RuntimeError.notFound(id: id) }
        return monitor.follow(id, files: files, tail: tail)
    }

    /// Removes the (empty) cgroup parent directories (`/<cgroupParent>`): after the last
    /// container, when the node is torn down.
    public func removeCgroupParent() {
        cgroups.removeDirectories("/\(configuration.cgroupParent)")
    }

    // MARK: - Internals

    func paths(_ id: String) -> ContainerPaths {
        ContainerPaths(directory: configuration.stateDirectory.appendingPathComponent(id))
    }

    func logFiles(_ id: String) -> LogFiles {
        LogFiles(directory: configuration.logDirectory.appendingPathComponent(id), maxBytes: configuration.logMaxBytes, maxFiles: configuration.logMaxFiles)
    }

    /// Writes the container's directory: record, bundle, overlay directories and FIFOs.
    private func prepare(_ spec: ContainerSpec, paths: ContainerPaths, logs: LogFiles) throws {
        let image: Image, lower: URL
        do {
            image = try images.image(spec.image)
            lower = try images.rootfs(for: image.reference)
        } catch let error as ImageError {
            throw RuntimeError.imageUnavailable(image: spec.image, reason: error.description)
        }
        let manager = FileManager.default
        let cgroupsPath = "/\(configuration.cgroupParent)/\(spec.id)"
        let specification = try BundleBuilder().specification(for: spec, image: image.configuration, rootfs: paths.rootfs.path, cgroupsPath: cgroupsPath)
        do {
            for directory in [paths.rootfs, paths.upper, paths.work, logs.directory] {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(specification).write(to: paths.config)
            try Self.writeRecord(ContainerRecord(spec: spec, imageDigest: image.digest.description, lowerDirectory: lower.path,
                                                 cgroupsPath: cgroupsPath, createdAt: Date(), resources: spec.resources), paths)
            for fifo in [paths.stdoutFIFO, paths.stderrFIFO] where mkfifo(fifo.path, 0o600) != 0 {
                throw RuntimeError.io("mkfifo \(fifo.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? manager.removeItem(at: paths.directory)
            logs.removeCurrent()
            throw error
        }
    }

    /// Removes what is left of a container that no longer runs: monitor entry, crun state,
    /// cgroups, directory. Keeps the logs.
    private func discard(_ id: String) throws {
        let paths = self.paths(id)
        monitor.remove(id)
        try crun.delete(id)
        let cgroupsPath = (try? Self.readRecord(paths))?.cgroupsPath ?? "/\(configuration.cgroupParent)/\(id)"
        cgroups.removeDirectories(cgroupsPath)
        if FileManager.default.fileExists(atPath: paths.directory.path) { try FileManager.default.removeItem(at: paths.directory) }
    }

    private func waitUntilStarted(_ id: String) async throws -> ContainerStatus {
        let deadline = ContinuousClock.now + configuration.startTimeout
        while ContinuousClock.now < deadline {
            let current = try status(id)
            if current.state != .created { return current }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw RuntimeError.timedOut(id: id, operation: "start")
    }

    static func validate(id: String) throws {
        let bytes = Array(id.utf8)
        guard (1...128).contains(bytes.count), let first = bytes.first, Self.isIDByte(first), first != UInt8(ascii: "."),
              first != UInt8(ascii: "-"), first != UInt8(ascii: "_"), bytes.allSatisfy(Self.isIDByte) else {
            throw RuntimeError.invalidSpec("container id '\(id)' must be 1-128 of [a-z0-9_.-], starting with a letter or digit")
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2e || byte == 0x5f || byte == 0x2d
    }
}

/// Runs blocking work on a Dispatch thread so the cooperative pool (two threads on a two-core
/// node) never waits on crun.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

/// Fans container events out to every subscriber.
final class EventBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<ContainerEvent>.Continuation] = [:]
    private var finished = false

    func subscribe() -> AsyncStream<ContainerEvent> {
        let (stream, continuation) = AsyncStream<ContainerEvent>.makeStream()
        let token = UUID()
        let added: Bool = lock.withLock {
            guard !finished else { return false }
            subscribers[token] = continuation
            return true
        }
        if added {
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                _ = lock.withLock { self.subscribers.removeValue(forKey: token) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }

    func yield(_ event: ContainerEvent) {
        for subscriber in lock.withLock({ Array(subscribers.values) }) { subscriber.yield(event) }
    }

    func finish() {
        let all = lock.withLock { () -> [AsyncStream<ContainerEvent>.Continuation] in
            finished = true
            defer { subscribers = [:] }
            return Array(subscribers.values)
        }
        for subscriber in all { subscriber.finish() }
    }
}
