import Foundation
import TestOracles

/// A network function executable this package builds (`sgw`, `pgw`, ...), started on a
/// configuration file in a folder of its own, inside a namespace when given, its standard output
/// and error in one log there. Stopped by PID, never by name.
public final class NetworkFunctionProcess: Sendable {
    public static let curl = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    public let name: String
    public let namespace: String?
    public let folder: String
    public let configurationPath: String
    public let child: ChildProcess

    /// Writes `configuration` to `folder`/`name`.yaml (a fresh folder when nil) and starts the
    /// executable on it.
    public init(_ name: String, configuration: String, namespace: String? = nil, folder: String? = nil) throws {
        guard let executable = TestEnvironment.builtProduct(name) else { throw LabError("the \(name) executable is not built (swift build)") }
        self.name = name
        self.namespace = namespace
        self.folder = folder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("vcore-\(name)-process-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        configurationPath = self.folder + "/\(name).yaml"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        child = try ChildProcess(name, namespace: namespace, [executable.path, configurationPath], logFolder: self.folder)
    }

    public var log: String { child.output }
    public var status: Int32? { child.status }
    public var pid: Int32 { child.pid }

    /// Waits (blocking) until the log has a line containing `text`; throws with the log when
    /// the process ended first or the polls ran out.
    public func waitForLog(_ text: String, timeout: Duration = .seconds(20)) throws {
        try child.blockingWaitForLine(containing: text, timeout: timeout)
    }

    /// Waits (blocking) for the process to end; its status, or nil when it still runs.
    public func waitForExit(timeout: Duration) -> Int32? {
        child.blockingWaitForExit(timeout: timeout)
    }

    public func signal(_ number: Int32) {
        child.signal(number)
    }

    /// What an HTTP GET of `url` answers (curl's output, from inside the process's namespace),
    /// nil when it failed or answered an error status.
    public func http(_ url: String) -> String? {
        guard let result = curl(["-f", url]), result.status == 0 else { return nil }
        return result.output
    }

    /// The status an HTTP GET of `url` answers (503 from /readyz when not ready), nil when nothing answered.
    public func httpStatus(_ url: String) -> Int? {
        guard let result = curl(["-o", "/dev/null", "-w", "%{http_code}", url]), result.status == 0 else { return nil }
        return Int(result.output).flatMap { $0 == 0 ? nil : $0 }
    }

    /// curl with `arguments`, from inside the process's namespace.
    private func curl(_ arguments: [String]) -> (status: Int32, output: String)? {
        guard let curl = Self.curl else { return nil }
        let command = [curl, "-s", "-m", "3"] + arguments
        return namespace.map { try? TestEnvironment.run(NetworkLab.ip ?? "/usr/sbin/ip", ["netns", "exec", $0] + command) }
            ?? (try? TestEnvironment.run(curl, Array(command.dropFirst())))
    }

    /// SIGKILL when still running, and the folder removed (kept with VCORE_KEEP_TEST_LOGS=1).
    public func tearDown() {
        child.stop()
        _ = waitForExit(timeout: .seconds(5))
        if ProcessInfo.processInfo.environment["VCORE_KEEP_TEST_LOGS"] == "1" {
            print("\(name) test folder kept: \(folder)")
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

/// The Prometheus text format as the tests read it.
public enum PrometheusText {
    /// The value of one sample (`name` or `name{labels}` exactly as printed), nil when absent.
    public static func value(_ metrics: String, _ sample: String) -> Int? {
        metrics.split(separator: "\n").first { $0.hasPrefix(sample + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) }
    }
}
