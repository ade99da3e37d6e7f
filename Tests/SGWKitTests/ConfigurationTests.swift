import GatewayKit
import SGWKit
import Testing
import Wire

@Suite struct ConfigurationTests {
    static let good = SGWConfiguration(
        s11: GTPEndpointConfiguration(address: "10.0.2.1"), s5c: GTPEndpointConfiguration(address: "10.0.2.5"),
        s1u: GTPEndpointConfiguration(address: "10.0.2.2"), s5u: GTPEndpointConfiguration(address: "10.0.2.6", port: 2152),
        pgw: .init(name: "pgw.vcore.svc.cluster.local", apns: ["ims": "pgw-ims.vcore.svc.cluster.local"]))

    @Test func aGoodConfigurationResolvesWithTheDefaults() throws {
        let settings = try Self.good.resolved()
        #expect(settings.s11Address == .v4(IPv4Address(10, 0, 2, 1)))
        #expect(settings.s11Port == 2123)
        #expect(settings.s1uAddress == .v4(IPv4Address(10, 0, 2, 2)))
        #expect(settings.timers == GTPCTimers(t3Response: .seconds(3), n3Requests: 3))
        var slower = Self.good
        slower.timers = GTPCTimerConfiguration(echoInterval: 120)
        #expect(try slower.resolved().timers.echoInterval == .seconds(120))
    }

    struct Mutation: Sendable, CustomStringConvertible {
        var field: String
        var apply: @Sendable (inout SGWConfiguration) -> Void
        var description: String { field }
    }

    static let mutations: [Mutation] = [
        Mutation(field: "s11.address") { $0.s11.address = "mme" },
        Mutation(field: "s5c.port") { $0.s5c.port = 70_000 },
        Mutation(field: "s1u.address") { $0.s1u.address = "" },
        Mutation(field: "pgw.name") { $0.pgw.name = "" },
        Mutation(field: "pgw.apns") { $0.pgw.apns = ["ims": ""] },
        Mutation(field: "timers.responseTimeout") { $0.timers = GTPCTimerConfiguration(responseTimeout: 0) },
        Mutation(field: "timers.echoInterval") { $0.timers = GTPCTimerConfiguration(echoInterval: 10) },
    ]

    @Test(arguments: mutations)
    func aWrongValueNamesItsField(mutation: Mutation) {
        var configuration = Self.good
        mutation.apply(&configuration)
        do {
            try configuration.check()
            Issue.record("\(mutation.field) was accepted")
        } catch {
            #expect(error.field == mutation.field, "\(error)")
        }
    }
}
