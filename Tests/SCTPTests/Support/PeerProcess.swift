import Foundation
import NetworkTestSupport
import Synchronization

/// A process the test started inside a namespace (a peer, or dumpcap), with its output collected
/// line by line. It is killed by PID when the test is done with it.
final class NamespacedProcess: @unchecked Sendable {  // `process` is used from the owning test task only
    let label: String
    private let process: Process
    private let input = Pipe()
    private let output = Mutex<(lines: [String], taken: Set<Int>, transcript: [String], partial: [String: Data])>(([], [], [], [:]))

    /// This test binary, which becomes the peer when started with a `PeerScript`.
    static let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

    /// The other processes of the same test, whose output a failure report shows too.
    private let group: ProcessGroup?

    init(label: String, namespace: String, command: [String], environment: [String: String] = [:], group: ProcessGroup? = nil) throws {
        self.label = label
        self.group = group
        process = Process()
        process.executableURL = URL(fileURLWithPath: NetworkLab.ip ?? "/usr/sbin/ip")
        // `ip netns exec` execs the command: the process keeps this PID, so killing it is exact.
        process.arguments = ["netns", "exec", namespace] + command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        standardOutput.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.take(handle.availableData, from: "out") }
        standardError.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.take(handle.availableData, from: "err") }
        try Self.launch(process)
        group?.add(self)
    }

    /// Starts the process from a thread with no signals blocked: children inherit the signal mask
    /// of the thread that spawns them, and the test runner's threads block nearly all of them
    /// (dumpcap would then never see the SIGTERM that makes it finish its file).
    private static func launch(_ process: Process) throws {
        final class Launch: @unchecked Sendable {  // handed to one thread, read after it signalled
            let process: Process
            var error: (any Error)?
            let done = DispatchSemaphore(value: 0)
            init(_ process: Process) { self.process = process }
        }
        let launch = Launch(process)
        Thread.detachNewThread {
            var signals = sigset_t()
            sigemptyset(&signals)
            pthread_sigmask(SIG_SETMASK, &signals, nil)
            do { try launch.process.run() } catch { launch.error = error }
            launch.done.signal()
        }
        launch.done.wait()
        if let error = launch.error { throw error }
    }

    /// A peer running `script`.
    static func peer(_ label: String, in namespace: String, _ script: PeerScript, group: ProcessGroup? = nil) throws -> NamespacedProcess {
        try NamespacedProcess(label: label, namespace: namespace,
                              command: [testBinary, "--testing-library", "swift-testing", "--filter", "PeerProcessEntry"],
                              environment: [PeerScript.environmentKey: try script.encoded()], group: group)
    }

    private func take(_ data: Data, from stream: String) {
        output.withLock { output in
            var pending = output.partial[stream, default: Data()]
            pending.append(data)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                output.transcript.append("\(label) \(stream): \(line)")
                if stream == "out", line.hasPrefix("@@ ") { output.lines.append(String(line.dropFirst(3))) }
                if stream == "err" { output.lines.append("stderr " + line) }
            }
            output.partial[stream] = pending
        }
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// Waits for the next line starting with `prefix` that no earlier `expect` took; returns it.
    @discardableResult
    func expect(_ prefix: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found: String? = output.withLock { output in
                guard let index = output.lines.indices.first(where: { !output.taken.contains($0) && output.lines[$0].hasPrefix(prefix) }) else {
                    return nil
                }
                output.taken.insert(index)
                return output.lines[index]
            }
            if let found { return found }
            if !process.isRunning || ContinuousClock.now > deadline {
                try await Task.sleep(for: .milliseconds(50))  // let the last output arrive
                if let late = output.withLock({ output in output.lines.first { $0.hasPrefix(prefix) } }) { return late }
                let context = group?.transcript(except: self) ?? ""
                throw LabError("\(label): no '\(prefix)' \(process.isRunning ? "within \(timeout)" : "before the process exited")\n\(transcript)\n\(context)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The lines with `prefix` so far, without taking them.
    func lines(_ prefix: String) -> [String] {
        output.withLock { $0.lines.filter { $0.hasPrefix(prefix) } }
    }

    var transcript: String { output.withLock { $0.transcript.suffix(60).joined(separator: "\n") } }

    func send(_ command: String) {
        input.fileHandleForWriting.write(Data("\(command)\n".utf8))
    }

    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits up to `timeout` for the process to end by itself.
    func waitForExit(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !process.isRunning
    }

    /// SIGKILL by PID and reap. Safe to call twice.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
    }
}

/// The processes of one test, stopped together and reported together when something fails.
final class ProcessGroup: Sendable {
    private let members = Mutex<[NamespacedProcess]>([])

    func add(_ process: NamespacedProcess) { members.withLock { $0.append(process) } }

    func transcript(except excluded: NamespacedProcess) -> String {
        members.withLock { $0 }.filter { $0 !== excluded }.map(\.transcript).joined(separator: "\n")
    }

    /// SIGKILL every member that still runs.
    func stopAll() {
        for process in members.withLock({ $0 }) { process.stop() }
    }
}

/// A dumpcap capture on one interface inside a namespace.
struct Capture {
    let file: String
    let process: NamespacedProcess

    static let dumpcap = ["/usr/bin/dumpcap", "/usr/local/bin/dumpcap"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func start(in namespace: String, interface: String, name: String) async throws -> Capture {
        guard let dumpcap else { throw LabError("dumpcap (from tshark) is not installed") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-sctp-\(getpid())-\(name).pcapng").path
        try? FileManager.default.removeItem(atPath: file)
        let process = try NamespacedProcess(label: "dumpcap", namespace: namespace, command: [dumpcap, "-i", interface, "-w", file])
        try await process.expect("stderr File:", timeout: .seconds(15))
        return Capture(file: file, process: process)
    }

    /// Lets dumpcap catch up (it lags the traffic by its buffers), then SIGTERM makes it write out
    /// what it has.
    func stop() async {
        var lastSize = -1
        for _ in 0..<50 {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            if size == lastSize { break }
            lastSize = size
            try? await Task.sleep(for: .milliseconds(300))
        }
        process.signal(SIGTERM)
        if !(await process.waitForExit(timeout: .seconds(10))) { process.stop() }
    }
}
