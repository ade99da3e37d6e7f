import Diameter
import DiameterPeer
import Foundation
import MobileCrypto
import NIOCore
import TestOracles
import Testing
@testable import HSSKit

/// The real `hss` process: S6a over TCP from a test MME, kill -9 and restart, SIGTERM, bad
/// configuration. The suites in the other HSSProcess files are nested here so that only one hss
/// process runs at a time (two cores, timing checks on exits and watchdogs).
@Suite(.serialized, .enabled(if: HSSProcess.available, "needs the hss binary: swift build --build-tests"))
struct HSSProcessTests {
    static let imsi = "001010000000001"

    static func provision(_ hss: HSSProcess, _ imsi: String = imsi) async throws {
        let record = ["imsi": imsi, "k": TestHSS.k.hex, "opc": TestHSS.opc.hex, "msisdn": "3361" + imsi.suffix(6)]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        let (status, data) = try await hss.http("POST", "/v1/subscribers", body: body)
        #expect(status == 201, "\(String(decoding: data, as: UTF8.self))")
    }

    static func sqns(_ aia: DiameterMessage) throws -> [UInt64] {
        try TestHSS.vectors(aia).map { vector in
            try Milenage(k: TestHSS.k, opc: TestHSS.opc)
                .respond(rand: vector.rand, autn: vector.autn, freshness: .any, highestAcceptedSQN: SQN(0)!).sqn.value
        }
    }

    /// An open S6a connection from a fresh test MME.
    static func connect(_ hss: HSSProcess) async throws -> (TestMME, DiameterConnection) {
        let mme = TestMME()
        let connection = try await mme.node.connect(host: "127.0.0.1", port: hss.diameterPort)
        #expect(await mme.node.waitForPeer(timeout: .seconds(10)) != nil, "no CEA from the hss; its log:\n\(hss.log)")
        return (mme, connection)
    }

    /// Whether the hss closed `connection` within `timeout` (a failure, not a hang, when it does not).
    static func closed(_ connection: DiameterConnection, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !connection.isClosed && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return connection.isClosed
    }

    @Test func answersAIRAndULROverTCPAndTheCapturePassesPcapCheck() async throws {
        let hss = try await HSSProcess()
        try await hss.start()
        try await Self.provision(hss)
        let capture = hss.folder.appendingPathComponent("s6a.pcap").path
        let dumpcap = try await PacketCapture.start(port: hss.diameterPort, file: capture)

        let (mme, connection) = try await Self.connect(hss)
        #expect(connection.capabilities?.originHost == "hss.epc.mnc001.mcc001.3gppnetwork.org")

        let aia = try await connection.request(mme.air(Self.imsi, vectors: 2))
        #expect(aia.resultCode == 2001)
        #expect(TestHSS.vectors(aia).count == 2)
        // The USIM (MobileCrypto's Milenage with the subscriber's K and OPc) accepts each AUTN,
        // and its RES is the XRES the HSS handed to the MME.
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc)
        for vector in TestHSS.vectors(aia) {
            guard case .accepted(let res, _) = usim.authenticate(rand: vector.rand, autn: vector.autn) else {
                Issue.record("the USIM refused a vector")
                continue
            }
            #expect(vector.xres == withUnsafeBytes(of: res.bigEndian) { Array($0) })
        }
        let ula = try await connection.request(mme.ulr(Self.imsi))
        #expect(ula.resultCode == 2001)
        #expect(ula[.subscriptionData]?[.apnConfigurationProfile]?.all(.apnConfiguration).count == 2)
        #expect(ula[.subscriptionData]?[.msisdn] != nil)
        let unknown = try await connection.request(mme.air("001019999999999"))
        #expect(unknown.experimentalResult?.code == 5001)
        await connection.disconnect(cause: .rebooting)

        let metrics = try await hss.metrics()
        #expect(HSSProcess.sample(metrics, #"hss_s6a_requests_total{command="AIR",result="2001"}"#) == 1, "\(metrics)")
        #expect(HSSProcess.sample(metrics, #"hss_s6a_requests_total{command="ULR",result="2001"}"#) == 1)
        #expect(HSSProcess.sample(metrics, #"hss_s6a_requests_total{command="AIR",result="5001"}"#) == 1)
        #expect(HSSProcess.sample(metrics, #"hss_subscribers"#) == 1)

        try await dumpcap.stop()
        try await PcapCheck.expectClean(capture, diameterPort: hss.diameterPort, commands: ["257", "318", "316", "282"])
        #expect(await hss.terminate().status == 0)
    }

    /// SQN_HE is committed before each AIA leaves: a kill -9 right after an answer never makes the
    /// restarted HSS issue that SQN again.
    @Test func killedHSSNeverReusesAVector() async throws {
        let hss = try await HSSProcess()
        try await hss.start()
        try await Self.provision(hss)
        var issued: [UInt64] = []
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc)
        for round in 0..<3 {
            let (mme, connection) = try await Self.connect(hss)
            for _ in 0..<2 {
                let aia = try await connection.request(mme.air(Self.imsi, vectors: 3))
                issued += try Self.sqns(aia)
                for vector in TestHSS.vectors(aia) {
                    guard case .accepted = usim.authenticate(rand: vector.rand, autn: vector.autn) else {
                        Issue.record("round \(round): the USIM refused a vector")
                        continue
                    }
                }
            }
            await hss.kill()
            try await hss.start()
        }
        #expect(issued.count == 18)
        #expect(issued == issued.sorted() && Set(issued).count == issued.count, "\(issued)")
        let stored = try await hss.http("GET", "/v1/subscribers/\(Self.imsi)")
        let record = try JSONSerialization.jsonObject(with: stored.1) as? [String: Any]
        #expect((record?["sqn"] as? NSNumber)?.uint64Value == issued.last)
        #expect(await hss.terminate().status == 0)
    }

    /// SIGTERM: every open peer gets a DPR (REBOOTING) so it fails over at once, and the process
    /// exits 0 well inside a kubelet's grace period, even with an idle keep-alive HTTP client.
    @Test func sigtermSendsDPRToPeersAndExitsCleanly() async throws {
        let hss = try await HSSProcess()
        try await hss.start()
        let (_, first) = try await Self.connect(hss)
        let (_, second) = try await Self.connect(hss)
        let idleClient = try await IdleHTTPConnection.open(port: hss.provisioningPort)
        let (status, took) = await hss.terminate(grace: .seconds(10))
        #expect(status == 0, "\(hss.log)")
        #expect(took < .seconds(5), "took \(took)")
        for connection in [first, second] {
            #expect(await Self.closed(connection, within: .seconds(3)))
            #expect(await connection.closeReason == .disconnectedByPeer(.rebooting))
        }
        try await idleClient.close()
    }

    /// A Prometheus scraper keeps its connection to /metrics alive between scrapes. S6a is
    /// stopped first, so peers get their DPR at once even then; the exit itself waits for NFKit's
    /// observability server, which keeps serving an idle keep-alive connection through SIGTERM.
    @Test func sigtermWithAnIdleMetricsScraperStillSendsDPRAtOnce() async throws {
        let hss = try await HSSProcess()
        try await hss.start()
        let (_, connection) = try await Self.connect(hss)
        let scraper = try await IdleHTTPConnection.open(port: hss.observabilityPort, path: "/metrics")
        hss.process?.signal(SIGTERM)
        #expect(await Self.closed(connection, within: .seconds(3)), "no DPR within 3 s")
        #expect(await connection.closeReason == .disconnectedByPeer(.rebooting))
        let status = await hss.process?.waitForExit(timeout: .seconds(6))
        #expect(status == 0, "an idle keep-alive scraper does not hold the process")
        try await scraper.close()
        await hss.kill()
    }

    @Test(arguments: [
        ("mnc: \"01\"}]", "mnc: \"1\"}]", "network.homePLMNs[0]"),
        ("port: PORT_D", "port: 70000", "diameter.port"),
        ("originRealm: epc.mnc001.mcc001.3gppnetwork.org", "originRealm: \"\"", "diameter.originRealm"),
        ("watchdogSeconds: 6", "watchdogSeconds: 2", "diameter.watchdogSeconds"),
        ("watchdogSeconds: 6", "watchdogSeconds: 6\n  transports: [tcp, udp]", "diameter.transports[1]: \"udp\" is not tcp or sctp"),
        ("watchdogSeconds: 6", "watchdogSeconds: 6\n  transports: [sctp, sctp]", "diameter.transports[1]: sctp is listed twice"),
        ("watchdogSeconds: 6", "watchdogSeconds: 6\n  transports: []", "diameter.transports: must not be empty"),
        ("network:", "sctp: {backend: usrsctp-udp, udpEncapsulationPort: 0}\nnetwork:", "sctp.udpEncapsulationPort: 0 is not a port"),
    ])
    func badConfigurationExitsWithOneLineNamingTheField(find: String, replace: String, field: String) async throws {
        let hss = try await HSSProcess()
        let original = hss.configuration.replacingOccurrences(of: "port: \(hss.diameterPort)", with: "port: PORT_D")
        let broken = original.replacingOccurrences(of: find, with: replace)
        #expect(broken != original, "the replacement did not apply")
        try broken.replacingOccurrences(of: "PORT_D", with: "\(hss.diameterPort)")
            .write(to: hss.configurationURL, atomically: true, encoding: .utf8)
        let binary = try #require(HSSProcess.binary)
        let (status, output) = try await withOwnThread {
            try ProcessRunner.run(binary, [hss.configurationURL.path], includeStandardError: true)
        }
        #expect(status == 1)
        #expect(output.contains(field), "\(output)")
        #expect(output.split(separator: "\n").count == 1, "\(output)")
    }

    @Test func missingConfigurationFileExitsWithThePathNamed() async throws {
        let binary = try #require(HSSProcess.binary)
        let (status, output) = try await withOwnThread {
            try ProcessRunner.run(binary, ["/nonexistent/hss.yaml"], includeStandardError: true)
        }
        #expect(status == 1)
        #expect(output.contains("/nonexistent/hss.yaml"), "\(output)")
        #expect(output.split(separator: "\n").count == 1, "\(output)")
    }
}
