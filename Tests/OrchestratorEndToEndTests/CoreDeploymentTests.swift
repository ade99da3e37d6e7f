import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// deploy/core.yaml on a node of the test's own: `vcore up` brings the core (HSS, MME, SGW, PGW,
/// the data-network host) to Ready from images of this build; the MME reaches the HSS over S6a
/// through the hss Service; the seeded test subscribers are there, more go in through the
/// provisioning API and survive the HSS pod. Then the first end-to-end run: an eNB on ran
/// (scripts/enb-data-session.sh: the pycrate eNB driver through sctp-relay) attaches two UEs
/// through the MME, HSS, SGW and PGW pods, pings the data-network host from each UE's address
/// inside GTP-U and gets the replies back on its own TEIDs, and detaches them; the capture of ran,
/// SGi and the pod network passes pcap-check. `vcore down` leaves nothing. The HSS store's
/// hostPath is pointed into the test's folder so the machine's own /var/lib/vcore is never touched.
@Suite(.serialized)
struct CoreDeploymentTests {
    /// The bridges core.yaml's networks use: a core already running here would share them.
    static let coreBridges = ["vran0", "vsgi0"]

    static let problem: String? = TestNode.problem ?? {
        for name in ["hss", "mme", "sgw", "pgw", "sctp-relay"] where TestEnvironment.builtProduct(name) == nil {
            return "\(name) is not built (swift build --build-tests)"
        }
        if python == nil { return "needs python3 with pycrate and cryptography (scripts/setup.sh)" }
        if dumpcap == nil || !TestEnvironment.canRunPcapCheck { return "needs tshark's dumpcap and ../shared/tools/pcap-check" }
        if let bridge = coreBridges.first(where: { FileManager.default.fileExists(atPath: "/sys/class/net/\($0)") }) {
            return "bridge \(bridge) exists: a VCore core is running on this machine (vcore down first)"
        }
        return nil
    }()

    static let dumpcap = ["/usr/bin/dumpcap", "/usr/local/bin/dumpcap"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The python3 on PATH that has pycrate and cryptography, as an absolute path.
    static let python: String? = {
        let probe = try? TestEnvironment.run("/usr/bin/env", ["python3", "-c", "import pycrate_asn1dir.S1AP, cryptography, sys; print(sys.executable)"])
        guard let probe, probe.status == 0 else { return nil }
        return probe.output.split(separator: "\n").last.map(String.init)
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
        let started = ContinuousClock.now
        // Where the minutes go, printed at the end: this test is the slowest one CI runs.
        var phases: [String] = []
        func phase(_ name: String) { phases.append("\(name) at \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))") }
        defer { print("CoreDeploymentTests phases: \(phases.joined(separator: ", "))") }
        let images = try node.run(["image", "build", "testworkload", "hss", "mme", "sgw", "pgw", "--from", products, "--data-dir", node.dataDirectory],
                                  timeout: 600)
        try #require(images.status == 0, "image build: \(images.stderr)")

        let core = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("deploy/core.yaml"), encoding: .utf8)
        let manifest = node.dataDirectory + "/core.yaml"
        try core.replacingOccurrences(of: "/var/lib/vcore/hss", with: node.dataDirectory + "/hss-store")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        phase("images built")
        let up = try node.run(["up", "-f", manifest, "--timeout", "180"] + node.nodeArguments, timeout: 240)
        try #require(up.status == 0, "vcore up: \(up.stdout) \(up.stderr)\n\(node.diagnostics())")

        let pods = try node.run(["get", "pods"] + clientArguments(node)).stdout
        for app in ["dn", "hss", "mme", "sgw", "pgw"] {
            #expect(pods.split(separator: "\n").contains { $0.hasPrefix(app + "-") && $0.contains("1/1") && $0.contains("Running") },
                    "\(app) is not Ready:\n\(pods)")
        }
        phase("up")
        let hss = try address(of: "hss", node)
        let mme = try address(of: "mme", node)
        #expect(try node.eventually("the MME's S6a connection to be OPEN at the HSS", seconds: 60) {
            try http("http://\(hss):9090/metrics").contains("diameter_peers_open 1")
        })
        #expect(try http("http://\(mme):9090/readyz") == "ok\n")

        let clusterIP = try #require(try object("service", "hss", node)["spec"].flatMap { ($0 as? [String: Any])?["clusterIP"] as? String })
        let provisioning = "http://\(clusterIP):8082"
        // core.yaml's seed: the lab's ten test subscribers are there from the start.
        let seeded = try node.run(["subscriber", "get", "--hss", provisioning, "001010000000010", "-o", "json"])
        #expect(seeded.status == 0 && seeded.stdout.contains("33600000010"), "seeded subscriber: \(seeded.stdout) \(seeded.stderr)")
        let add = try node.run(["subscriber", "add", "--hss", provisioning, "--imsi", "001010000000901",
                                "--k", "465B5CE8B199B49FAA5F0A2EE238A6BC", "--opc", "E8ED289DEBA952E4283B54E88E6183CA", "--msisdn", "33600000901"])
        #expect(add.status == 0, "subscriber add: \(add.stdout) \(add.stderr)")
        // Without --hss the command finds the hss Service through the API server, as a user would.
        let list = try node.run(["subscriber", "list", "--server", node.dataDirectory + "/api.sock"])
        #expect(list.status == 0 && list.stdout.contains("001010000000901"), "subscriber list: \(list.stdout) \(list.stderr)")

        // The store is on the node, not in the pod: a new HSS pod has the subscriber.
        let old = try #require(try node.run(["get", "pods", "-l", "app=hss", "-o", "name"] + clientArguments(node)).stdout
            .split(separator: "\n").first.map { String($0.split(separator: "/").last!) })
        _ = try node.run(["delete", "pod", old] + clientArguments(node))
        #expect(try node.eventually("a new HSS pod to be Ready", seconds: 90) {
            let pods = try node.run(["get", "pods", "-l", "app=hss"] + clientArguments(node)).stdout
            return !pods.contains(old) && pods.contains("1/1")
        })
        let get = try node.run(["subscriber", "get", "--hss", provisioning, "001010000000901", "-o", "json"])
        #expect(get.status == 0 && get.stdout.contains("33600000901"), "subscriber get after the restart: \(get.stdout) \(get.stderr)")
        #expect(try node.eventually("the MME to reconnect to the new HSS", seconds: 60) {
            try http("http://\(address(of: "hss", node)):9090/metrics").contains("diameter_peers_open 1")
        })

        phase("HSS pod replaced")
        try dataSessions(node)
        phase("data sessions")

        let down = try node.run(["down"] + node.nodeArguments)
        #expect(down.status == 0, "vcore down: \(down.stdout) \(down.stderr)")
        #expect(TestNode.leftovers().isEmpty, "left behind: \(TestNode.leftovers())")
        for bridge in Self.coreBridges { #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"), "bridge \(bridge) left") }
    }

    /// Two UEs attach through an eNB on ran, ping the data network through SGW and PGW, detach.
    private func dataSessions(_ node: TestNode) throws {
        // The MME is ready only once sgw and pgw resolve (through the cluster DNS) to ready replicas.
        #expect(try node.eventually("the MME to see an SGW and a PGW", seconds: 60) {
            try http("http://\(address(of: "mme", node)):9090/readyz") == "ok\n"
        })
        let capture = node.dataDirectory + "/core.pcapng"
        // Spawned with an empty signal mask (Foundation's Process would pass on this thread's,
        // where SIGINT is blocked, and dumpcap would never stop).
        let dumpcap = try Subprocess.spawnDetached(try #require(Self.dumpcap),
                                                   ["-q", "-i", "vran0", "-i", "vsgi0", "-i", TestNode.clusterBridge, "-w", capture])
        var dumpcapStopped = false
        defer { if !dumpcapStopped { kill(dumpcap, SIGKILL); _ = Subprocess.reap(dumpcap, block: true) } }
        _ = try node.eventually("dumpcap to start writing", seconds: 10) { FileManager.default.fileExists(atPath: capture) }
        Thread.sleep(forTimeInterval: 0.5)

        let relay = try #require(TestEnvironment.builtProduct("sctp-relay")).path
        defer { Self.removeNamespace("vcte-enb") }
        let session = try Subprocess.run("/bin/bash", [TestEnvironment.packageRoot.appendingPathComponent("scripts/enb-data-session.sh").path,
                                                       "--relay-bin", relay, "--ues", "2", "--python", try #require(Self.python),
                                                       "--name", "vcte-enb", "--unreachable", try address(of: "hss", node)],
                                   timeout: 180)
        print(session.outputText)
        let steps = session.outputText.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        let failed = steps.filter { ($0["ok"] as? Bool) == false }
        #expect(session.status == 0 && failed.isEmpty, "eNB session: \(failed)\n\(session.errorText)")
        for step in ["ue1_attach_complete_sent", "ue2_attach_complete_sent", "ue1_ping", "ue2_ping", "ue1_refused_outside_sgi",
                     "ue1_detached", "ue2_detached", "old_teid_error_indication"] {
            #expect(steps.contains { $0["step"] as? String == step && $0["ok"] as? Bool == true }, "step \(step) missing")
        }
        // The gauges are published twice a second: give the last Delete Session its moment.
        let pgw = try address(of: "pgw", node)
        var pgwMetrics = ""
        #expect(try node.eventually("the PGW to have no session after the detaches", seconds: 20) {
            pgwMetrics = try http("http://\(pgw):9090/metrics")
            return pgwMetrics.split(separator: "\n").first { $0.hasPrefix("pgw_sessions ") }.flatMap { Double($0.split(separator: " ")[1]) } == 0
        }, "\(pgwMetrics)")
        // The data network's echo replies came in through the PGW's SGi packet ring, not the kernel's forwarding.
        let ringTaken = pgwMetrics.split(separator: "\n").first { $0.hasPrefix("userplane_sgi_ring_taken_total ") }
            .flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        #expect(ringTaken > 0, "userplane_sgi_ring_taken_total: \(pgwMetrics)")
        // And the UEs' echo requests went out on its SGi packet socket once the kernel had resolved
        // the data-network host (the first ones through the TUN device, which had it resolved).
        let transmitted = pgwMetrics.split(separator: "\n").first { $0.hasPrefix("userplane_sgi_transmitted_total ") }
            .flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        #expect(transmitted > 0, "userplane_sgi_transmitted_total: \(pgwMetrics)")

        Thread.sleep(forTimeInterval: 0.5)
        kill(dumpcap, SIGINT)
        _ = Subprocess.reap(dumpcap, block: true)
        dumpcapStopped = true
        let (status, output) = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capture])
        print("pcap-check: \(output)")
        #expect(status == 0 && output.contains("malformed=0"), "pcap-check: \(output)")
        let protocols = Set((output.components(separatedBy: "protocols:").last ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        for protocolName in ["s1ap", "nas-eps", "gtpv2", "gtp", "icmp", "diameter"] {
            #expect(protocols.contains(protocolName), "no \(protocolName) in the capture: \(output)")
        }
    }

    /// What a killed eNB script leaves (its trap cannot run after SIGKILL): the processes still in
    /// its namespace, stopped by PID, then the namespace, and with it the veth on the ran bridge.
    static func removeNamespace(_ name: String) {
        guard FileManager.default.fileExists(atPath: "/run/netns/\(name)"),
              let pids = try? TestEnvironment.run("/usr/sbin/ip", ["netns", "pids", name]) else { return }
        for pid in pids.output.split(separator: "\n").compactMap({ pid_t($0) }) { kill(pid, SIGKILL) }
        _ = try? TestEnvironment.run("/usr/sbin/ip", ["netns", "delete", name])
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
