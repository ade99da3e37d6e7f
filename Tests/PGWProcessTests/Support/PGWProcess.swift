import Foundation
import Synchronization
import TestOracles

/// The real `pgw` executable, started with a configuration file in a folder of its own, its
/// standard output and error in one log there. Stopped by PID, never by name.
final class PGWProcess: @unchecked Sendable {  // used from one test task only
    static let executable = TestEnvironment.builtProduct("pgw")
    static let curl = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    let folder: String
    let configurationPath: String
    let logPath: String
    private let process = Process()
    private let exitStatus = ExitStatus()

    /// Writes `configuration` and starts the PGW on it, inside the network namespace `namespace`
    /// when given (`ip netns exec` execs the pgw in place: the PID is the pgw's).
    init(configuration: String, namespace: String? = nil) throws {
        guard let executable = Self.executable else { throw PeerError("the pgw executable is not built") }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-pgw-process-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        configurationPath = folder + "/pgw.yaml"
        logPath = folder + "/pgw.log"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        if let namespace {
            process.executableURL = URL(fileURLWithPath: Self.ip)
            process.arguments = ["netns", "exec", namespace, executable.path, configurationPath]
        } else {
            process.executableURL = executable
            process.arguments = [configurationPath]
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let status = exitStatus
        process.terminationHandler = { finished in status.value.withLock { $0 = finished.terminationStatus } }
        try launchWithNoSignalBlocked()
    }

    /// The test runner's threads block most signals and children inherit the mask: launched
    /// from one, the PGW would never see SIGTERM. So it is launched from a fresh thread.
    private func launchWithNoSignalBlocked() throws {
        let outcome = Mutex<(done: Bool, error: String?)>((false, nil))
        let child = self
        Thread.detachNewThread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            var failure: String?
            do { try child.process.run() } catch { failure = "\(error)" }
            outcome.withLock { $0 = (true, failure) }
        }
        while !outcome.withLock({ $0.done }) { usleep(1000) }
        if let failure = outcome.withLock({ $0.error }) { throw PeerError("cannot start the pgw: \(failure)") }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var status: Int32? { exitStatus.value.withLock { $0 } }

    /// Waits (blocking) until the log has a line containing `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(text) { return }
            if let status { throw PeerError("the pgw exited with \(status) before logging \"\(text)\":\n\(log)") }
            usleep(20_000)
        }
        throw PeerError("the pgw did not log \"\(text)\" within \(timeout):\n\(log)")
    }

    /// Waits (blocking) for the process to end; its status, or nil on timeout.
    func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            usleep(20_000)
        }
        return nil
    }

    func signal(_ number: Int32) {
        if status == nil { kill(process.processIdentifier, number) }
    }

    /// What an HTTP GET of `path` on the observability port answers (curl's output), nil when it failed.
    func http(_ url: String) -> String? {
        guard let curl = Self.curl, let result = try? TestEnvironment.run(curl, ["-s", "-f", "-m", "3", url]), result.status == 0 else { return nil }
        return result.output
    }

    /// SIGKILL when still running, and the folder removed.
    func tearDown() {
        signal(SIGKILL)
        _ = waitForExit(timeout: .seconds(5))
        if ProcessInfo.processInfo.environment["VCORE_KEEP_TEST_LOGS"] == "1" {
            print("pgw test folder kept: \(folder)")
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

/// Set by Foundation's termination handler, read by the test.
private final class ExitStatus: Sendable {
    let value = Mutex<Int32?>(nil)
}
