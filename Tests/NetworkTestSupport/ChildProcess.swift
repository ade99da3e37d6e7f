import Foundation
import Synchronization
import TestOracles

/// A process the test started (in a namespace through `ip netns exec`, which execs, so the PID
/// is the program's own), its standard output and error going to one log file that the test
/// reads and shows when something fails. Stopped by PID, never by name.
public final class ChildProcess: Sendable {
    public let label: String
    public let logFile: String
    public let pid: Int32
    private let exitStatus = ExitStatus()
    /// Kept so that Foundation keeps watching the child for its termination handler.
    private let handle: UncheckedProcess

    /// Starts `command` (an absolute path and its arguments), in `namespace` when given, logging
    /// to `logFolder`/`label`.log.
    public init(_ label: String, namespace: String? = nil, _ command: [String], logFolder: String) throws {
        self.label = label
        logFile = logFolder + "/\(label).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let process = Process()
        if let namespace {
            process.executableURL = URL(fileURLWithPath: NetworkLab.ip ?? "/usr/sbin/ip")
            process.arguments = ["netns", "exec", namespace] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let status = exitStatus
        process.terminationHandler = { finished in status.value.withLock { $0 = finished.terminationStatus } }
        try Self.launchUnblocked(process)
        pid = process.processIdentifier
        handle = UncheckedProcess(process)
    }

    /// Children inherit the spawning thread's signal mask, and the test runner's threads block
    /// most signals: launched from one, an NF or dumpcap would never see SIGTERM. So the launch
    /// happens on a fresh thread with nothing blocked.
    private static func launchUnblocked(_ process: Process) throws {
        let outcome = Mutex<(done: Bool, error: String?)>((false, nil))
        let launch = UncheckedProcess(process)
        Thread.detachNewThread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            var failure: String?
            do { try launch.process.run() } catch { failure = "\(error)" }
            outcome.withLock { $0 = (true, failure) }
        }
        while !outcome.withLock({ $0.done }) { usleep(1000) }
        if let failure = outcome.withLock({ $0.error }) { throw LabError("cannot start \(process.arguments ?? []): \(failure)") }
    }

    public var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
    public var status: Int32? { exitStatus.value.withLock { $0 } }

    private func line(containing text: String) -> String? {
        output.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    /// Waits (polling every 50 ms, `timeout` worth of polls) until a line of the log contains
    /// `text`; returns that line.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        for _ in 0..<Self.polls(timeout, every: 50) {
            if let line = line(containing: text) { return line }
            if let status { throw LabError("\(label) exited with status \(status) before printing \"\(text)\":\n\(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        if let line = line(containing: text) { return line }
        throw LabError("\(label) did not print \"\(text)\" within \(timeout):\n\(output)")
    }

    /// `waitForLine` for a thread that may block (inside `withOwnThread`).
    @discardableResult
    public func blockingWaitForLine(containing text: String, timeout: Duration = .seconds(30)) throws -> String {
        for _ in 0..<Self.polls(timeout, every: 20) {
            if let line = line(containing: text) { return line }
            if let status { throw LabError("\(label) exited with status \(status) before printing \"\(text)\":\n\(output)") }
            usleep(20_000)
        }
        if let line = line(containing: text) { return line }
        throw LabError("\(label) did not print \"\(text)\" within \(timeout):\n\(output)")
    }

    /// Waits for the process to end; its exit status, or nil when it still runs after `timeout`
    /// worth of polls.
    public func waitForExit(timeout: Duration) async -> Int32? {
        for _ in 0..<Self.polls(timeout, every: 50) {
            if let status { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return status
    }

    /// `waitForExit` for a thread that may block (inside `withOwnThread`).
    public func blockingWaitForExit(timeout: Duration) -> Int32? {
        for _ in 0..<Self.polls(timeout, every: 20) {
            if let status { return status }
            usleep(20_000)
        }
        return status
    }

    /// Sends `number` to this process's PID while it runs.
    public func signal(_ number: Int32) {
        if status == nil { kill(pid, number) }
    }

    /// SIGKILL when it is still running.
    public func stop() {
        signal(SIGKILL)
    }

    /// How many polls `interval` milliseconds apart make `timeout`: waits count polls, not the clock.
    private static func polls(_ timeout: Duration, every interval: Int64) -> Int {
        Int(max(1, (timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000) / interval))
    }
}

/// A `Process` handed to the launching thread once; the test reads it only after the launch.
private struct UncheckedProcess: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}

/// Set by Foundation's termination handler, read by the test.
private final class ExitStatus: Sendable {
    let value = Mutex<Int32?>(nil)
}
