import Testing
import Wire
@testable import ServiceProxy

@Suite struct StaleFlowsTests {
    static let listing = """
        udp      17 29 src=10.1.0.20 dst=10.96.0.10 sport=40001 dport=53 src=10.1.0.5 dst=10.1.0.20 sport=5353 dport=40001 mark=0 use=1
        udp      17 27 src=10.1.0.20 dst=10.96.0.10 sport=40002 dport=53 [UNREPLIED] src=10.1.0.6 dst=10.1.0.20 sport=5353 dport=40002 mark=0 use=1
        udp      17 25 src=10.1.0.21 dst=10.96.0.10 sport=40003 dport=53 src=10.96.0.10 dst=10.1.0.21 sport=53 dport=40003 mark=0 use=1
        tcp      6 119 TIME_WAIT src=10.1.0.20 dst=10.96.0.10 sport=34856 dport=53 src=10.1.0.6 dst=10.1.0.20 sport=5353 dport=34856 [ASSURED] mark=0 use=1
        sctp     132 3 ESTABLISHED src=10.1.0.20 dst=10.96.0.11 sport=36412 dport=36412 src=10.1.0.9 dst=10.1.0.20 sport=36412 dport=36412 [ASSURED] mark=0 use=1
        udp      17 29 src=10.1.0.20 dst=8.8.8.8 sport=40004 dport=53 src=8.8.8.8 dst=192.0.2.2 sport=53 dport=40004 mark=0 use=1
        conntrack v1.4.7 (conntrack-tools): 6 flow entries have been shown.
        """
    static let flows = listing.split(separator: "\n").compactMap(TrackedFlow.init(line:))

    @Test func linesAsConntrackListsThem() throws {
        #expect(Self.flows.count == 6)
        let first = try #require(Self.flows.first)
        #expect(first.transport == .udp)
        #expect(first.original == .init(source: IPAddress("10.1.0.20")!, destination: IPAddress("10.96.0.10")!, sourcePort: 40001, destinationPort: 53))
        #expect(first.reply.source == IPAddress("10.1.0.5") && first.reply.sourcePort == 5353)
        #expect(Self.flows[4].transport == .sctp && Self.flows[4].reply.source == IPAddress("10.1.0.9"))
        #expect(first.deleteArguments == ["-D", "-f", "ipv4", "-p", "udp", "-s", "10.1.0.20", "-d", "10.96.0.10",
                                          "--sport", "40001", "--dport", "53"])
    }

    /// Flows NATed to an endpoint that is no longer one of the Service port's, or to none at all,
    /// are stale; TCP, other destinations and flows still on an endpoint are left alone.
    @Test func flowsWhoseEndpointLeftAreStale() {
        let dns = ServiceRules(namespace: "kube-system", name: "dns", clusterIP: IPAddress("10.96.0.10"),
                               ports: [ProxyPort(.udp, port: 53, targetPort: 5353), ProxyPort(.tcp, port: 53, targetPort: 5353)],
                               endpoints: [IPAddress("10.1.0.5")!])
        let mme = ServiceRules(namespace: "vcore", name: "mme", clusterIP: IPAddress("10.96.0.11"), ports: [ProxyPort(.sctp, port: 36412)],
                               endpoints: [IPAddress("10.1.0.9")!])
        let stale = TrackedFlow.stale(Self.flows, services: [dns, mme])
        #expect(stale.map(\.original.sourcePort) == [40002, 40003], "to 10.1.0.6, which left; and NATed to nothing")
        var moved = mme
        moved.endpoints = [IPAddress("10.1.0.10")!]
        #expect(TrackedFlow.stale(Self.flows, services: [dns, moved]).map(\.original.sourcePort) == [40002, 40003, 36412])
        var sameAddressOtherPort = dns
        sameAddressOtherPort.ports = [ProxyPort(.udp, port: 53, targetPort: 53)]
        #expect(TrackedFlow.stale(Self.flows, services: [sameAddressOtherPort]).map(\.original.sourcePort) == [40001, 40002, 40003])
    }
}
