import ContainerRuntime
import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// Real containers with crun (root only): vcore-testworkload's image, run in a network namespace
/// the test made (as the CNI code makes a pod's), reached over a veth, stopped, crashed, killed,
/// updated, exec'd into, re-adopted by a restarted runtime — and nothing left afterwards.
@Suite(.runtimeFixture) struct ContainerLifecycleTests {
    @Test func servesInThePodNetworkAndStopsOnSIGTERM() async throws {
        guard let fixture = requireFixture() else { return }
        let runtime = try fixture.runtime("lifecycle")
        defer { runtime.shutdown() }
        let events = EventCollector(runtime.events())
        let network = try TestNetworkNamespace()
        defer { network.remove() }
        let id = containerID("lifecycle")
        let configMap = fixture.root.appendingPathComponent("\(id)-testworkload.yaml")
        try Data("greeting: hello\n".utf8).write(to: configMap)

        var spec = ContainerSpec(id: id, image: "vcore/testworkload:dev", env: [EnvVar("TERM_DELAY", "0.2")],
                                 network: .path(network.path), labels: ["io.vcore.pod": "lifecycle"])
        spec.hostname = "lifecycle-pod"
        spec.mounts = [.bind(configMap.path, at: "/etc/vcore/testworkload.yaml")]
        spec.devices = ["/dev/net/tun"]
        spec.capabilities.add = ["NET_ADMIN"]
        spec.resources = ResourceLimits(cpuRequestMillis: 100, cpuLimitMillis: 500, memoryLimit: 256 << 20, pidsLimit: 64)

        let clock = ContinuousClock()
        let started = clock.now
        let status = try await runtime.run(spec)
        let startLatency = clock.now - started
        #expect(status.state == .running)
        #expect(status.labels["io.vcore.pod"] == "lifecycle")
        let pid = try #require(status.pid)

        // HTTP from the host, through the veth into the pod's namespace.
        let health = try await eventually { try httpGet(host: network.podAddress, port: 8080, path: "/healthz") }
        let servingLatency = clock.now - started
        print("container start latency: run() returned after \(Int(startLatency.seconds * 1000)) ms (process exists), first HTTP 200 after \(Int(servingLatency.seconds * 1000)) ms")
        #expect(health.status == 200 && health.body == "ok\n")
        #expect(try httpGet(host: network.podAddress, port: 8080, path: "/").body == "vcore-testworkload on lifecycle-pod\n")
        #expect(try echo(host: network.podAddress, port: 7007, payload: "over tcp", udp: false) == "over tcp")
        #expect(try echo(host: network.podAddress, port: 7007, payload: "over udp", udp: true) == "over udp")

        // Logs: one line per request, captured from the container's stdout.
        let lines = try await eventually {
            let lines = try runtime.logs(id)
            return lines.contains { $0.text.hasPrefix("http GET /healthz 200 from \(network.hostAddress):") } ? lines : nil
        }
        #expect(lines.first?.text.hasPrefix("vcore-testworkload 1.0.0 on lifecycle-pod") == true)
        #expect(lines.allSatisfy { $0.stream == .stdout })
        let echoes = try await eventually { () -> [String]? in
            let texts = try runtime.logs(id).map(\.text)
            return texts.contains { $0.hasPrefix("udp echo 8 bytes from \(network.hostAddress):") } ? texts : nil
        }
        #expect(echoes.contains { $0.hasPrefix("tcp echo 8 bytes from \(network.hostAddress):") })

        // exec: the image's binary, the ConfigMap (read-only), the TUN device.
        let version = try await runtime.exec(id, command: ["/app/vcore-testworkload", "--version"])
        #expect(version.exitCode == 0 && version.stdoutText == "vcore-testworkload 1.0.0\n")
        let cat = try await runtime.exec(id, command: ["/app/vcore-testworkload", "cat", "/etc/vcore/testworkload.yaml"])
        #expect(cat.stdoutText == "greeting: hello\n")
        let write = try await runtime.exec(id, command: ["/app/vcore-testworkload", "write", "/etc/vcore/testworkload.yaml", "changed"])
        #expect(write.exitCode != 0 && write.stderrText.contains("Read-only file system"))
        let tun = try await runtime.exec(id, command: ["/app/vcore-testworkload", "open", "/dev/net/tun"])
        #expect(tun.exitCode == 0, "\(tun.stderrText)")
        let probe = try await runtime.exec(id, command: ["/app/vcore-testworkload", "probe", "--path", "/readyz"])
        #expect(probe.exitCode == 0 && probe.stdoutText == "HTTP/1.1 200 OK\n")
        let env = try await runtime.exec(id, command: ["/app/vcore-testworkload", "env"], env: [EnvVar("EXTRA", "yes")])
        #expect(env.stdoutText.contains("EXTRA=yes\n") && env.stdoutText.contains("TERM_DELAY=0.2\n"))
        let missing = try await runtime.exec(id, command: ["/app/not-there"])
        #expect(missing.exitCode != 0 && missing.stderrText.contains("/app/not-there"), "\(missing)")

        // Stats and a live limit change, visible in the cgroup files.
        let stats = try runtime.stats(id)
        #expect(stats.cpuUsageNanoseconds > 0)
        #expect(stats.memoryUsageBytes > 0 && stats.memoryWorkingSetBytes <= stats.memoryUsageBytes)
        #expect(stats.memoryLimitBytes == 256 << 20)
        #expect((stats.pids ?? 0) >= 1)
        #expect(readCgroupFile("cpu", fixture, id, "cpu.cfs_quota_us") == "50000")
        #expect(readCgroupFile("cpu", fixture, id, "cpu.shares") == "102")
        let updated = try await runtime.update(id, resources: ResourceLimits(memoryLimit: 128 << 20, pidsLimit: 100))
        #expect(readCgroupFile("memory", fixture, id, "memory.limit_in_bytes") == String(128 << 20))
        #expect(readCgroupFile("pids", fixture, id, "pids.max") == "100")
        #expect(readCgroupFile("cpu", fixture, id, "cpu.cfs_quota_us") == "50000", "unchanged limits stay")
        #expect(updated.resources.memoryLimit == 128 << 20 && updated.resources.cpuQuota == 50_000)
        #expect(try runtime.stats(id).memoryLimitBytes == 128 << 20)

        // SIGTERM: the workload drains 0.2 s and exits 0, well within the grace period.
        let stopStarted = clock.now
        let stopped = try await runtime.stop(id, grace: .seconds(5))
        let stopTime = clock.now - stopStarted
        #expect(stopped.state == .exited && stopped.exitCode == 0)
        #expect(stopTime < .seconds(3), "stopped after \(stopTime)")
        #expect(Glibc.kill(pid, 0) != 0)
        let finalLines = try runtime.logs(id).map(\.text)
        #expect(finalLines.contains("received SIGTERM, draining for 0.2 s"))
        #expect(finalLines.last == "stopped")
        let exitEvent = try await events.exit(of: id)
        #expect(exitEvent.exitCode == 0)
        #expect(events.events(for: id).map { if case .started = $0 { "started" } else { "exited" } } == ["started", "exited"])
        #expect(events.events(for: id).first?.status.pid == pid)

        let supervisor = readPID(runtime.configuration.stateDirectory.appendingPathComponent("\(id)/supervisor.pid"))
        try await runtime.remove(id)
        try await expectNothingRemains(of: id, runtime: runtime, fixture: fixture, pids: [pid] + (supervisor.map { [$0] } ?? []))
        await #expect(throws: RuntimeError.notFound(id: id)) { try await runtime.remove(id) }
    }

    /// PID 1 that ignores SIGTERM only goes with SIGKILL, once the grace period is over.
    @Test func ignoringSIGTERMGetsSIGKILLAfterTheGracePeriod() async throws {
        guard let fixture = requireFixture() else { return }
        let runtime = try fixture.runtime("stubborn")
        defer { runtime.shutdown() }
        let id = containerID("stubborn")
        let status = try await runtime.run(ContainerSpec(id: id, image: "vcore/testworkload:dev", env: [EnvVar("IGNORE_SIGTERM", "1")]))
        _ = try await eventually { try runtime.logs(id).first { $0.text.contains("ignoring SIGTERM") } }
        let clock = ContinuousClock()
        let started = clock.now
        let stopped = try await runtime.stop(id, grace: .seconds(1))
        let elapsed = clock.now - started
        #expect(stopped.exitCode == 137, "128 + SIGKILL")
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(4), "took \(elapsed)")
        #expect(try !runtime.logs(id).contains { $0.text.contains("received SIGTERM") })
        try await runtime.remove(id)
        try await expectNothingRemains(of: id, runtime: runtime, fixture: fixture, pids: [status.pid ?? 0])
    }

    /// A crash is reported with its exit code (event and status); running the same id again
    /// keeps the crashed instance's logs as the previous ones.
    @Test func crashIsReportedAndPreviousLogsAreKept() async throws {
        guard let fixture = requireFixture() else { return }
        let runtime = try fixture.runtime("crasher")
        defer { runtime.shutdown() }
        let events = EventCollector(runtime.events())
        let id = containerID("crasher")
        var spec = ContainerSpec(id: id, image: "vcore/testworkload:dev", env: [EnvVar("CRASH_AFTER", "0.3"), EnvVar("EXIT_CODE", "3")])
        _ = try await runtime.run(spec)
        let exit = try await events.exit(of: id)
        #expect(exit.state == .exited && exit.exitCode == 3)
        #expect(events.events(for: id).map { if case .started = $0 { "started" } else { "exited" } } == ["started", "exited"])
        let status = try runtime.status(id)
        #expect(status.exitCode == 3)
        let startedAt = try #require(status.startedAt), finishedAt = try #require(status.finishedAt)
        #expect(finishedAt.timeIntervalSince(startedAt) >= 0.25)
        #expect(try runtime.logs(id).last?.text == "crashing as told (CRASH_AFTER=0.3): exit 3")
        await #expect(throws: RuntimeError.notRunning(id: id)) { try await runtime.exec(id, command: ["/app/vcore-testworkload", "--version"]) }

        // Restarted (as the node agent does after its back-off), without the crash.
        spec.env = []
        let restarted = try await runtime.run(spec)
        #expect(restarted.state == .running)
        #expect(try runtime.logs(id, previous: true).last?.text == "crashing as told (CRASH_AFTER=0.3): exit 3")
        _ = try await eventually { try runtime.logs(id).first }
        #expect(try !runtime.logs(id).contains { $0.text.contains("crashing") })
        await #expect(throws: RuntimeError.alreadyRunning(id: id)) { try await runtime.run(spec) }
        _ = try await runtime.stop(id, grace: .seconds(3))
        try await runtime.remove(id)
        try await expectNothingRemains(of: id, runtime: runtime, fixture: fixture, pids: [restarted.pid ?? 0])
    }

    /// A container that can't be created fails `run` with crun's own message and leaves nothing.
    @Test func startFailureCarriesCrunsMessage() async throws {
        guard let fixture = requireFixture() else { return }
        let runtime = try fixture.runtime("broken")
        defer { runtime.shutdown() }
        let id = containerID("broken")
        do {
            let status = try await runtime.run(ContainerSpec(id: id, image: "vcore/testworkload:dev", command: ["/app/does-not-exist"]))
            Issue.record("run succeeded: \(status)")
        } catch let RuntimeError.startFailed(failedID, message) {
            #expect(failedID == id)
            #expect(message.contains("/app/does-not-exist"), "\(message)")
            print("crun's message for a missing executable: \(message)")
        }
        await #expect(throws: RuntimeError.imageUnavailable(image: "vcore/nothing:dev", reason: "image not found: vcore/nothing:dev")) {
            try await runtime.run(ContainerSpec(id: id, image: "vcore/nothing:dev"))
        }
        #expect(throws: RuntimeError.notFound(id: id)) { try runtime.status(id) }
        try await expectNothingRemains(of: id, runtime: runtime, fixture: fixture, pids: [])
    }

    /// On demand (`VCORE_LATENCY_REPORT=1`): how long `run` takes from call to process, and to a
    /// served HTTP request, over several containers of an already unpacked image.
    @Test func startLatencyReport() async throws {
        guard ProcessInfo.processInfo.environment["VCORE_LATENCY_REPORT"] != nil else {
            print("skipped: set VCORE_LATENCY_REPORT=1 to measure container start latency")
            return
        }
        guard let fixture = requireFixture() else { return }
        let runtime = try fixture.runtime("latency")
        defer { runtime.shutdown() }
        let clock = ContinuousClock()
        _ = try fixture.images.rootfs(for: ImageReference(parsing: "vcore/testworkload:dev"))
        var runs: [Double] = [], serving: [Double] = []
        for _ in 0..<10 {
            let id = containerID("latency")
            let started = clock.now
            let status = try await runtime.run(ContainerSpec(id: id, image: "vcore/testworkload:dev"))
            runs.append((clock.now - started).seconds * 1000)
            // Until the server listens, the probe gets "connection refused".
            while try await runtime.exec(id, command: ["/app/vcore-testworkload", "probe", "--path", "/healthz"]).exitCode != 0 {
                #expect(clock.now - started < .seconds(10))
            }
            serving.append((clock.now - started).seconds * 1000)
            _ = try await runtime.stop(id, grace: .seconds(2))
            try await runtime.remove(id)
            try await expectNothingRemains(of: id, runtime: runtime, fixture: fixture, pids: [status.pid ?? 0])
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        print("start latency over \(runs.count) containers: run() → process exists median \(Int(median(runs))) ms (min \(Int(runs.min() ?? 0)), max \(Int(runs.max() ?? 0))); run() → first answered exec probe median \(Int(median(serving))) ms")
    }

    /// The orchestrator restarts: a new runtime over the same directories finds the running
    /// container, takes its logs over (rotating them by size) and can stop it.
    @Test func aRestartedRuntimeTakesRunningContainersOver() async throws {
        guard let fixture = requireFixture() else { return }
        let id = containerID("survivor")
        let first = try fixture.runtime("restart")
        let original = try await first.run(ContainerSpec(id: id, image: "vcore/testworkload:dev"))
        _ = try await eventually { try first.logs(id).first }
        first.shutdown()

        let second = try fixture.runtime("restart", logMaxBytes: 400, logMaxFiles: 3)
        defer { second.shutdown() }
        let events = EventCollector(second.events())
        let recovered = try await second.recover()
        let status = try #require(recovered.first { $0.id == id })
        #expect(status.state == .running && status.pid == original.pid)

        // Output written after the restart reaches the new runtime's log files and followers.
        let follower = Task { () -> [LogLine] in
            var seen: [LogLine] = []
            for await line in try second.followLogs(id, tail: 0) {
                seen.append(line)
                if line.text.hasPrefix("http GET /readyz 200") { break }
            }
            return seen
        }
        try await Task.sleep(for: .milliseconds(50))
        for _ in 0..<8 {
            let probe = try await second.exec(id, command: ["/app/vcore-testworkload", "probe", "--path", "/readyz"])
            #expect(probe.exitCode == 0)
        }
        let followed = try await follower.value
        #expect(followed.last?.text.hasPrefix("http GET /readyz 200 from 127.0.0.1") == true)
        let logged = try await eventually { () -> [LogLine]? in
            let lines = try second.logs(id)
            return lines.filter { $0.text.hasPrefix("http GET /readyz") }.count >= 2 ? lines : nil
        }
        #expect(logged.last?.text.hasPrefix("http GET /readyz 200") == true)
        let logDirectory = second.configuration.logDirectory.appendingPathComponent(id)
        let files = try FileManager.default.contentsOfDirectory(atPath: logDirectory.path).sorted()
        #expect(files == ["container.log", "container.log.1", "container.log.2"], "rotated at 400 bytes, 3 files kept")

        let stopped = try await second.stop(id, grace: .seconds(3))
        #expect(stopped.exitCode == 0)
        #expect(try await events.exit(of: id).exitCode == 0)
        try await second.remove(id)
        try await expectNothingRemains(of: id, runtime: second, fixture: fixture, pids: [original.pid ?? 0])
    }
}
