import NFKit
@testable import pgw
import PGWKit
import Testing
import UserPlane
import Wire

/// The pgw executable's own pieces, without starting it: how the PGW's user-plane rules become
/// the forwarding loops' changes, and its one flat configuration file.
struct PGWExecutablePartsTests {
    static let sgwDefault = FTEID(interfaceType: .s5s8SGWGTPU, teid: 0x5005, ipv4: IPv4Address(10, 0, 2, 5))
    static let sgwDedicated = FTEID(interfaceType: .s5s8SGWGTPU, teid: 0x5006, ipv4: IPv4Address(10, 0, 2, 5))
    static let media = PacketFilter(direction: .bidirectional, id: 1, precedence: 10,
                                    components: [.protocolIdentifier(17), .localPortRange(5000, 5010)])
    static let uplinkOnly = PacketFilter(direction: .uplink, id: 2, precedence: 11, components: [.protocolIdentifier(6)])

    static func session(sgw: FTEID = sgwDefault) -> PGWSessionRule {
        PGWSessionRule(ueAddress: IPv4Address(10, 45, 0, 2), apn: "internet", defaultEBI: 5, bearers: [
            PGWBearerForwarding(ebi: 5, s5uTEID: 0x100, sgw: sgw, packetFilters: []),
            PGWBearerForwarding(ebi: 6, s5uTEID: 0x101, sgw: sgwDedicated, packetFilters: [media, uplinkOnly]),
        ])
    }

    @Test func aSessionBecomesItsBearersWithTheDownlinkFiltersOnly() throws {
        guard case .success(.install(let address, let bearers)) = UserPlaneRules.change(for: .install(Self.session())) else {
            Issue.record("install")
            return
        }
        #expect(address == IPv4Address(10, 45, 0, 2).value)
        #expect(bearers.map(\.uplinkTEID) == [0x100, 0x101])
        #expect(bearers[0].sgw == TunnelEndpoint(address: IPv4Endpoint("10.0.2.5", port: 2152)!, teid: 0x5005))
        #expect(bearers[0].filters.isEmpty, "the default bearer takes what no filter matches")
        #expect(bearers[1].sgw.teid == 0x5006)
        #expect(bearers[1].filters == [DownlinkFilter(protocolNumber: 17, localPorts: 5000...5010, precedence: 10)],
                "the uplink-only filter is left out")
    }

    @Test func removeMapsOneToOne() {
        guard case .success(.remove(let address)) = UserPlaneRules.change(for: .remove(ueAddress: IPv4Address(10, 45, 0, 9))) else {
            Issue.record("remove")
            return
        }
        #expect(address == IPv4Address(10, 45, 0, 9).value)
    }

    @Test func anSGWFTEIDWithoutIPv4IsRefusedNotGuessed() {
        let ipv6Only = FTEID(interfaceType: .s5s8SGWGTPU, teid: 7, ipv6: IPv6Address("2001:db8::5"))
        guard case .failure(let unreachable) = UserPlaneRules.change(for: .install(Self.session(sgw: ipv6Only))) else {
            Issue.record("an IPv6-only SGW F-TEID must not become a rule")
            return
        }
        #expect(unreachable.description.contains("no IPv4 address"))
    }

    @Test func executableFieldsShareTheTopLevelWithPGWKitsFields() throws {
        let plain = try ConfigurationLoader.parse(PGWFileConfiguration.self, text: ConfigurationProcessTests.valid)
        #expect(plain.tunDevice == "sgi0")
        #expect(plain.observabilityPort == 9090)
        let text = ConfigurationProcessTests.valid + """

            sgi: {device: sgi7}
            observability: {port: 9191}
            logLevel: debug
            """
        let configuration = try ConfigurationLoader.parse(PGWFileConfiguration.self, text: text)
        #expect(configuration.pgw.apns.first?.name == "internet")
        #expect(configuration.tunDevice == "sgi7")
        #expect(configuration.observabilityPort == 9191)
        #expect(configuration.level == .debug)
        #expect(try configuration.userPlaneEndpoint == IPv4Endpoint("127.0.0.81", port: 2152)!)
    }
}
