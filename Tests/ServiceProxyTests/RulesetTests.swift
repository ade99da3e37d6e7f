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
        #expect(text.hasPrefix("add table inet vcore\n"))
        #expect(text.contains("add element inet vcore service-ips { 10.96.0.10 . tcp . 3868 : goto svc/vcore/hss/tcp/3868, "
                              + "10.96.0.10 . sctp . 3869 : goto svc/vcore/hss/sctp/3869 }"))
        #expect(text.contains("""
            add rule inet vcore svc/vcore/hss/tcp/3868 numgen random mod 2 0 goto ep/vcore/hss/tcp/3868/10.88.0.5
            add rule inet vcore svc/vcore/hss/tcp/3868 goto ep/vcore/hss/tcp/3868/10.88.0.6
            """))
        #expect(text.contains("add rule inet vcore ep/vcore/hss/sctp/3869/10.88.0.6 meta l4proto sctp dnat ip to 10.88.0.6:3868"))
        #expect(text.contains("add rule inet vcore ep/vcore/hss/tcp/3868/10.88.0.5 ip saddr 10.88.0.5 jump mark-for-masquerade"))
        #expect(text.contains("add chain inet vcore nat-prerouting { type nat hook prerouting priority dstnat; policy accept; }"))
        #expect(text.contains("add chain inet vcore nat-output { type nat hook output priority -100; policy accept; }"))
        #expect(!text.contains("svc/vcore/hss/tcp/3868 jump mark-for-masquerade"))
    }

    @Test(arguments: 1...4)
    func everyEndpointIsPickedWithEqualChances(_ count: Int) {
        let endpoints = (1...count).map { IPAddress("10.88.0.\($0)")! }
        let service = ServiceRules(namespace: "vcore", name: "sgw", clusterIP: IPAddress("10.96.0.12"),
                                   ports: [ProxyPort(.udp, port: 2123)], endpoints: endpoints)
        let picks = Ruleset().render([service]).split(separator: "\n")
            .filter { $0.hasPrefix("add rule inet vcore svc/vcore/sgw/udp/2123 ") }
            .map { String($0.dropFirst("add rule inet vcore svc/vcore/sgw/udp/2123 ".count)) }
        // Endpoint i of N is taken with 1/(N-i) of what the ones before it left: 1/N each.
        let expected = endpoints.enumerated().map { index, endpoint in
            let remaining = count - index
            return (remaining == 1 ? "" : "numgen random mod \(remaining) 0 ") + "goto ep/vcore/sgw/udp/2123/\(endpoint)"
        }
        #expect(picks == expected)
    }

    @Test func masqueradeAllMarksEveryServiceConnection() {
        let text = Ruleset(masqueradeAll: true).render([hss])
        #expect(text.contains("""
            add rule inet vcore svc/vcore/hss/tcp/3868 jump mark-for-masquerade
            add rule inet vcore svc/vcore/hss/tcp/3868 numgen
            """))
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
        #expect(!text.contains("add element inet vcore service-ips "))
        #expect(text.contains("add element inet vcore cluster-ips { 10.96.0.11 }"))
        #expect(text.contains("add rule inet vcore filter-forward ip daddr 10.96.0.0/16 reject"))
    }

    @Test func ipv6ServicesGoToTheirOwnMapWithBracketedTargets() {
        let service = ServiceRules(namespace: "vcore", name: "dns", clusterIP: IPAddress("fd00:96::a"),
                                   ports: [ProxyPort(.udp, port: 53)], endpoints: [IPAddress("fd00:88::5")!, IPAddress("10.88.0.5")!])
        let text = Ruleset().render([service])
        #expect(text.contains("add element inet vcore service-ips6 { fd00:96::a . udp . 53 : goto svc/vcore/dns/udp/53 }"))
        #expect(text.contains("dnat ip6 to [fd00:88::5]:53"))
        // The IPv4 endpoint cannot serve an IPv6 ClusterIP, so there is one endpoint and no draw.
        #expect(text.contains("add rule inet vcore svc/vcore/dns/udp/53 goto ep/vcore/dns/udp/53/fd00_88__5\n"))
        #expect(!text.contains("numgen"))
    }

    /// An update changes the table in place: the table and its hooked chains stay, every chain is
    /// emptied and refilled in the same transaction, and chains no longer wanted are emptied
    /// before any is deleted. Endpoints are picked by rules, never by a lookup in an anonymous map.
    @Test func anUpdateKeepsTheTableAndItsHooksAndDeletesOnlyStaleChains() throws {
        let ruleset = Ruleset(table: "vcore")
        let before = Set(ruleset.render([hss]).split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("add chain inet vcore ") else { return nil }
            return String(line.dropFirst("add chain inet vcore ".count).prefix { $0 != " " })
        })
        #expect(before.contains("ep/vcore/hss/tcp/3868/10.88.0.6"))
        var onlyOne = hss
        onlyOne.endpoints = [IPAddress("10.88.0.5")!]
        let text = ruleset.render([onlyOne], existingChains: before.union(["left/over"]))
        let lines = text.split(separator: "\n").map(String.init)

        #expect(!text.contains("delete table"))
        #expect(!text.contains("vmap {"))
        let deleted = lines.filter { $0.hasPrefix("delete ") }
        #expect(deleted == ["delete chain inet vcore ep/vcore/hss/sctp/3869/10.88.0.6", "delete chain inet vcore ep/vcore/hss/tcp/3868/10.88.0.6",
                            "delete chain inet vcore left/over"])
        let firstRule = try #require(lines.firstIndex { $0.hasPrefix("add rule ") })
        for chain in ["nat-prerouting", "filter-forward", "svc/vcore/hss/tcp/3868", "ep/vcore/hss/tcp/3868/10.88.0.6", "left/over"] {
            let flush = try #require(lines.firstIndex(of: "flush chain inet vcore \(chain)"))
            #expect(flush < firstRule)
        }
        let lastFlush = try #require(lines.lastIndex { $0.hasPrefix("flush ") })
        let firstDelete = try #require(lines.firstIndex { $0.hasPrefix("delete ") })
        #expect(lastFlush < firstDelete)
        #expect(lines.contains("flush map inet vcore service-ips"))
        #expect(lines.contains("flush set inet vcore cluster-ips"))
        #expect(lines.contains("add rule inet vcore svc/vcore/hss/tcp/3868 goto ep/vcore/hss/tcp/3868/10.88.0.5"))
    }
}
