import CoreMetrics
import Foundation
@testable import MMEKit
import Testing
import Wire

/// The configuration: defaults, and validation that names the field that is wrong.
@Suite struct ConfigurationTests {
    @Test func defaultsFollowTheSpecifications() throws {
        let settings = try TestNetwork.configuration.resolved()
        #expect(settings.t3412 == 3240)
        #expect(settings.t3450 == .seconds(6) && settings.t3460 == .seconds(6) && settings.t3470 == .seconds(6))
        #expect(settings.t3422 == .seconds(6) && settings.t3489 == .seconds(4))
        #expect(settings.s11Timeout == .seconds(3) && settings.s11Retries == 2)
        #expect(settings.s6aTimeout == .seconds(3) && settings.s6aRetries == 2)
        #expect(settings.relativeCapacity == 127)
        #expect(settings.trackingAreas.map(\.tac) == [1, 2, 3])
        #expect(settings.integrityPreference == [.eia2, .eia1])
        #expect(settings.cipheringPreference == [.eea2, .eea0])
        #expect(settings.s11Address == .v4(IPv4Address(10, 0, 1, 10)))
    }

    @Test func decodesFromJSONAsTheYAMLLoaderHandsItOver() throws {
        let json = """
        {"name": "mme-1", "plmns": [{"mcc": "001", "mnc": "01", "tacs": [1]}], "mmeGroupID": 1, "mmeCode": 2,
         "s1ap": {"bind": ["10.0.0.1"]}, "s11": {"address": "10.0.1.1"},
         "s6a": {"hss": "hss", "originHost": "mme.local", "originRealm": "local", "destinationRealm": "local"},
         "sgw": {"name": "sgw"}, "pgw": {"name": "pgw"}, "timers": {"t3412": 600, "t3450": 2.5}}
        """
        let configuration = try JSONDecoder().decode(MMEConfiguration.self, from: Data(json.utf8))
        let settings = try configuration.resolved()
        #expect(settings.t3412 == 600)
        #expect(settings.t3450 == .milliseconds(2500))
        #expect(settings.mmeCode == 2)
    }

    @Test(arguments: [
        ("plmns[0]", { @Sendable (c: inout MMEConfiguration) in c.plmns[0].mnc = "1" }),
        ("plmns", { @Sendable (c: inout MMEConfiguration) in c.plmns = [] }),
        ("plmns[0].tacs[1]", { @Sendable (c: inout MMEConfiguration) in c.plmns[0].tacs = [1, 70_000] }),
        ("plmns[0].tacs", { @Sendable (c: inout MMEConfiguration) in c.plmns[0].tacs = [] }),
        ("mmeGroupID", { @Sendable (c: inout MMEConfiguration) in c.mmeGroupID = 65_536 }),
        ("mmeCode", { @Sendable (c: inout MMEConfiguration) in c.mmeCode = -1 }),
        ("relativeCapacity", { @Sendable (c: inout MMEConfiguration) in c.relativeCapacity = 300 }),
        ("security.integrity[1]", { @Sendable (c: inout MMEConfiguration) in c.security = .init(integrity: ["EIA2", "EIA9"]) }),
        ("security.ciphering[1]", { @Sendable (c: inout MMEConfiguration) in c.security = .init(ciphering: ["EEA2", "eea2"]) }),
        ("security.integrity", { @Sendable (c: inout MMEConfiguration) in c.security = .init(integrity: []) }),
        ("s1ap.bind[0]", { @Sendable (c: inout MMEConfiguration) in c.s1ap.bind = ["not-an-address"] }),
        ("s1ap.port", { @Sendable (c: inout MMEConfiguration) in c.s1ap.port = 0 }),
        ("s11.address", { @Sendable (c: inout MMEConfiguration) in c.s11.address = "10.0.1" }),
        ("s6a.hss", { @Sendable (c: inout MMEConfiguration) in c.s6a.hss = "bad_name" }),
        ("s6a.requestTimeout", { @Sendable (c: inout MMEConfiguration) in c.s6a.requestTimeout = 0 }),
        ("sgw.name", { @Sendable (c: inout MMEConfiguration) in c.sgw.name = "" }),
        ("timers.t3460", { @Sendable (c: inout MMEConfiguration) in c.timers = .init(t3460: -1) }),
        ("timers.t3412", { @Sendable (c: inout MMEConfiguration) in c.timers = .init(t3412: 99_999) }),
        ("timers.s11Retries", { @Sendable (c: inout MMEConfiguration) in c.timers = .init(s11Retries: 11) }),
        ("networkName", { @Sendable (c: inout MMEConfiguration) in c.networkName = "" }),
        ("name", { @Sendable (c: inout MMEConfiguration) in c.name = "" }),
    ] as [(String, @Sendable (inout MMEConfiguration) -> Void)])
    func aWrongValueIsNamed(field: String, change: @Sendable (inout MMEConfiguration) -> Void) {
        var configuration = TestNetwork.configuration
        change(&configuration)
        #expect(throws: MMEConfigurationError.self) { try configuration.check() }
        do {
            try configuration.check()
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(!error.problem.isEmpty && !error.description.contains("\n"))
        }
    }

    @Test func roundRobinSpreadsNewSessionsOverTheReadySGWs() throws {
        var network = TestNetwork()
        let second = GTPPeer(address: .v4(IPv4Address(10, 0, 2, 9)))
        network.deliver(.sgwCandidates([TestSGW.peer, second]))
        var enb = network.connectENB()
        var alice = TestNetwork.subscriber()
        try network.attach(&alice, enb: &enb)
        var bob = network.secondSubscriber()
        network.sendInitial(TestUE.plain(bob.attachRequest()), ue: &bob, enb: &enb)
        try network.authenticateAndSecure(&bob, enb: enb)
        #expect(network.ueContext(alice)?.sgw == TestSGW.peer)
        #expect(network.mme.context.ues.values.contains { $0.sgw == second }, "the second session went to the other replica")
        // Alice's next PDN connection stays on her SGW.
        try network.connectPDN(&alice, enb: &enb, apn: "ims")
        #expect(network.ueContext(alice)?.pdnConnections.count == 2)
    }

    @Test func subscriberHashingKeepsASubscriberOnItsReplica() {
        let policy = SubscriberHashSGWSelection()
        let replicas = (1...4).map { GTPPeer(address: .v4(IPv4Address(10, 0, 2, UInt8($0)))) }
        let imsi = IMSI("001010000000042")!
        let chosen = policy.select(from: replicas, for: imsi)
        #expect(policy.select(from: replicas.reversed(), for: imsi) == chosen)
        // Removing another replica does not move this subscriber.
        let others = replicas.filter { $0 != chosen }
        #expect(policy.select(from: [chosen!] + others.dropFirst(), for: imsi) == chosen)
        let spread = Set((0..<64).compactMap { policy.select(from: replicas, for: IMSI("0010100000001\(String(format: "%02d", $0))")!) })
        #expect(spread.count == 4)
    }

    @Test func noReadySGWRejectsTheAttach() throws {
        var network = TestNetwork()
        network.deliver(.sgwCandidates([]))
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        network.sendInitial(TestUE.plain(ue.attachRequest()), ue: &ue, enb: &enb)
        try network.authenticateAndSecure(&ue, enb: enb)
        guard case .emm(.attachReject(let reject)) = try network.downlinkNAS(&ue, enb: enb),
              case .pdnConnectivityReject(let pdnReject)? = reject.esmMessageContainer?.message else {
            Issue.record("expected ATTACH REJECT with PDN CONNECTIVITY REJECT")
            return
        }
        #expect(pdnReject.esmCause == .serviceOptionTemporarilyOutOfOrder)
        #expect(network.logs.contains { $0.level == .error })
    }

    @Test func metricsFollowTheStatistics() throws {
        let recorder = RecordingMetrics()
        var metrics = MMEMetrics(factory: recorder)
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &enb)
        metrics.publish(network.mme)
        #expect(recorder.value("mme_enbs") == 1)
        #expect(recorder.value("mme_ues", ("state", "registered")) == 1)
        #expect(recorder.value("mme_ues", ("state", "connected")) == 1)
        #expect(recorder.value("mme_sessions") == 1)
        #expect(recorder.value("mme_attach_attempts_total") == 1)
        #expect(recorder.value("mme_attach_successes_total") == 1)
        try network.goIdle(&ue, enb: enb)
        network.sendUplink(TestUE.plain(SecurityEnforcementTests.switchOff), ue: ue, enb: enb)
        metrics.publish(network.mme)
        metrics.publish(network.mme)
        #expect(recorder.value("mme_ues", ("state", "idle")) == 1)
        #expect(recorder.value("mme_attach_successes_total") == 1, "published twice, counted once")
        #expect(recorder.value("mme_error_indications_sent_total") == 1)
    }
}

/// A swift-metrics factory that keeps the last value of each gauge and the sum of each counter.
final class RecordingMetrics: MetricsFactory, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Double] = [:]

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: ",")
    }

    func value(_ label: String, _ dimensions: (String, String)...) -> Double? {
        lock.withLock { values[Self.key(label, dimensions)] }
    }

    fileprivate func update(_ key: String, _ change: (Double) -> Double) {
        lock.withLock { values[key] = change(values[key] ?? 0) }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(owner: self, key: Self.key(label, dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(owner: self, key: Self.key(label, dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(owner: self, key: Self.key(label, dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    final class Handler: CounterHandler, RecorderHandler, TimerHandler, @unchecked Sendable {
        let owner: RecordingMetrics
        let key: String
        init(owner: RecordingMetrics, key: String) {
            self.owner = owner
            self.key = key
        }

        func increment(by amount: Int64) { owner.update(key) { $0 + Double(amount) } }
        func reset() { owner.update(key) { _ in 0 } }
        func record(_ value: Int64) { owner.update(key) { _ in Double(value) } }
        func record(_ value: Double) { owner.update(key) { _ in value } }
        func recordNanoseconds(_ duration: Int64) { owner.update(key) { _ in Double(duration) } }
    }
}
