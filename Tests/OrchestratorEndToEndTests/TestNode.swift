import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// A VCore node of the test's own, beside any real one: its own data directory, socket, cluster
/// network (bridge vcte0, 10.77.0.0/16), namespace prefix, nftables table, cgroup parent and crun
/// root, driven through the `vcore` binary exactly as a user would.
struct TestNode {
    static let clusterBridge = "vcte0"
    static let networkBridges = ["vcteran0", "vctesgi0"]
    static let prefix = "vcte-"
    static let table = "vcte"
    static let cgroupParent = "vcte"
    static var crunRoot: String { "/run/vcore/crun-\(cgroupParent)" }

    let vcore: String
    let dataDirectory: String
    let tcpPort: Int

    /// Why the test cannot run here (nil when it can): root, crun, CNI plugins, nft, the binaries.
    static var problem: String? {
        if geteuid() != 0 { return "needs root (namespaces, bridges, nftables, crun)" }
        if TestEnvironment.builtProduct("vcore") == nil || TestEnvironment.builtProduct("vcore-testworkload") == nil {
            return "vcore and vcore-testworkload are not built (swift build --build-tests)"
        }
        for tool in ["/usr/bin/crun", "/usr/sbin/nft", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local"]
        where access(tool, X_OK) != 0 {
            return "\(tool) is missing (scripts/setup.sh installs crun, nftables, containernetworking-plugins)"
        }
        return nil
    }

    init() throws {
        vcore = try #require(TestEnvironment.builtProduct("vcore")).path
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-e2e-\(UUID().uuidString.prefix(8))").path
        tcpPort = 20000 + Int.random(in: 0..<20000)
    }

    var nodeArguments: [String] {
        ["--data-dir", dataDirectory, "--socket", dataDirectory + "/api.sock", "--cluster-cidr", "10.77.0.0/16",
         "--cluster-bridge", Self.clusterBridge, "--netns-prefix", Self.prefix, "--nft-table", Self.table,
         "--cgroup-parent", Self.cgroupParent]
    }

    var clientArguments: [String] { ["--server", dataDirectory + "/api.sock", "-n", "e2e"] }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `vcore ARGS` to completion.
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 180) throws -> Output {
        let result = try Subprocess.run(vcore, arguments, timeout: timeout)
        return Output(status: result.status, stdout: result.outputText, stderr: result.errorText)
    }

    /// A client command against this node's server in namespace e2e.
    @discardableResult
    func client(_ arguments: [String]) throws -> Output {
        // Right after the subcommand: after `exec POD --` they would be the command's own.
        try run(Array(arguments.prefix(1)) + clientArguments + Array(arguments.dropFirst()))
    }

    /// `vcore server` of this node, with the API also on TCP, detached; returns its pid.
    func startServer() throws -> pid_t {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try Subprocess.spawnDetached(vcore, ["server"] + nodeArguments + ["--listen", "127.0.0.1:\(tcpPort)"],
                                            stdout: .file(dataDirectory + "/server.log", append: true),
                                            stderr: .file(dataDirectory + "/server.log", append: true))
    }

    var serverPID: pid_t? {
        (try? String(contentsOfFile: dataDirectory + "/server.pid", encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    var token: String? { try? String(contentsOfFile: dataDirectory + "/token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Polls `condition` until it holds or `seconds` pass.
    func eventually(_ what: String, seconds: Double = 90, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return true }
            usleep(250_000)
        }
        Issue.record("timed out after \(seconds) s waiting for \(what)\n\(diagnostics())")
        return false
    }

    /// What a failed wait prints: the pods, and the end of the server's log.
    func diagnostics() -> String {
        let pods = (try? client(["get", "pods", "-o", "wide"]).stdout) ?? ""
        let log = (try? String(contentsOfFile: dataDirectory + "/server.log", encoding: .utf8)) ?? ""
        return "pods:\n\(pods)\nserver log (end):\n" + log.split(separator: "\n").suffix(30).joined(separator: "\n")
    }

    /// The pods of namespace e2e as `vcore get pods -o json` lists them.
    func pods(label: String? = nil) throws -> [[String: Any]] {
        let output = try client(["get", "pods", "-o", "json"] + (label.map { ["-l", $0] } ?? []))
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return (object?["items"] as? [[String: Any]]) ?? []
    }

    /// Everything this node may have left on the host, for the check after `vcore down`.
    static func leftovers() -> [String] {
        var found = [String]()
        let namespaces = (try? FileManager.default.contentsOfDirectory(atPath: "/var/run/netns")) ?? []
        found += namespaces.filter { $0.hasPrefix(prefix) }.map { "network namespace \($0)" }
        for bridge in [clusterBridge] + networkBridges where FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)") {
            found.append("bridge \(bridge)")
        }
        // A pod's host-side veth is enslaved to one of our bridges; with the bridges gone, any
        // veth whose peer lived in one of our namespaces is gone too. Look for strays anyway.
        let links = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []
        for link in links where link.hasPrefix("veth") {
            let master = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/sys/class/net/\(link)/master")) ?? ""
            if ([clusterBridge] + networkBridges).contains(where: { master.hasSuffix("/\($0)") }) { found.append("veth \(link)") }
        }
        if let tables = try? Subprocess.run("/usr/sbin/nft", ["list", "tables"]), tables.outputText.contains(" \(table)\n") {
            found.append("nftables table \(table)")
        }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            let path = "/sys/fs/cgroup/\(hierarchy)/\(cgroupParent)"
            if FileManager.default.fileExists(atPath: path) { found.append("cgroup \(path)") }
        }
        if let list = try? Subprocess.run("/usr/bin/crun", ["--root", crunRoot, "list", "-q"]),
           !list.outputText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append("crun containers: \(list.outputText)")
        }
        return found
    }
}
