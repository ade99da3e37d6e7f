import Wire

/// Renders Services as nftables rules in the shape kube-proxy's nftables mode uses: a verdict map
/// from `ClusterIP . protocol . port` to a chain per Service port, which picks an endpoint chain at
/// random (once per connection: NAT chains only see a connection's first packet, conntrack does
/// the rest), which DNATs to `podIP:targetPort`.
///
/// `render` gives one `nft -f` transaction that brings the table to exactly these Services in
/// place, so a connection opened while it commits is DNATed by the old rules or the new ones.
/// Two things a transaction's atomicity alone does not give, both seen here as a connection
/// refused while the rules changed (its SYN left prerouting still addressed to the ClusterIP):
/// - The table is never deleted and re-created, nor are its base chains: a re-created NAT chain
///   is a second hook, and a packet that walks the new chain just before the commit (no rules
///   yet) and the old one just after (no rules any more) gets no NAT at all.
/// - A packet walks a chain in the generation it entered it in, but every set or map lookup sees
///   the generation current at that instant, and a deleted rule's anonymous map loses its
///   elements at the commit. So endpoints are picked by rules (`numgen random mod N-i` per
///   endpoint i), not by a `numgen ... vmap { ... }` that the old rule could look up after the
///   commit and miss. The named maps are flushed and refilled in the same transaction: an
///   unchanged key then has exactly one live element in either generation, pointing at the same
///   chain.
public struct Ruleset: Sendable {
    public var table: String
    /// Service CIDRs: traffic to an address in them that no Service port matched is rejected, so
    /// it never leaves the node.
    public var serviceCIDRs: [String]
    /// Masquerade every connection to a Service, not only a pod reaching itself (hairpin); needed
    /// when bridged traffic bypasses netfilter (`bridge-nf-call-iptables` = 0), since the reply
    /// from a pod on the same bridge would otherwise skip the reverse NAT.
    public var masqueradeAll: Bool
    public var masqueradeMark: UInt32

    public init(table: String = "vcore", serviceCIDRs: [String] = [], masqueradeAll: Bool = false,
                masqueradeMark: UInt32 = 0x4000) {
        self.table = table
        self.serviceCIDRs = serviceCIDRs
        self.masqueradeAll = masqueradeAll
        self.masqueradeMark = masqueradeMark
    }

    /// A chain and the rules it holds; a base chain also has its hook.
    struct Chain {
        var name: String
        var hook: String?
        var rules: [String]
    }

    /// The transaction that makes the table hold rules for exactly these Services.
    /// `existingChains` are the chains the table has now: those not wanted any more are deleted.
    public func render(_ services: [ServiceRules], existingChains: Set<String> = []) -> String {
        var v4Elements: [String] = [], v6Elements: [String] = []
        var v4ClusterIPs = Set<String>(), v6ClusterIPs = Set<String>()
        var serviceChains: [Chain] = []

        for service in services.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            guard let clusterIP = service.clusterIP else { continue }  // headless
            let isV6: Bool
            switch clusterIP {
            case .v4: isV6 = false; v4ClusterIPs.insert(clusterIP.description)
            case .v6: isV6 = true; v6ClusterIPs.insert(clusterIP.description)
            }
            var seen = Set<IPAddress>()
            let endpoints = service.endpoints.filter { ($0.byteCount == 16) == isV6 && seen.insert($0).inserted }
            guard !endpoints.isEmpty else { continue }  // rejected by the filter chains
            for port in service.ports {
                let serviceChain = Self.chainName("svc", service.namespace, service.name, port.transport.rawValue, "\(port.port)")
                let element = "\(clusterIP) . \(port.transport.rawValue) . \(port.port) : goto \(serviceChain)"
                if isV6 { v6Elements.append(element) } else { v4Elements.append(element) }
                serviceChains += servicePortChains(serviceChain, service: service, port: port, endpoints: endpoints, isV6: isV6)
            }
        }

        let mark = "0x" + String(masqueradeMark, radix: 16)
        // Whatever still goes to a ClusterIP after DNAT found no endpoint or no such port.
        var rejects = [
            "ip daddr @cluster-ips meta l4proto tcp reject with tcp reset",
            "ip daddr @cluster-ips reject",
            "ip6 daddr @cluster-ips6 meta l4proto tcp reject with tcp reset",
            "ip6 daddr @cluster-ips6 reject",
        ]
        for cidr in serviceCIDRs {
            rejects.append("\(cidr.contains(":") ? "ip6" : "ip") daddr \(cidr) reject")
        }
        let chains = [
            Chain(name: "nat-prerouting", hook: "type nat hook prerouting priority dstnat; policy accept;", rules: ["jump services"]),
            Chain(name: "nat-output", hook: "type nat hook output priority -100; policy accept;", rules: ["jump services"]),
            Chain(name: "nat-postrouting", hook: "type nat hook postrouting priority srcnat; policy accept;", rules: ["jump masquerading"]),
            Chain(name: "filter-forward", hook: "type filter hook forward priority filter; policy accept;", rules: rejects),
            Chain(name: "filter-output", hook: "type filter hook output priority filter; policy accept;", rules: rejects),
            Chain(name: "services", rules: [
                "ip daddr . meta l4proto . th dport vmap @service-ips",
                "ip6 daddr . meta l4proto . th dport vmap @service-ips6",
            ]),
            Chain(name: "masquerading", rules: [
                "meta mark & \(mark) == 0 return",
                "meta mark set meta mark ^ \(mark)",
                "masquerade fully-random",
            ]),
            Chain(name: "mark-for-masquerade", rules: ["meta mark set meta mark | \(mark)"]),
        ] + serviceChains
        let wanted = Set(chains.map(\.name))
        let stale = existingChains.subtracting(wanted).sorted()

        // Declare (a no-op for what exists), empty, refill, then drop what is no longer wanted:
        // stale chains are emptied before any is deleted, so none still holds a jump to another.
        let target = "inet \(table)"
        var lines = [
            "add table \(target)",
            "add map \(target) service-ips { type ipv4_addr . inet_proto . inet_service : verdict; }",
            "add map \(target) service-ips6 { type ipv6_addr . inet_proto . inet_service : verdict; }",
            "add set \(target) cluster-ips { type ipv4_addr; }",
            "add set \(target) cluster-ips6 { type ipv6_addr; }",
        ]
        lines += chains.map { chain in "add chain \(target) \(chain.name)" + (chain.hook.map { " { \($0) }" } ?? "") }
        lines += (chains.map(\.name) + stale).map { "flush chain \(target) \($0)" }
        lines += ["flush map \(target) service-ips", "flush map \(target) service-ips6",
                  "flush set \(target) cluster-ips", "flush set \(target) cluster-ips6"]
        lines += chains.flatMap { chain in chain.rules.map { "add rule \(target) \(chain.name) \($0)" } }
        lines += Self.elements(target, "service-ips", v4Elements) + Self.elements(target, "service-ips6", v6Elements)
        lines += Self.elements(target, "cluster-ips", v4ClusterIPs.sorted())
        lines += Self.elements(target, "cluster-ips6", v6ClusterIPs.sorted())
        lines += stale.map { "delete chain \(target) \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Service port's chain, which picks one of the endpoint chains with equal chances (endpoint
    /// i of N with `numgen random mod (N-i)`, the last one always), and the endpoint chains.
    private func servicePortChains(_ serviceChain: String, service: ServiceRules, port: ProxyPort,
                                   endpoints: [IPAddress], isV6: Bool) -> [Chain] {
        let family = isV6 ? "ip6" : "ip"
        var serviceRules: [String] = masqueradeAll ? ["jump mark-for-masquerade"] : []
        var endpointChains: [Chain] = []
        for (index, endpoint) in endpoints.enumerated() {
            let endpointChain = Self.chainName("ep", service.namespace, service.name, port.transport.rawValue,
                                               "\(port.port)", endpoint.description)
            let remaining = endpoints.count - index
            serviceRules.append(remaining == 1 ? "goto \(endpointChain)" : "numgen random mod \(remaining) 0 goto \(endpointChain)")
            let target = isV6 ? "[\(endpoint)]:\(port.targetPort)" : "\(endpoint):\(port.targetPort)"
            endpointChains.append(Chain(name: endpointChain, rules: [
                // A pod reaching itself through its Service: the reply must come back
                // through the node to be un-NATed, so the source becomes the node's.
                "\(family) saddr \(endpoint) jump mark-for-masquerade",
                "meta l4proto \(port.transport.rawValue) dnat \(family) to \(target)",
            ]))
        }
        return [Chain(name: serviceChain, rules: serviceRules)] + endpointChains
    }

    /// nft identifiers: letters, digits and `/ . _ -`; anything else (an IPv6 colon) becomes `_`.
    static func chainName(_ parts: String...) -> String {
        let text = parts.joined(separator: "/")
        return String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-".contains($0)) ? $0 : "_" })
    }

    static func elements(_ target: String, _ set: String, _ items: [String]) -> [String] {
        items.isEmpty ? [] : ["add element \(target) \(set) { \(items.joined(separator: ", ")) }"]
    }
}
