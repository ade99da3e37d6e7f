import Foundation
import Synchronization

/// A process the test started (in a namespace through `ip netns exec`, which execs, so the PID
/// is the program's own), its standard output and error going to one log file that the test
/// reads and shows when something fails. Stopped by PID, never by name.
final class ChildProcess: Sendable {
    let label: String
    let logFile: String
    let pid: Int32
    private let exitStatus = ExitStatus()
    /// Kept so that Foundation keeps watching the child for its termination handler.
    private let handle: UncheckedProcess

    init(_ label: String, namespace: String?, _ command: [String], logFolder: String) throws {
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
    /// most signals: launched from one, the MME or dumpcap would never see SIGTERM. So the launch
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

    var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
    var status: Int32? { exitStatus.value.withLock { $0 } }

    /// Waits until a line of the log contains `text`; returns that line.
    func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if let status { throw LabError("\(label) exited with status \(status) before printing \"\(text)\":\n\(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LabError("\(label) did not print \"\(text)\" within \(timeout):\n\(output)")
    }

    /// Waits for the process to end; its exit status, or nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    func signal(_ number: Int32) {
        if status == nil { kill(pid, number) }
    }

    /// SIGKILL when it is still running.
    func stop() {
        signal(SIGKILL)
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
