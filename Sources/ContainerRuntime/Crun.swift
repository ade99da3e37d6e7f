import Foundation
import OCIImage

/// crun's command line. `run` and `delete` go through the hybrid-cgroup workaround (see
/// `Supervisor`); `state`, `kill`, `exec` and `update` work on the container's existing cgroup
/// and need none (measured with crun 1.8.1 on this hybrid host).
struct Crun: Sendable {
    var executable: String
    var root: String
    var cgroups: CgroupHierarchy

    struct State: Decodable {
        var id: String
        var pid: Int32?
        var status: String
        var created: String?
    }

    /// The container's state, or nil when crun doesn't know it.
    func state(_ id: String) throws -> State? {
        let result = try Subprocess.run(executable, ["--root", root, "state", id], timeout: 10)
        guard result.status == 0 else {
            if Self.isNotFound(result.errorText) { return nil }
            throw RuntimeError.crun(command: "state", id: id, message: result.errorText)
        }
        do { return try JSONDecoder().decode(State.self, from: result.output) } catch {
            throw RuntimeError.crun(command: "state", id: id, message: "unreadable state: \(result.outputText)")
        }
    }

    /// Every container in crun's state directory.
    func list() throws -> [State] {
        let result = try Subprocess.run(executable, ["--root", root, "list", "--format", "json"], timeout: 10)
        guard result.status == 0 else { throw RuntimeError.crun(command: "list", id: "", message: result.errorText) }
        if result.output.isEmpty { return [] }
        return (try? JSONDecoder().decode([State].self, from: result.output)) ?? []
    }

    /// Sends `signal` (`TERM`, `KILL`, `9`) to the container's init. False when it isn't running.
    @discardableResult
    func kill(_ id: String, signal: String) throws -> Bool {
        let result = try Subprocess.run(executable, ["--root", root, "kill", id, signal], timeout: 10)
        if result.status == 0 { return true }
        if Self.isNotFound(result.errorText) || result.errorText.contains("not running") { return false }
        throw RuntimeError.crun(command: "kill \(signal)", id: id, message: result.errorText)
    }

    func delete(_ id: String) throws {
        let result = try Subprocess.run("/usr/bin/unshare", Supervisor.workaroundArguments(cgroups) + [executable, "--root", root, "delete", "--force", id], timeout: 30)
        if result.status != 0 && !Self.isNotFound(result.errorText) {
            throw RuntimeError.crun(command: "delete", id: id, message: result.errorText)
        }
    }

    func exec(_ id: String, command: [String], env: [EnvVar], workingDir: String?, timeout: Double?) throws -> ExecResult {
        var arguments = ["--root", root, "exec"]
        for variable in env { arguments += ["--env", "\(variable.name)=\(variable.value)"] }
        if let workingDir { arguments += ["--cwd", workingDir] }
        arguments += [id] + command
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(executable, arguments, timeout: timeout)
        } catch Subprocess.Failure.timedOut {
            throw RuntimeError.timedOut(id: id, operation: "exec \(command.joined(separator: " "))")
        }
        // The container went away meanwhile: crun can't open its state.
        if result.status != 0, result.errorText.hasPrefix("error opening file `\(root)/\(id)/status`") {
            throw RuntimeError.notRunning(id: id)
        }
        // Otherwise the status is the command's, or crun's own for a command it couldn't start
        // (127, "executable file `...` not found"), as `kubectl exec` reports it.
        return ExecResult(exitCode: result.status, stdout: result.output, stderr: result.errorOutput)
    }

    /// Applies new limits to a running container (`crun update --resources`).
    func update(_ id: String, resources: ResourceLimits, scratch: URL) throws {
        let file = scratch.appendingPathComponent("update-\(UUID().uuidString).json")
        try JSONEncoder().encode(RuntimeSpecification.Resources(resources, devices: nil)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run(executable, ["--root", root, "update", "--resources", file.path, id], timeout: 10)
        guard result.status == 0 else { throw RuntimeError.crun(command: "update", id: id, message: result.errorText) }
    }

    static func isNotFound(_ message: String) -> Bool {
        message.contains("does not exist") || message.contains("No such file or directory") || message.contains("not found")
    }
}
