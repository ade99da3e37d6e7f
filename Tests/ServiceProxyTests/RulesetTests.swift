import Testing
import Wire
@testable import ServiceProxy

@Suite struct RulesetTests {
    let hss = ServiceRules(
        namespace: "vcore", name: "hss", clusterIP: IPAddress("10.96.0.10"),
        ports: [ProxyPort(name: "diameter", .tcp, port: 3868), ProxyPort(.sctp, port: 3869, targetPort: 3868)],
        endpoints: [IPAddress("10.88.0.5")!, IPAddress("10.88.0.6")!])

    @Test func eachServicePortPicksAnEndpointChainAtRandom() {
        let text = Ruleset(table: "vcore").render([hss])
        #expect(text.hasPrefix("table inet vcore\ndelete table inet vcore\ntable inet vcore {\n"))
        #expect(text.contains("10.96.0.10 . tcp . 3868 : goto svc/vcore/hss/tcp/3868"))
        #expect(text.contains("10.96.0.10 . sctp . 3869 : goto svc/vcore/hss/sctp/3869"))
        #expect(text.contains("numgen random mod 2 vmap { 0 : goto ep/vcore/hss/tcp/3868/10.88.0.5, 1 : goto ep/vcore/hss/tcp/3868/10.88.0.6 }"))
        #expect(text.contains("meta l4proto sctp dnat ip to 10.88.0.6:3868"))
        #expect(text.contains("ip saddr 10.88.0.5 jump mark-for-masquerade"))
        #expect(text.contains("type nat hook prerouting priority dstnat"))
        #expect(text.contains("type nat hook output priority -100"))
        #expect(!text.contains("svc/vcore/hss/tcp/3868 {\n        jump mark-for-masquerade"))
    }

    @Test func masqueradeAllMarksEveryServiceConnection() {
        let text = Ruleset(masqueradeAll: true).render([hss])
        #expect(text.contains("chain svc/vcore/hss/tcp/3868 {\n        jump mark-for-masquerade\n        numgen"))
    }

    @Test func headlessServicesGetNoRulesAndEndpointlessOnesAreRejected() {
        let headless = ServiceRules(namespace: "vcore", name: "sgw", clusterIP: nil, ports: [ProxyPort(.udp, port: 2123)],
                                    endpoints: [IPAddress("10.88.0.7")!])
        let empty = ServiceRules(namespace: "vcore", name: "pcrf", clusterIP: IPAddress("10.96.0.11"),
                                 ports: [ProxyPort(.tcp, port: 3868)], endpoints: [])
        let text = Ruleset(serviceCIDRs: ["10.96.0.0/16"]).render([headless, empty])
        #expect(!text.contains("sgw"))
        #expect(!text.contains("10.88.0.7"))
        #expect(!text.contains("svc/vcore/pcrf"))
        #expect(text.contains("elements = { 10.96.0.11 }"))
        #expect(text.contains("ip daddr 10.96.0.0/16 reject"))
    }

    @Test func ipv6ServicesGoToTheirOwnMapWithBracketedTargets() {
        let service = ServiceRules(namespace: "vcore", name: "dns", clusterIP: IPAddress("fd00:96::a"),
                                   ports: [ProxyPort(.udp, port: 53)], endpoints: [IPAddress("fd00:88::5")!, IPAddress("10.88.0.5")!])
        let text = Ruleset().render([service])
        #expect(text.contains("fd00:96::a . udp . 53 : goto svc/vcore/dns/udp/53"))
        #expect(text.contains("dnat ip6 to [fd00:88::5]:53"))
        #expect(text.contains("numgen random mod 1"))  // the IPv4 endpoint cannot serve an IPv6 ClusterIP
        #expect(text.contains("goto ep/vcore/dns/udp/53/fd00_88__5"))
    }
}
