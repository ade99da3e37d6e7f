import NFKit
@testable import sgw
import SGWKit
import Testing
import UserPlane
import Wire

/// The sgw executable's own pieces, without starting it: how the SGW's user-plane rules become
/// the forwarding loops' changes, and its one flat configuration file.
struct SGWExecutablePartsTests {
    static let pgw = FTEID(interfaceType: .s5s8PGWGTPU, teid: 0x7002, ipv4: IPv4Address(10, 0, 3, 1))
    static let enb = FTEID(interfaceType: .s1uENodeBGTPU, teid: 0x51, ipv4: IPv4Address(10, 0, 0, 2))

    static func forwarding(_ downlink: SGWBearerForwarding.Downlink, pgw: FTEID = pgw) -> SGWBearerForwarding {
        SGWBearerForwarding(s1uTEID: 0x11, s5uTEID: 0x12, pgw: pgw, downlink: downlink)
    }

    static func installed(_ rule: SGWUserPlaneRule) -> SGWBearerRule? {
        guard case .success(.install(let bearer)) = UserPlaneRules.change(for: rule) else { return nil }
        return bearer
    }

    @Test func forwardingBecomesABearerRuleWithTheENBEndOnlyWhenForwarding() throws {
        let connected = try #require(Self.installed(.install(Self.forwarding(.forward(Self.enb)))))
        #expect(connected.s1uTEID == 0x11 && connected.s5uTEID == 0x12)
        #expect(connected.pgw == TunnelEndpoint(address: IPv4Endpoint("10.0.3.1", port: 2152)!, teid: 0x7002))
        #expect(connected.enb == TunnelEndpoint(address: IPv4Endpoint("10.0.0.2", port: 2152)!, teid: 0x51))
        #expect(try #require(Self.installed(.modify(Self.forwarding(.buffer)))).enb == nil, "idle: the loop buffers")
        #expect(try #require(Self.installed(.modify(Self.forwarding(.drop)))).enb == nil, "being set up: no eNB end yet")
    }

    @Test func theOtherRulesMapOneToOneAndDeliveryNeedsNoChange() {
        guard case .success(.remove(0x11, 0x12)) = UserPlaneRules.change(for: .remove(s1uTEID: 0x11, s5uTEID: 0x12)) else {
            Issue.record("remove")
            return
        }
        guard case .success(.endMarker(let old)) = UserPlaneRules.change(for: .endMarker(Self.enb)) else {
            Issue.record("endMarker")
            return
        }
        #expect(old.teid == 0x51 && old.address.port == 2152)
        guard case .success(.discardBuffered(0x12)) = UserPlaneRules.change(for: .discardBuffered(s5uTEID: 0x12)) else {
            Issue.record("discardBuffered")
            return
        }
        #expect(UserPlaneRules.change(for: .deliverBuffered(s5uTEID: 0x12)) == nil, "the loop delivers when the eNB end comes back")
    }

    @Test func anFTEIDWithoutIPv4IsRefusedNotGuessed() {
        let ipv6Only = FTEID(interfaceType: .s5s8PGWGTPU, teid: 7, ipv6: IPv6Address("2001:db8::1"))
        guard case .failure(let unreachable) = UserPlaneRules.change(for: .install(Self.forwarding(.buffer, pgw: ipv6Only))) else {
            Issue.record("an IPv6-only PGW F-TEID must not become a rule")
            return
        }
        #expect(unreachable.description.contains("no IPv4 address"))
    }

    @Test func executableFieldsShareTheTopLevelWithSGWKitsFields() throws {
        let text = ConfigurationProcessTests.valid + """

            observability: {port: 9191}
            discovery: {refreshSeconds: 2}
            userPlane: {bufferPacketsPerBearer: 8, bufferPacketsInAll: 100}
            logLevel: debug
            """
        let configuration = try ConfigurationLoader.parse(SGWFileConfiguration.self, text: text)
        #expect(configuration.sgw.s5u.address == "127.0.0.72")
        #expect(configuration.observabilityPort == 9191)
        #expect(configuration.refreshInterval == .seconds(2))
        #expect(configuration.bufferLimit.packetsPerBearer == 8 && configuration.bufferLimit.packetsInAll == 100)
        #expect(configuration.level == .debug)
        #expect(try configuration.userPlaneEndpoint(configuration.sgw.s1u, "s1u") == IPv4Endpoint("127.0.0.71", port: 2152)!)
    }
}
