import Testing
import Foundation
import Prometheus
import StrictCoding
@testable import NFKit

struct ExampleConfiguration: NFConfiguration {
    struct Listener: Codable, Sendable {
        var bind: String
        var port: Int
    }

    var name: String
    var s11: Listener
    var plmns: [String]

    func validate() throws(FieldError) {
        try Check.ipAddress(s11.bind, "s11.bind")
        try Check.port(s11.port, "s11.port")
        try Check.notEmpty(plmns, "plmns")
    }
}

@Suite struct ConfigurationTests {
    func refusal(_ text: String) -> String? {
        do {
            _ = try ConfigurationLoader.parse(ExampleConfiguration.self, text: text, path: "sgw.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aGoodFileLoads() throws {
        let configuration = try ConfigurationLoader.parse(ExampleConfiguration.self, text: "name: sgw\ns11: {bind: 10.0.0.2, port: 2123}\nplmns: ['00101']\n")
        #expect(configuration.s11.port == 2123)
    }

    @Test func everyProblemIsOneLineNamingTheField() {
        #expect(refusal("name: sgw\ns11: {bind: 10.0.0.2, port: 2123}\nplmns: ['00101']\nextra: 1\n") == "sgw.yaml: extra: unknown field")
        #expect(refusal("name: sgw\ns11: {bind: 10.0.0.2, prot: 2123}\nplmns: ['00101']\n") == "sgw.yaml: s11.port: required field missing")
        #expect(refusal("name: sgw\ns11: {bind: 10.0.0.2, port: x}\nplmns: ['00101']\n") == "sgw.yaml: s11.port: wrong type, expected a number")
        #expect(refusal("name: sgw\ns11: {bind: ten, port: 2123}\nplmns: ['00101']\n") == "sgw.yaml: s11.bind: \"ten\" is not an IP address")
        #expect(refusal("name: sgw\ns11: {bind: 10.0.0.2, port: 70000}\nplmns: ['00101']\n") == "sgw.yaml: s11.port: 70000 is not a port (1-65535)")
        #expect(refusal("name: sgw\ns11: {bind: 10.0.0.2, port: 1}\nplmns: []\n") == "sgw.yaml: plmns: must not be empty")
        #expect(refusal("name: [")?.hasPrefix("sgw.yaml: document 1 is not valid YAML") == true)
    }

    @Test func aMissingFileSaysSo() {
        do {
            _ = try ConfigurationLoader.load(ExampleConfiguration.self, path: "/nonexistent/sgw.yaml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/sgw.yaml: cannot read"))
        }
    }

    @Test func hostNamesAndPLMNs() throws {
        #expect(throws: Never.self) { try Check.hostName("sgw.vcore.svc.cluster.local", "peer") }
        #expect(throws: FieldError.self) { try Check.hostName("-bad-.example", "peer") }
        #expect(try Check.plmn(mcc: "001", mnc: "01", "plmn").description == "001-01")
        #expect(throws: FieldError.self) { _ = try Check.plmn(mcc: "1", mnc: "01", "plmn") }
    }
}

@Suite struct ObservabilityTests {
    @Test func readinessAndMetrics() throws {
        let registry = PrometheusCollectorRegistry()
        let health = HealthState()
        let server = ObservabilityServer(port: 0, registry: registry, health: health)
        #expect(server.answer("/readyz").0 == .serviceUnavailable)
        #expect(server.answer("/readyz").1.contains("starting"))
        health.started()
        health.set("s11", notReadyBecause: "no SGW resolved")
        #expect(server.answer("/readyz").1 == "s11: no SGW resolved\n")
        health.set("s11", notReadyBecause: nil)
        #expect(server.answer("/readyz").0 == .ok)
        #expect(server.answer("/healthz").0 == .ok)
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "vcore", metricName: "attach_attempts", unitName: "total", helpText: "Attach attempts.")).increment(by: Int64(3))
        #expect(server.answer("/metrics").1.contains("vcore_attach_attempts_total 3"))
    }
}

@Suite struct SharedChecksTests {
    struct Logged: LogLevelSetting {
        var logLevel: String?
    }

    @Test(arguments: ["sgi0", "net1", "eth0.100", "ran_0-b", "fifteen-octets0"])
    func interfaceNamesPass(name: String) throws {
        try Check.interfaceName(name, "sgi.device")
    }

    @Test(arguments: ["", "sixteen-octets-0", "a/b", "a b", "a:b"])
    func otherNamesAreRefusedNamingTheField(name: String) {
        let error = #expect(throws: FieldError.self) { try Check.interfaceName(name, "sgi.interface") }
        #expect(error == FieldError(field: "sgi.interface", problem: "\"\(name)\" is not an interface name (1-15 letters, digits, - _ .)"))
    }

    @Test func anExpansionNamesOnlyWhatTheCheckCallsAnInterface() throws {
        #expect(try EnvironmentExpansion.expand("x: ${interface:eth0@if5}\n", environment: [:]) { _ in "1.2.3.4" } == "x: ${interface:eth0@if5}\n")
        #expect(try EnvironmentExpansion.expand("x: ${interface:eth0.100}\n", environment: [:]) { _ in "1.2.3.4" } == "x: 1.2.3.4\n")
    }

    @Test func logLevels() throws {
        try Check.logLevel("debug", "logLevel")
        let error = #expect(throws: FieldError.self) { try Check.logLevel("loud", "logLevel") }
        #expect(error == FieldError(field: "logLevel", problem: "\"loud\" is not trace, debug, info, notice, warning, error or critical"))
        #expect(Logged(logLevel: nil).level == .info)
        #expect(Logged(logLevel: "critical").level == .critical)
    }
}

@Suite struct CounterPublisherTests {
    struct Statistics {
        var created = 0
        var deleted = 0
    }

    @Test func eachPublishAdvancesACounterByWhatItsFieldGained() {
        let registry = PrometheusCollectorRegistry()
        let metrics = ObservabilityServer(port: 0, registry: registry, health: HealthState())
        var publisher = CounterPublisher<Statistics>([("test_created_total", \.created), ("test_deleted_total", \.deleted)],
                                                     factory: PrometheusMetricsFactory(registry: registry))
        publisher.publish(Statistics(created: 3, deleted: 0))
        publisher.publish(Statistics(created: 5, deleted: 1))
        let text = metrics.answer("/metrics").1
        #expect(text.contains("test_created_total 5"))
        #expect(text.contains("test_deleted_total 1"))
    }
}

// Stopping and re-arming happen before any await, so they take effect however slowly the timer
// tasks get to run on a loaded machine.
@Suite struct InboxTimersTests {
    @Test(.timeLimit(.minutes(1)))
    func aTimerFiresOnceUnlessStoppedAndReArmingReplacesIt() async {
        let (expiries, continuation) = AsyncStream.makeStream(of: String.self)
        var timers = InboxTimers<String> { continuation.yield($0) }
        timers.start("stopped", after: .milliseconds(20))
        timers.start("re-armed", after: .seconds(3600))
        timers.start("fires", after: .milliseconds(20))
        timers.stop("stopped")
        timers.start("re-armed", after: .milliseconds(40))
        var fired: [String] = []
        for await timer in expiries {
            fired.append(timer)
            if fired.count == 2 { continuation.finish() }
        }
        #expect(fired.sorted() == ["fires", "re-armed"])
    }

    @Test func stopAllDisarmsEveryTimer() async {
        let (expiries, continuation) = AsyncStream.makeStream(of: String.self)
        var timers = InboxTimers<String> { continuation.yield($0) }
        timers.start("a", after: .milliseconds(20))
        timers.start("b", after: .milliseconds(30))
        timers.stopAll()
        try? await Task.sleep(for: .milliseconds(200))
        continuation.finish()
        #expect(await expiries.reduce(into: []) { $0.append($1) } == [String]())
    }
}
