import Foundation
import NetworkTestSupport
import TestOracles

/// The namespaces of one run and the real sgw and pgw processes in them:
///
///     enb ──S1-U── sgw ──S5/S8── pgw ──SGi── dn
///                   │             (sgi0 TUN, 10.45.0.0/24, forwarding on)
///     mme ──S11─────┘
///
/// The sgw finds the pgw by the name `pgw.vcore.test`, which only its namespace's hosts file
/// answers. Each namespace's `any` device in sgw and pgw is captured, leaving out the rogue
/// addresses that send malformed bytes on purpose.
final class GatewayLab: @unchecked Sendable {  // used from one test task only
    enum Plan {
        static let enb = "10.60.1.2", sgwS1U = "10.60.1.1", enbRogue = "10.60.1.3"
        static let mme = "10.60.11.2", sgwS11 = "10.60.11.1", mmeRogue = "10.60.11.3"
        static let sgwS5 = "10.60.5.1", pgwS5 = "10.60.5.2", s5Rogue = "10.60.5.3"
        static let pgwSGi = "10.60.100.1", dn = "10.60.100.2"
        static let pool = "10.45.0.0/24"
        static let pgwName = "pgw.vcore.test"
        static let observabilityPort = 9090
        static let rogues = [enbRogue, mmeRogue, s5Rogue]

        static let sgw = """
            s11: {address: \(sgwS11)}
            s5c: {address: \(sgwS5)}
            s1u: {address: \(sgwS1U)}
            s5u: {address: \(sgwS5)}
            pgw: {name: \(pgwName)}
            observability: {bind: \(sgwS11), port: \(observabilityPort)}
            userPlane: {bufferPacketsPerBearer: 16}
            logLevel: debug
            """

        /// A local policy rule: UDP to the UE's ports 5000-5010 gets a dedicated bearer at once.
        static let pgw = """
            s5c: {address: \(pgwS5)}
            s5u: {address: \(pgwS5)}
            apns:
              - name: internet
                ipv4Pool: \(pool)
                policy:
                  - name: media
                    qci: 7
                    arpPriority: 9
                    filters:
                      - {protocol: 17, localPorts: "5000-5010"}
            sgi: {device: sgi0}
            observability: {bind: \(pgwS5), port: \(observabilityPort)}
            logLevel: debug
            """
    }

    /// Why this test cannot run here, or nil.
    static let problem: String? = {
        for name in ["sgw", "pgw"] where TestEnvironment.builtProduct(name) == nil {
            return "the \(name) executable is not built (swift build --build-tests)"
        }
        if let reason = NetworkLab.tunUnavailableReason { return reason }
        if NetworkFunctionProcess.curl == nil { return "needs curl to read /metrics" }
        return nil
    }()

    /// Whether captures are checked: always in CI (where a missing tshark or pcap-check is a
    /// failure), else when both are here.
    static let checksCaptures = TestEnvironment.canRunPcapCheck

    let network = NetworkLab("vcgw")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-gateway-process-\(UUID().uuidString.prefix(8))").path
    private(set) var enb = "", mme = "", sgwNamespace = "", pgwNamespace = "", dn = ""
    private(set) var sgw: NetworkFunctionProcess?
    private(set) var pgw: NetworkFunctionProcess?
    private var captures: [RunningCapture] = []

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The namespaces and links, the captures, then the pgw and the sgw, each ready.
    func start() throws {
        enb = try network.namespace("enb")
        mme = try network.namespace("mme")
        sgwNamespace = try network.namespace("sgw")
        pgwNamespace = try network.namespace("pgw")
        dn = try network.namespace("dn")
        let s1u = try network.connect(enb, Plan.enb + "/24", sgwNamespace, Plan.sgwS1U + "/24")
        try network.addAddress(enb, s1u.a, Plan.enbRogue + "/24")
        let s11 = try network.connect(mme, Plan.mme + "/24", sgwNamespace, Plan.sgwS11 + "/24")
        try network.addAddress(mme, s11.a, Plan.mmeRogue + "/24")
        let s5 = try network.connect(sgwNamespace, Plan.sgwS5 + "/24", pgwNamespace, Plan.pgwS5 + "/24")
        try network.addAddress(sgwNamespace, s5.a, Plan.s5Rogue + "/24")
        try network.connect(pgwNamespace, Plan.pgwSGi + "/24", dn, Plan.dn + "/24")
        try network.inside(dn, ["route", "add", Plan.pool, "via", Plan.pgwSGi])
        try network.sysctl(pgwNamespace, "net.ipv4.ip_forward", "1")
        try network.hosts(sgwNamespace, [(Plan.pgwS5, Plan.pgwName)])

        if Self.checksCaptures {
            for namespace in [sgwNamespace, pgwNamespace] { try startCapture(in: namespace) }
            usleep(300_000)  // the captures are open; let their loops start before the first packet
        }

        let pgw = try NetworkFunctionProcess("pgw", configuration: Plan.pgw, namespace: pgwNamespace, folder: folder)
        self.pgw = pgw
        try pgw.waitForLog("pgw starting")
        let sgw = try NetworkFunctionProcess("sgw", configuration: Plan.sgw, namespace: sgwNamespace, folder: folder)
        self.sgw = sgw
        try sgw.waitForLog("sgw starting")
        // Discovery resolved the name through the namespace's hosts file.
        try sgw.waitForLog("PGW replicas")
    }

    private func startCapture(in namespace: String) throws {
        let filter = "not (" + Plan.rogues.map { "host \($0)" }.joined(separator: " or ") + ")"
        captures.append(try RunningCapture(in: namespace, interface: "any", path: folder + "/\(namespace).pcap", filter: filter))
    }

    /// Ends the captures; each file and how many frames it holds.
    func stopCaptures() -> [(path: String, frames: Int?)] {
        usleep(300_000)  // the last frames reach the files before the loops are broken
        return captures.map { ($0.path, $0.stop()) }
    }

    /// A test socket inside `namespace`.
    func peer(in namespace: String, _ address: String, port: UInt16) throws -> UDPPeer {
        try network.perform(in: namespace) { try UDPPeer(address, port: port) }
    }

    var logs: String { "--- sgw\n\(sgw?.log ?? "")\n--- pgw\n\(pgw?.log ?? "")" }

    /// A sample of the sgw's or the pgw's /metrics, nil when it is not there.
    func metric(_ process: NetworkFunctionProcess?, _ sample: String) -> Int? {
        guard let process else { return nil }
        let address = process.name == "sgw" ? Plan.sgwS11 : Plan.pgwS5
        return PrometheusText.value(process.http("http://\(address):\(Plan.observabilityPort)/metrics") ?? "", sample)
    }

    /// Kills what still runs (by PID), removes the namespaces and host files, and the folder of
    /// logs, configurations and captures (kept with VCORE_KEEP_TEST_LOGS=1).
    func tearDown() {
        for entry in captures { entry.capture.stop() }
        for process in [sgw, pgw].compactMap({ $0 }) {
            process.child.stop()
            _ = process.waitForExit(timeout: .seconds(5))
        }
        network.tearDown()
        if ProcessInfo.processInfo.environment["VCORE_KEEP_TEST_LOGS"] == "1" {
            print("gateway process test files kept in \(folder)")
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
