import GatewayKit
import PGWKit
import Testing
import Wire

@Suite struct ConfigurationTests {
    static let good = PGWConfiguration(
        s5c: GTPEndpointConfiguration(address: "10.0.3.1"), s5u: GTPEndpointConfiguration(address: "10.0.3.2"),
        apns: [
            .init(name: "internet", ipv4Pool: "10.45.0.0/16", dns: ["8.8.8.8"]),
            .init(name: "ims", ipv4Pool: "10.46.0.0/16", ipv6Pool: "2001:db8:46::/48", dns: ["8.8.8.8"], pcscf: ["10.46.1.10"], policy: [
                .init(name: "voice", qci: 1, arpPriority: 2, guaranteedBitRate: .init(uplink: 128, downlink: 128),
                      filters: [.init(remoteAddress: "10.46.1.0/24", protocol: 17, localPorts: "50000-50100")]),
            ]),
        ],
        timers: GTPCTimerConfiguration(responseTimeout: 2, retries: 2))

    @Test func aGoodConfigurationResolves() throws {
        let settings = try Self.good.resolved()
        #expect(settings.apns["ims"]?.pcscf == [IPv4Address(10, 46, 1, 10)])
        #expect(settings.apns["internet"]?.pool == IPv4Prefix("10.45.0.0/16"))
        let voice = try #require(settings.apns["ims"]?.policy.first)
        #expect(voice.qos.qci == 1)
        #expect(voice.qos.guaranteedBitRateDownlink == 128)
        #expect(voice.packetFilters.first?.components == [
            .ipv4RemoteAddress(IPv4Address(10, 46, 1, 0), mask: IPv4Address(255, 255, 255, 0)), .protocolIdentifier(17),
            .localPortRange(50_000, 50_100),
        ])
        #expect(settings.timers == GTPCTimers(t3Response: .seconds(2), n3Requests: 2))
    }

    struct Mutation: Sendable, CustomStringConvertible {
        var field: String
        var apply: @Sendable (inout PGWConfiguration) -> Void
        var description: String { field }
    }

    static let mutations: [Mutation] = [
        Mutation(field: "s5c.address") { $0.s5c.address = "pgw" },
        Mutation(field: "apns[0].ipv4Pool") { $0.apns[0].ipv4Pool = "10.45.0.1/16" },
        Mutation(field: "apns[1].ipv4Pool") { $0.apns[1].ipv4Pool = "10.45.128.0/24" },
        Mutation(field: "apns[1].name") { $0.apns[1].name = "Internet" },
        Mutation(field: "apns[1].ipv6Pool") { $0.apns[1].ipv6Pool = "2001:db8:46::/96" },
        Mutation(field: "apns[1].pcscf[0]") { $0.apns[1].pcscf = ["p-cscf"] },
        Mutation(field: "apns[1].policy[0].guaranteedBitRate") { $0.apns[1].policy![0].guaranteedBitRate = nil },
        Mutation(field: "apns[1].policy[0].filters[0].localPorts") { $0.apns[1].policy![0].filters[0].localPorts = "50100-50000" },
        Mutation(field: "apns[1].policy[0].filters[0].direction") { $0.apns[1].policy![0].filters[0].direction = "sideways" },
        Mutation(field: "apns[1].policy[0].qci") { $0.apns[1].policy![0].qci = 10 },
        Mutation(field: "timers.retries") { $0.timers?.retries = 11 },
    ]

    @Test(arguments: mutations)
    func aWrongValueNamesItsField(mutation: Mutation) {
        let field = mutation.field
        var configuration = Self.good
        mutation.apply(&configuration)
        #expect(throws: GatewayConfigurationError.self) { try configuration.check() }
        do {
            try configuration.check()
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }
}
