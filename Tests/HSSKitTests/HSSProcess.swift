import Diameter
import DiameterPeer
import Foundation
import NIOCore
import NIOPosix
import TestOracles

/// The real `hss` binary, started from the build products with a configuration of its own in
/// a temporary folder, on 127.0.0.1 and free ports. Stopped by PID. Unchecked: `process` is
/// replaced only by `start()`, from the test's own task.
final class HSSProcess: @unchecked Sendable {
    let folder: URL
    let diameterPort: Int
    let provisioningPort: Int
    let observabilityPort: Int
    let watchdogSeconds: Int
    private(set) var process: ChildProcess?

    /// `swift build --build-tests` puts `hss` beside the test bundle.
    static let binary: String? = TestEnvironment.builtProduct("hss")?.path

    /// Where the tests need the binary: always in CI, where a missing one fails the test.
    static var available: Bool { binary != nil || TestEnvironment.isCI }

    /// The `store.seed` file's contents, when the HSS starts with subscribers.
    let seed: String?

    init(watchdogSeconds: Int = 6, seed: String? = nil) async throws {
        self.watchdogSeconds = watchdogSeconds
        self.seed = seed
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-hss-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        diameterPort = try await Self.freePort()
        provisioningPort = try await Self.freePort()
        observabilityPort = try await Self.freePort()
        try configuration.write(to: configurationURL, atomically: true, encoding: .utf8)
        if let seed { try seed.write(to: seedURL, atomically: true, encoding: .utf8) }
    }

    var seedURL: URL { folder.appendingPathComponent("subscribers.csv") }

    var configurationURL: URL { folder.appendingPathComponent("hss.yaml") }
    var logURL: URL { folder.appendingPathComponent("hss.log") }

    var configuration: String {
        """
        diameter:
          originHost: hss.epc.mnc001.mcc001.3gppnetwork.org
          originRealm: epc.mnc001.mcc001.3gppnetwork.org
          bind: 127.0.0.1
          port: \(diameterPort)
          watchdogSeconds: \(watchdogSeconds)
        network:
          homePLMNs: [{mcc: "001", mnc: "01"}]
        store:
          path: \(folder.appendingPathComponent("data/subscribers.sqlite").path)\(seed == nil ? "" : "\n  seed: \(seedURL.path)")
        provisioning: {bind: 127.0.0.1, port: \(provisioningPort)}
        observability: {bind: 127.0.0.1, port: \(observabilityPort)}
        """
    }

    /// A port the kernel just handed out on 127.0.0.1, free again once the probe closes.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    struct NotReady: Error, CustomStringConvertible {
        var log: String
        var description: String { "hss did not become ready; its log:\n\(log)" }
    }

    /// Starts the process and waits until /readyz says ready.
    func start() async throws {
        guard let binary = Self.binary else { throw NotReady(log: "no hss binary in the build products (swift build --product hss)") }
        let process = try ChildProcess(binary, [configurationURL.path], log: logURL.path)
        self.process = process
        for _ in 0..<500 {
            if let (status, _) = try? await http("GET", "/readyz", port: observabilityPort), status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw NotReady(log: log)
    }

    /// kill -9: no DPR, no flush, nothing the process could still do.
    func kill() async {
        await process?.stop(SIGKILL)
    }

    /// SIGTERM, then the exit status and how long the process took to exit; SIGKILL (status
    /// 137) once `grace` has passed, as a kubelet does.
    func terminate(grace: Duration = .seconds(10)) async -> (status: Int32, took: Duration) {
        let start = ContinuousClock.now
        let status = await process?.stop(SIGTERM, grace: grace) ?? -1
        return (status, ContinuousClock.now - start)
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit {
        process?.killAndReap()
        try? FileManager.default.removeItem(at: folder)
    }

    func http(_ method: String, _ path: String, body: String? = nil, port: Int? = nil) async throws -> (Int, Data) {
        let (status, data) = try await OneShotHTTPClient.request(method, port: port ?? provisioningPort, path: path, body: body)
        return (status, data)
    }

    func metrics() async throws -> String {
        String(decoding: try await http("GET", "/metrics", port: observabilityPort).1, as: UTF8.self)
    }

    /// The value of one series in Prometheus text (`name{labels}`), 0 when it is absent.
    static func sample(_ metrics: String, _ series: String) -> Double {
        metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }
}

/// An MME's Diameter node, for talking S6a to the process. Each has an Origin-Host of its own:
/// the HSS refuses a second connection from a host it already has open (RFC 6733 5.6.4).
struct TestMME {
    let identity: DiameterNodeIdentity
    let node: DiameterNode

    init(name: String = "mme-\(UUID().uuidString.prefix(8).lowercased())") {
        identity = DiameterNodeIdentity(originHost: "\(name).epc.mnc001.mcc001.3gppnetwork.org",
                                        originRealm: "epc.mnc001.mcc001.3gppnetwork.org", originStateID: 1, applications: [.s6a])
        node = DiameterNode(identity: identity, settings: DiameterPeerSettings(requestTimeout: .seconds(10)))
    }

    func air(_ imsi: String, vectors: UInt32 = 1) -> DiameterMessage {
        DiameterMessage.request(.authenticationInformation, sessionID: "\(identity.originHost);1;\(UUID().uuidString)",
                                from: identity, destinationRealm: "epc.mnc001.mcc001.3gppnetwork.org",
                                avps: [AVP(.userName, imsi),
                                       AVP(.requestedEUTRANAuthenticationInfo, [AVP(.numberOfRequestedVectors, unsigned32: vectors)]),
                                       TestHSS.plmnAVP(TestHSS.home)])
    }

    func ulr(_ imsi: String) -> DiameterMessage {
        DiameterMessage.request(.updateLocation, sessionID: "\(identity.originHost);1;\(UUID().uuidString)",
                                from: identity, destinationRealm: "epc.mnc001.mcc001.3gppnetwork.org",
                                avps: [AVP(.userName, imsi), AVP(.ratType, enumerated: 1004), AVP(.ulrFlags, unsigned32: 0x22),
                                       TestHSS.plmnAVP(TestHSS.home)])
    }
}
