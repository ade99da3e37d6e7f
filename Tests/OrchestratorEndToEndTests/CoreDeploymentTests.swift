import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// deploy/core.yaml on a node of the test's own: `vcore up` brings the core that exists so far
/// (HSS, MME, the data-network host) to Ready from images of this build; the MME reaches the HSS
/// over S6a through the hss Service; subscribers go in through the provisioning API and survive
/// the HSS pod; `vcore down` leaves nothing. The HSS store's hostPath is pointed into the test's
/// folder so the machine's own /var/lib/vcore is never touched.
@Suite(.serialized)
struct CoreDeploymentTests {
    /// The bridges core.yaml's networks use: a core already running here would share them.
    static let coreBridges = ["vran0", "vsgi0"]

    static let problem: String? = TestNode.problem ?? {
        for name in ["hss", "mme"] where TestEnvironment.builtProduct(name) == nil { return "\(name) is not built (swift build --build-tests)" }
        if let bridge = coreBridges.first(where: { FileManager.default.fileExists(atPath: "/sys/class/net/\($0)") }) {
            return "bridge \(bridge) exists: a VCore core is running on this machine (vcore down first)"
        }
        return nil
    }()

    @Test(.enabled(if: problem == nil || TestEnvironment.isCI, "skipped: \(problem ?? "")"))
    func theCoreComesUpAndTheMMEReachesTheHSS() async throws {
        try await withOwnThread { try scenario() }
    }

    private func scenario() throws {
        if let problem = Self.problem { Issue.record("cannot run in CI: \(problem)"); return }
        let node = try TestNode()
        defer {
            _ = try? node.run(["down", "--timeout", "10"] + node.nodeArguments)
            try? FileManager.default.removeItem(atPath: node.dataDirectory)
        }
        try FileManager.default.createDirectory(atPath: node.dataDirectory, withIntermediateDirectories: true)
        let products = try #require(TestEnvironment.builtProduct("hss")).deletingLastPathComponent().path
        let images = try node.run(["image", "build", "testworkload", "hss", "mme", "--from", products, "--data-dir", node.dataDirectory],
                                  timeout: 600)
        try #require(images.status == 0, "image build: \(images.stderr)")

        let core = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("deploy/core.yaml"), encoding: .utf8)
        let manifest = node.dataDirectory + "/core.yaml"
        try core.replacingOccurrences(of: "/var/lib/vcore/hss", with: node.dataDirectory + "/hss-store")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let up = try node.run(["up", "-f", manifest, "--timeout", "180"] + node.nodeArguments, timeout: 240)
        try #require(up.status == 0, "vcore up: \(up.stdout) \(up.stderr)\n\(node.diagnostics())")

        let hss = try address(of: "hss", node)
        let mme = try address(of: "mme", node)
        #expect(try node.eventually("the MME's S6a connection to be OPEN at the HSS", seconds: 60) {
            try http("http://\(hss):9090/metrics").contains("diameter_peers_open 1")
        })
        #expect(try http("http://\(mme):9090/readyz") == "ok\n")

        let clusterIP = try #require(try object("service", "hss", node)["spec"].flatMap { ($0 as? [String: Any])?["clusterIP"] as? String })
        let provisioning = "http://\(clusterIP):8082"
        let add = try node.run(["subscriber", "add", "--hss", provisioning, "--imsi", "001010000000001",
                                "--k", "465B5CE8B199B49FAA5F0A2EE238A6BC", "--opc", "E8ED289DEBA952E4283B54E88E6183CA", "--msisdn", "33600000001"])
        #expect(add.status == 0, "subscriber add: \(add.stdout) \(add.stderr)")
        // Without --hss the command finds the hss Service through the API server, as a user would.
        let list = try node.run(["subscriber", "list", "--server", node.dataDirectory + "/api.sock"])
        #expect(list.status == 0 && list.stdout.contains("001010000000001"), "subscriber list: \(list.stdout) \(list.stderr)")

        // The store is on the node, not in the pod: a new HSS pod has the subscriber.
        let old = try #require(try node.run(["get", "pods", "-l", "app=hss", "-o", "name"] + clientArguments(node)).stdout
            .split(separator: "\n").first.map { String($0.split(separator: "/").last!) })
        _ = try node.run(["delete", "pod", old] + clientArguments(node))
        #expect(try node.eventually("a new HSS pod to be Ready", seconds: 90) {
            let pods = try node.run(["get", "pods", "-l", "app=hss"] + clientArguments(node)).stdout
            return !pods.contains(old) && pods.contains("1/1")
        })
        let get = try node.run(["subscriber", "get", "--hss", provisioning, "001010000000001", "-o", "json"])
        #expect(get.status == 0 && get.stdout.contains("33600000001"), "subscriber get after the restart: \(get.stdout) \(get.stderr)")
        #expect(try node.eventually("the MME to reconnect to the new HSS", seconds: 60) {
            try http("http://\(address(of: "hss", node)):9090/metrics").contains("diameter_peers_open 1")
        })

        let down = try node.run(["down"] + node.nodeArguments)
        #expect(down.status == 0, "vcore down: \(down.stdout) \(down.stderr)")
        #expect(TestNode.leftovers().isEmpty, "left behind: \(TestNode.leftovers())")
        for bridge in Self.coreBridges { #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"), "bridge \(bridge) left") }
    }

    private func clientArguments(_ node: TestNode) -> [String] { ["--server", node.dataDirectory + "/api.sock", "-n", "vcore"] }

    private func object(_ kind: String, _ name: String, _ node: TestNode) throws -> [String: Any] {
        let output = try node.run(["get", kind, name, "-o", "json"] + clientArguments(node))
        return (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    /// The pod address of the one pod labelled app=NAME.
    private func address(of app: String, _ node: TestNode) throws -> String {
        let output = try node.run(["get", "pods", "-l", "app=\(app)", "-o", "json"] + clientArguments(node))
        let items = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]
        return try #require(items?.first.flatMap { ($0["status"] as? [String: Any])?["podIP"] as? String }, "no pod app=\(app)")
    }

    private func http(_ url: String) throws -> String {
        try Subprocess.run("/usr/bin/curl", ["-s", "-m", "3", url], timeout: 10).outputText
    }
}
