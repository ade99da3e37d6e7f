import Foundation
import NetworkTestSupport
import TestOracles
import Wire

/// Everything the process test runs, started in order and stopped by PID: three namespaces
/// (eNB, MME, core), the HSS with one provisioned subscriber, the SGW double, the MME, sctp-relay
/// and a dumpcap capture in the MME's namespace (it sees S1AP, S6a and S11 all).
final class ProcessLab: @unchecked Sendable {  // used from one test task only
    static let driverScript = TestEnvironment.packageRoot.appendingPathComponent("Tests/MMEProcessTests/enb/enb_driver.py").path
    static let dumpcap = ["/usr/bin/dumpcap", "/usr/local/bin/dumpcap"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let curl = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the process test cannot run here, or nil.
    static let missing: String? = {
        if let reason = NetworkLab.unavailableReason { return reason }
        for product in ["mme", "hss", "sctp-relay"] where TestEnvironment.builtProduct(product) == nil {
            return "the \(product) executable is not built (swift build --build-tests)"
        }
        if dumpcap == nil || !TestEnvironment.canRunPcapCheck { return "needs tshark's dumpcap and ../shared/tools/pcap-check" }
        if curl == nil { return "needs curl to provision the HSS" }
        if python == nil { return "needs python3 with pycrate and cryptography (scripts/setup.sh)" }
        return nil
    }()

    /// The python3 on PATH that has pycrate and cryptography, as an absolute path (pyenv shims
    /// resolve to the interpreter they stand for).
    static let python: String? = {
        let probe = try? TestEnvironment.run("/usr/bin/env", ["python3", "-c", "import pycrate_asn1dir.S1AP, cryptography, sys; print(sys.executable)"])
        guard let probe, probe.status == 0 else { return nil }
        return probe.output.split(separator: "\n").last.map(String.init)
    }()

    let network = NetworkLab("vcmme")
    let folder: String
    let sgw = SGWDouble(address: IPv4Address(10, 20, 0, 2))
    /// A second SGW replica behind the same name, so that discovery must return both.
    let secondSGW = SGWDouble(address: IPv4Address(10, 20, 0, 3))
    private(set) var enbNamespace = ""
    private(set) var mmeNamespace = ""
    private(set) var coreNamespace = ""
    private(set) var relayPort = 0
    private var children: [ChildProcess] = []
    private var mme: ChildProcess?
    private var capture: (process: ChildProcess, file: String)?
    /// Set when a check failed on something in the folder that is worth a look afterwards.
    private var keepFolderBecause: String?

    /// Keeps the folder (logs, capture) after the test, printing where it is and why.
    func keepFolder(because reason: String) {
        keepFolderBecause = reason
    }

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-mme-process-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    var mmeLog: String { mme?.output ?? "" }

    func run(_ label: String, in namespace: String?, _ command: [String]) throws -> ChildProcess {
        let child = try ChildProcess(label, namespace: namespace, command, logFolder: folder)
        children.append(child)
        return child
    }

    /// The Python eNB driver in the eNB namespace, through the relay, as the first subscriber;
    /// `arguments` add to that (`--scenario`, ...).
    func startDriver(_ arguments: [String] = []) throws -> ChildProcess {
        try run("enb-driver", in: enbNamespace, [
            Self.python!, Self.driverScript, "--relay", "127.0.0.1:\(relayPort)", "--imsi", LabPlan.imsi, "--k", LabPlan.k,
            "--opc", LabPlan.opc,
        ] + arguments)
    }

    /// The HSS the MME talks to: the real `hss` process, or a scripted peer in this test.
    enum HSS {
        case process
        case scripted
    }

    private(set) var scriptedHSS: ScriptedDiameterPeer?

    /// - Parameter s6aTransport: `tcp` or `sctp` for S6a between the MME and the HSS process.
    func start(hss kind: HSS = .process, s6aTiming: (timeout: Double, retries: Int)? = nil, s6aTransport: String = "tcp") async throws {
        enbNamespace = try network.namespace("enb")
        mmeNamespace = try network.namespace("mme")
        coreNamespace = try network.namespace("core")
        try network.connect(enbNamespace, LabPlan.enbAddress + "/24", mmeNamespace, LabPlan.mmeS1Address + "/24")
        let core = try network.connect(mmeNamespace, LabPlan.mmeCoreAddress + "/24", coreNamespace, LabPlan.coreAddress + "/24")
        try network.addAddress(coreNamespace, core.b, LabPlan.secondSGWAddress + "/24")
        // The MME finds its peers by name; the SGW name is a "headless Service" with two replicas.
        try network.hosts(mmeNamespace, [(LabPlan.coreAddress, "hss.vcore.test"), (LabPlan.coreAddress, "sgw.vcore.test"),
                                         (LabPlan.secondSGWAddress, "sgw.vcore.test"), (LabPlan.coreAddress, "pgw.vcore.test")])

        let captureFile = folder + "/mme.pcapng"
        let dumpcap = try run("dumpcap", in: mmeNamespace, [Self.dumpcap!, "-i", "any", "-w", captureFile])
        _ = try await dumpcap.waitForLine(containing: "File:")
        capture = (dumpcap, captureFile)

        switch kind {
        case .process:
            try write(LabPlan.hss(store: folder + "/hss.sqlite", s6aTransport: s6aTransport), to: "hss.yaml")
            let hss = try run("hss", in: coreNamespace, [TestEnvironment.builtProduct("hss")!.path, folder + "/hss.yaml"])
            try await eventually("the HSS is ready:\n\(hss.output)", timeout: .seconds(30)) {
                try await self.ready(in: self.coreNamespace, port: 9091)
            }
            for imsi in [LabPlan.imsi, LabPlan.secondIMSI] { try await provision(imsi) }
        case .scripted:
            scriptedHSS = ScriptedDiameterPeer(listener: try await NamespaceSocket.tcpListener(in: coreNamespace, address: LabPlan.coreAddress,
                                                                                                port: 3868))
        }
        try await sgw.start(in: coreNamespace)
        try await secondSGW.start(in: coreNamespace)

        try write(LabPlan.mme(recoveryFile: folder + "/recovery", s6aTiming: s6aTiming, s6aTransport: s6aTransport), to: "mme.yaml")
        mme = try run("mme", in: mmeNamespace, [TestEnvironment.builtProduct("mme")!.path, folder + "/mme.yaml"])
        if let scriptedHSS {
            try await withOwnThread { try scriptedHSS.acceptAndExchangeCapabilities(timeout: .seconds(20)) }
        }
        try await eventually("the MME is ready (S1AP listening, HSS peer OPEN):\n\(mmeLog)", timeout: .seconds(30)) {
            try await self.mmeReady()
        }

        let relay = try run("sctp-relay", in: enbNamespace, [
            TestEnvironment.builtProduct("sctp-relay")!.path, "--listen", "127.0.0.1:0", "--connect", "\(LabPlan.mmeS1Address):36412",
        ])
        let line = try await relay.waitForLine(containing: "sctp-relay listening")
        relayPort = Int(line.split(separator: " ")[2].split(separator: ":").last ?? "") ?? 0
    }

    /// POST /v1/subscribers on the HSS's provisioning API, from inside its namespace.
    private func provision(_ imsi: String) async throws {
        let body = #"{"imsi": "\#(imsi)", "k": "\#(LabPlan.k)", "opc": "\#(LabPlan.opc)"}"#
        let namespace = coreNamespace
        let (status, output) = try await withOwnThread {
            try TestEnvironment.run(NetworkLab.ip!, ["netns", "exec", namespace, Self.curl!, "-sS", "-w", "%{http_code}",
                                                "-X", "POST", "-H", "Content-Type: application/json", "--data", body,
                                                "http://127.0.0.1:8082/v1/subscribers"])
        }
        guard status == 0, output.hasSuffix("201") || output.hasSuffix("200") else { throw LabError("provisioning failed: \(output)") }
    }

    /// The value of a series on the MME's /metrics (`name` with its labels as printed), nil when it is not there.
    func mmeMetric(_ name: String) async throws -> Double? {
        try await metric(name, in: mmeNamespace, port: 9090)
    }

    /// The same on the HSS's /metrics.
    func hssMetric(_ name: String) async throws -> Double? {
        try await metric(name, in: coreNamespace, port: 9091)
    }

    private func metric(_ name: String, in namespace: String, port: Int) async throws -> Double? {
        let (_, text) = try await withOwnThread {
            try TestEnvironment.run(NetworkLab.ip!, ["netns", "exec", namespace, Self.curl!, "-s", "http://127.0.0.1:\(port)/metrics"])
        }
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// True when the MME's /readyz answers 200.
    func mmeReady() async throws -> Bool {
        try await ready(in: mmeNamespace, port: 9090)
    }

    /// True when /readyz on 127.0.0.1:`port` in `namespace` answers 200.
    private func ready(in namespace: String, port: Int) async throws -> Bool {
        let (_, code) = try await withOwnThread {
            try TestEnvironment.run(NetworkLab.ip!, ["netns", "exec", namespace, Self.curl!, "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                                     "http://127.0.0.1:\(port)/readyz"])
        }
        return code == "200"
    }

    /// Ends the capture (dumpcap writes out its buffers on SIGTERM) and returns the file.
    func stopCapture() async throws -> String {
        guard let capture else { throw LabError("no capture running") }
        // dumpcap lags the traffic by its buffers: give it a moment to catch up first.
        try await Task.sleep(for: .seconds(1))
        capture.process.signal(SIGTERM)
        guard await capture.process.waitForExit(timeout: .seconds(10)) != nil else { throw LabError("dumpcap did not stop") }
        return capture.file
    }

    /// SIGTERM to the MME; its exit status, or nil when it did not stop within 15 seconds.
    func terminateMME() async -> Int32? {
        mme?.signal(SIGTERM)
        return await mme?.waitForExit(timeout: .seconds(15))
    }

    func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw LabError("timed out waiting until \(what)")
    }

    private func write(_ text: String, to name: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    /// Kills what is still running (by PID) and removes the namespaces and the folder of logs,
    /// configurations and the capture (kept with VCORE_KEEP_TEST_LOGS=1 or after `keepFolder`,
    /// for a look after a run; failed expectations quote the logs they are about).
    func tearDown() {
        for child in children.reversed() { child.stop() }
        let sgws = [sgw, secondSGW]
        Task { for sgw in sgws { await sgw.stop() } }
        network.tearDown()
        if let reason = keepFolderBecause ?? (ProcessInfo.processInfo.environment["VCORE_KEEP_TEST_LOGS"] == "1" ? "asked" : nil) {
            print("process test files kept in \(folder) (\(reason))")
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
