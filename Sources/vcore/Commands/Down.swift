import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorClient
import OrchestratorNode
#if canImport(Glibc)
import Glibc
#endif

/// `vcore down`: stop every pod gracefully, stop the server, and remove everything the node made
/// on the host (`NodeCleanup`): nothing of VCore is left but its built images.
struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove every pod, the server, and every network namespace, bridge, nftables rule, cgroup and crun container it made.")

    @OptionGroup var node: NodeOptions

    @Option(help: "Seconds to wait for pods to stop gracefully before they are killed.")
    var timeout = 60

    func run() async throws {
        let client = APIClient(socketPath: node.socketPath)
        if await ServerProcess.responds(client) {
            let stopped = try await stopPods(client)
            print(stopped ? "Pods stopped." : "Pods did not stop within \(timeout) s; killing them.")
        }
        if let pid = ServerProcess.readPID(node), kill(pid, 0) == 0 {
            await Self.terminate(pid)
            print("vcore server (pid \(pid)) stopped.")
        }
        let report = await NodeCleanup.run(try node.configuration())
        print("Removed \(report.containers.count) containers, \(report.namespaces.count) network namespaces, "
              + "bridges [\(report.bridges.joined(separator: ", "))]"
              + (report.nftTableRemoved ? ", nftables table \(node.nftTable)" : "") + ".")
        if !report.problems.isEmpty {
            for problem in report.problems { FileHandle.standardError.write(Data("vcore down: \(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// Deletes every namespace (the namespace controller deletes what is in it) and the contents of
    /// `default`, then waits for the pods to be gone: each gets its SIGTERM and grace period.
    private func stopPods(_ client: APIClient) async throws -> Bool {
        for namespace in try await client.list(Namespace.self, namespace: nil) where namespace.name != "default" {
            _ = try? await client.delete(Namespace.self, namespace: nil, name: namespace.name)
        }
        for deployment in try await client.list(Deployment.self, namespace: "default") {
            _ = try? await client.delete(Deployment.self, namespace: "default", name: deployment.name)
        }
        for pod in try await client.list(Pod.self, namespace: "default") {
            _ = try? await client.delete(Pod.self, namespace: "default", name: pod.name)
        }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if try await client.list(Pod.self, namespace: nil).isEmpty { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// SIGTERM, then SIGKILL after 10 s.
    static func terminate(_ pid: Int32) async {
        kill(pid, SIGTERM)
        for _ in 0..<100 {
            if kill(pid, 0) != 0 { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        kill(pid, SIGKILL)
        try? await Task.sleep(for: .milliseconds(200))
    }
}
