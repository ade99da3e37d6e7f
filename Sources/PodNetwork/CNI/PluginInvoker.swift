import Foundation

/// Runs CNI plugin binaries with the CNI protocol (spec 1.0 "Execution protocol"): parameters in
/// `CNI_*` environment variables, the network configuration on stdin, the result or an error
/// result on stdout.
struct PluginInvoker: Sendable {
    enum Operation: String, Sendable {
        case add = "ADD"
        case del = "DEL"
        case check = "CHECK"
    }

    struct Invocation: Sendable {
        var containerID: String
        var netnsPath: String
        var interface: String
        /// `CNI_ARGS`, e.g. the K8S_POD_* keys kubelet passes.
        var arguments: [(String, String)]
    }

    var searchPath: [String]
    var timeout: Double = 60

    func locate(_ type: String) throws(PodNetworkError) -> String {
        for folder in searchPath {
            let path = (folder as NSString).appendingPathComponent(type)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw .pluginNotFound(type: type, searched: searchPath)
    }

    /// Runs one plugin; returns its stdout as JSON (ADD's result; nothing for DEL and CHECK).
    func invoke(_ operation: Operation, network: String, input: JSONValue,
                _ invocation: Invocation) async throws(PodNetworkError) -> JSONValue? {
        let type = input["type"]?.stringValue ?? ""
        let executable = try locate(type)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CNI_") }
        environment["CNI_COMMAND"] = operation.rawValue
        environment["CNI_CONTAINERID"] = invocation.containerID
        environment["CNI_NETNS"] = invocation.netnsPath
        environment["CNI_IFNAME"] = invocation.interface
        environment["CNI_PATH"] = searchPath.joined(separator: ":")
        environment["CNI_ARGS"] = invocation.arguments.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
        if environment["PATH"] == nil { environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" }

        let output: CommandOutput
        do {
            output = try await Command.runAsync(executable, [], environment: environment,
                                                input: Data(input.text.utf8), timeout: timeout)
        } catch {
            throw .pluginFailed(failure(operation, network, type, invocation, code: -1, "cannot run \(executable): \(error)"))
        }
        let printed = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard output.succeeded else {
            if output.timedOut {
                throw .pluginFailed(failure(operation, network, type, invocation, code: -1,
                                            "killed after \(Int(timeout)) s"))
            }
            if let error = JSONValue(parsing: printed), let message = error["msg"]?.stringValue {
                throw .pluginFailed(failure(operation, network, type, invocation,
                                            code: Int(error["code"]?.integerValue ?? -1), message,
                                            details: error["details"]?.stringValue ?? ""))
            }
            let text = [printed, output.standardError.trimmingCharacters(in: .whitespacesAndNewlines)]
                .filter { !$0.isEmpty }.joined(separator: "; ")
            throw .pluginFailed(failure(operation, network, type, invocation, code: -1,
                                        "exit status \(output.status)\(text.isEmpty ? "" : ": \(text)")"))
        }
        guard operation == .add else { return nil }
        guard let result = JSONValue(parsing: printed) else {
            throw .invalidResult("plugin \(type) printed no JSON result for ADD of network '\(network)'")
        }
        return result
    }

    private func failure(_ operation: Operation, _ network: String, _ type: String, _ invocation: Invocation,
                         code: Int, _ message: String, details: String = "") -> CNIPluginFailure {
        CNIPluginFailure(network: network, plugin: type, command: operation.rawValue, interface: invocation.interface,
                         code: code, message: message, details: details)
    }
}
