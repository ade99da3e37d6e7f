import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// Issue #5's "done means", on a real node: crun containers, CNI networks, nftables Services,
/// cluster DNS, the `vcore` CLI. One scenario, in order, because each step builds on the last.
@Suite(.serialized)
struct OrchestratorEndToEndTests {
    static let problem = TestNode.problem

    @Test(.enabled(if: problem == nil || TestEnvironment.isCI, "skipped: \(problem ?? "")"))
    func theOrchestratorEndToEnd() async throws {
        // Minutes of waiting on `vcore` and polling: off the cooperative pool (see withOwnThread).
        try await withOwnThread { try scenario() }
    }

    private func scenario() throws {
        if let problem = Self.problem { Issue.record("cannot run in CI: \(problem)"); return }
        #expect(TestNode.leftovers().isEmpty, "a previous run left \(TestNode.leftovers())")
        let node = try TestNode()
        defer {
            _ = try? node.run(["down", "--timeout", "10"] + node.nodeArguments)
            try? FileManager.default.removeItem(atPath: node.dataDirectory)
        }
        try buildImage(node)
        let serverPID = try node.startServer()
        try deployAndWaitReady(node)
        try tokenIsRequiredOnTCP(node)
        try podsReachEachOtherOnEveryNetworkAndThroughTheService(node)
        try scalingConverges(node)
        try aKilledContainerIsRestartedAndADeletedPodReplaced(node)
        try aCrashLoopShowsItsLastLogLines(node)
        try badManifestsNameTheObjectAndField(node)
        try aRestartedServerKeepsObjectsAndRunningPods(node, serverPID: serverPID)
        try downLeavesNothing(node)
    }

    private func buildImage(_ node: TestNode) throws {
        let workload = try #require(TestEnvironment.builtProduct("vcore-testworkload"))
        let built = try node.run(["image", "build", "testworkload", "--from", workload.deletingLastPathComponent().path,
                                  "--data-dir", node.dataDirectory])
        #expect(built.status == 0, "image build: \(built.stderr)")
        #expect(built.stdout.contains("vcore/testworkload:dev"))
    }

    private func deployAndWaitReady(_ node: TestNode) throws {
        #expect(try node.eventually("the server to answer") { try node.client(["get", "namespaces"]).status == 0 })
        let manifest = node.dataDirectory + "/echo.yaml"
        try Manifests.echo(replicas: 2).write(toFile: manifest, atomically: true, encoding: .utf8)
        let up = try node.run(["up", "-f", manifest, "--timeout", "120"] + node.nodeArguments)
        #expect(up.status == 0, "vcore up: \(up.stdout) \(up.stderr)")
        #expect(up.stdout.contains("Everything is Ready"))
        #expect(!up.stdout.contains("Started vcore server"), "up started a second server: \(up.stdout)")
        let pods = try node.pods(label: "app=echo")
        #expect(pods.count == 2)
    }

    private func tokenIsRequiredOnTCP(_ node: TestNode) throws {
        let token = try #require(node.token, "the server made no token")
        let anonymous = try httpStatus(port: node.tcpPort, path: "/api/v1/namespaces", token: nil)
        let wrong = try httpStatus(port: node.tcpPort, path: "/api/v1/namespaces", token: "not-the-token")
        let right = try httpStatus(port: node.tcpPort, path: "/api/v1/namespaces", token: token)
        #expect(anonymous == 401 && wrong == 401, "without the token: \(anonymous), wrong token: \(wrong)")
        #expect(right == 200)
        let viaCLI = try node.run(["get", "pods", "-n", "e2e", "--server", "127.0.0.1:\(node.tcpPort)", "--token", token])
        #expect(viaCLI.status == 0 && viaCLI.stdout.contains("echo-"))
    }

    /// From each echo pod to the other, on eth0, ran (net1) and sgi (net2), UDP and TCP; then to
    /// the Service by its DNS names and its ClusterIP.
    private func podsReachEachOtherOnEveryNetworkAndThroughTheService(_ node: TestNode) throws {
        let pods = try node.pods(label: "app=echo")
        try #require(pods.count == 2)
        let addresses = pods.map(Self.networkAddresses)
        for (index, pod) in pods.enumerated() {
            let name = try #require((pod["metadata"] as? [String: Any])?["name"] as? String)
            let other = addresses[1 - index]
            #expect(Set(other.keys) == ["eth0", "net1", "net2"], "network-status of the other pod: \(other)")
            for (interface, address) in other.sorted(by: { $0.key < $1.key }) {
                for udp in [true, false] {
                    let echo = try node.client(["exec", name, "--", "/app/vcore-testworkload", "echo", "--host", address, "--port", "7"]
                                                + (udp ? ["--udp"] : []) + ["hello-\(interface)"])
                    #expect(echo.status == 0, "\(name) → \(interface) \(address) \(udp ? "UDP" : "TCP"): \(echo.stdout) \(echo.stderr)")
                }
            }
        }
        let service = try node.client(["get", "service", "echo", "-o", "json"])
        let clusterIP = try #require(((try JSONSerialization.jsonObject(with: Data(service.stdout.utf8)) as? [String: Any])?["spec"]
            as? [String: Any])?["clusterIP"] as? String)
        let first = try #require((pods[0]["metadata"] as? [String: Any])?["name"] as? String)
        for host in ["echo", "echo.e2e.svc.cluster.local", clusterIP] {
            for udp in [true, false] {
                let echo = try node.client(["exec", first, "--", "/app/vcore-testworkload", "echo", "--host", host, "--port", "7"]
                                            + (udp ? ["--udp"] : []) + ["via-service"])
                #expect(echo.status == 0, "service \(host) \(udp ? "UDP" : "TCP"): \(echo.stdout) \(echo.stderr)")
                if !host.first!.isNumber { #expect(echo.stdout.contains(clusterIP), "\(host) resolved elsewhere: \(echo.stdout)") }
            }
        }
    }

    /// The addresses of a pod's interfaces, from the network-status annotation Multus-style.
    static func networkAddresses(_ pod: [String: Any]) -> [String: String] {
        let annotations = ((pod["metadata"] as? [String: Any])?["annotations"] as? [String: String]) ?? [:]
        let status = annotations["k8s.v1.cni.cncf.io/network-status"] ?? "[]"
        let entries = (try? JSONSerialization.jsonObject(with: Data(status.utf8)) as? [[String: Any]]) ?? []
        var addresses = [String: String]()
        for entry in entries {
            if let interface = entry["interface"] as? String, let ip = (entry["ips"] as? [String])?.first { addresses[interface] = ip }
        }
        return addresses
    }

    private func readyCount(_ node: TestNode, label: String) throws -> (ready: Int, total: Int) {
        let pods = try node.pods(label: label)
        let ready = pods.filter { pod in
            let conditions = ((pod["status"] as? [String: Any])?["conditions"] as? [[String: Any]]) ?? []
            let terminating = (pod["metadata"] as? [String: Any])?["deletionTimestamp"] != nil
            return !terminating && conditions.contains { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" }
        }
        return (ready.count, pods.count)
    }

    private func scalingConverges(_ node: TestNode) throws {
        for replicas in [1, 5, 2] {
            #expect(try node.client(["scale", "deployment/echo", "--replicas", "\(replicas)"]).status == 0)
            #expect(try node.eventually("\(replicas) Ready echo pods and no others") {
                let count = try readyCount(node, label: "app=echo")
                return count.ready == replicas && count.total == replicas
            })
        }
    }

    private func containerPID(_ node: TestNode, pod: String) throws -> pid_t? {
        let state = try Subprocess.run("/usr/bin/crun", ["--root", TestNode.crunRoot, "state", "e2e_\(pod)_echo"])
        let object = try JSONSerialization.jsonObject(with: state.output) as? [String: Any]
        return (object?["pid"] as? Int).map(pid_t.init)
    }

    private func restartCount(_ pod: [String: Any]) -> Int {
        (((pod["status"] as? [String: Any])?["containerStatuses"] as? [[String: Any]])?.first?["restartCount"] as? Int) ?? 0
    }

    private func aKilledContainerIsRestartedAndADeletedPodReplaced(_ node: TestNode) throws {
        let pods = try node.pods(label: "app=echo")
        let name = try #require((pods.first?["metadata"] as? [String: Any])?["name"] as? String)
        let pid = try #require(try containerPID(node, pod: name), "no crun state for \(name)")
        #expect(kill(pid, SIGKILL) == 0)
        #expect(try node.eventually("\(name) restarted and Ready again") {
            let pod = try node.pods(label: "app=echo").first { ($0["metadata"] as? [String: Any])?["name"] as? String == name }
            let count = try readyCount(node, label: "app=echo")
            return pod.map(restartCount) == 1 && count.ready == 2
        })
        let newPID = try containerPID(node, pod: name)
        #expect(newPID != pid)

        #expect(try node.client(["delete", "pod", name]).status == 0)
        #expect(try node.eventually("a replacement for \(name)") {
            let names = try node.pods(label: "app=echo").compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
            let count = try readyCount(node, label: "app=echo")
            return !names.contains(name) && count.ready == 2 && count.total == 2
        })
    }

    private func aCrashLoopShowsItsLastLogLines(_ node: TestNode) throws {
        let manifest = node.dataDirectory + "/crasher.yaml"
        try Manifests.crasher.write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(try node.client(["apply", "-f", manifest]).status == 0)
        var name = ""
        // Two restarts: the current (last exited) run and the one before it both have logs.
        #expect(try node.eventually("the crasher in CrashLoopBackOff after two restarts") {
            guard let pod = try node.pods(label: "app=crasher").first, restartCount(pod) >= 2 else { return false }
            name = ((pod["metadata"] as? [String: Any])?["name"] as? String) ?? ""
            return try node.client(["get", "pod", name]).stdout.contains("CrashLoopBackOff")
        })
        let describe = try node.client(["describe", "pod", name])
        #expect(describe.stdout.contains("CrashLoopBackOff"))
        #expect(describe.stdout.contains("Exit Code:    3"), "\(describe.stdout)")
        // The workload's first log line, shown as the last state's message.
        #expect(describe.stdout.contains("vcore-testworkload 1.0.0"), "\(describe.stdout)")
        for previous in [false, true] {
            let logs = try node.client(["logs", name] + (previous ? ["--previous"] : []))
            #expect(logs.status == 0 && logs.stdout.contains("vcore-testworkload 1.0.0"),
                    "logs\(previous ? " --previous" : ""): \(logs.stdout) \(logs.stderr)")
        }
        #expect(try node.client(["delete", "deployment", "crasher"]).status == 0)
    }

    private func badManifestsNameTheObjectAndField(_ node: TestNode) throws {
        for (name, manifest, expected) in Manifests.bad {
            let path = node.dataDirectory + "/bad.yaml"
            try manifest.write(toFile: path, atomically: true, encoding: .utf8)
            let apply = try node.client(["apply", "-f", path])
            #expect(apply.status != 0, "\(name) was accepted")
            let message = apply.stderr
            #expect(message.split(separator: "\n").count == 1, "\(name): not one line: \(message)")
            for part in expected { #expect(message.contains(part), "\(name): \"\(message)\" does not name \(part)") }
        }
    }

    private func aRestartedServerKeepsObjectsAndRunningPods(_ node: TestNode, serverPID: pid_t) throws {
        let before = try node.pods(label: "app=echo")
        let names = Set(before.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
        let pids = try names.map { try containerPID(node, pod: $0) }
        #expect(kill(serverPID, SIGKILL) == 0)
        _ = Subprocess.reap(serverPID, block: true)
        for pid in pids.compactMap({ $0 }) { #expect(kill(pid, 0) == 0, "container \(pid) died with the server") }
        // `up` finds no server, starts one, and the deployment is already there and Ready.
        let manifest = node.dataDirectory + "/echo.yaml"
        let up = try node.run(["up", "-f", manifest, "--timeout", "60"] + node.nodeArguments)
        #expect(up.status == 0 && up.stdout.contains("Started vcore server"), "\(up.stdout) \(up.stderr)")
        let after = try node.pods(label: "app=echo")
        #expect(Set(after.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }) == names)
        let pidsAfter = try names.map { try containerPID(node, pod: $0) }
        #expect(pidsAfter == pids, "containers were restarted")
        #expect(after.map(restartCount).sorted() == before.map(restartCount).sorted())
        let services = try node.client(["get", "services"])
        #expect(services.stdout.contains("echo"))
    }

    private func downLeavesNothing(_ node: TestNode) throws {
        let down = try node.run(["down"] + node.nodeArguments)
        #expect(down.status == 0, "vcore down: \(down.stdout) \(down.stderr)")
        #expect(TestNode.leftovers().isEmpty, "left behind: \(TestNode.leftovers())")
        if let pid = node.serverPID { #expect(kill(pid, 0) != 0, "the server still runs") }
    }

    /// A GET over TCP with an optional bearer token; the HTTP status.
    private func httpStatus(port: Int, path: String, token: String?) throws -> Int {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)\(path)"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        let result = try Subprocess.run("/usr/bin/curl", arguments, timeout: 10)
        return Int(result.outputText) ?? -1
    }
}
