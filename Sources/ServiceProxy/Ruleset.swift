import Wire

/// Renders Services as one complete nftables table, in the shape kube-proxy's nftables mode uses:
/// a verdict map from `ClusterIP . protocol . port` to a chain per Service port, which picks an
/// endpoint chain with `numgen random mod N` (once per connection: NAT chains only see a
/// connection's first packet, conntrack does the rest), which DNATs to `podIP:targetPort`.
///
/// The text begins by creating and deleting the table, so `nft -f` replaces it in one atomic
/// transaction: packets see the old rules or the new ones, never a mix.
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

    public func render(_ services: [ServiceRules]) -> String {
        var v4Elements: [String] = [], v6Elements: [String] = []
        var v4ClusterIPs = Set<String>(), v6ClusterIPs = Set<String>()
        var chains: [[String]] = []
        let mark = "0x" + String(masqueradeMark, radix: 16)

        for service in services.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            guard let clusterIP = service.clusterIP else { continue }  // headless
            let isV6: Bool
            switch clusterIP {
            case .v4: isV6 = false; v4ClusterIPs.insert(clusterIP.description)
            case .v6: isV6 = true; v6ClusterIPs.insert(clusterIP.description)
            }
            let family = isV6 ? "ip6" : "ip"
            var seen = Set<IPAddress>()
            let endpoints = service.endpoints.filter { ($0.byteCount == 16) == isV6 && seen.insert($0).inserted }
            guard !endpoints.isEmpty else { continue }  // rejected by the filter chains
            for port in service.ports {
                let serviceChain = Self.chainName("svc", service.namespace, service.name, port.transport.rawValue, "\(port.port)")
                let element = "\(clusterIP) . \(port.transport.rawValue) . \(port.port) : goto \(serviceChain)"
                if isV6 { v6Elements.append(element) } else { v4Elements.append(element) }

                var serviceRules: [String] = []
                if masqueradeAll { serviceRules.append("jump mark-for-masquerade") }
                var branches: [String] = []
                for (index, endpoint) in endpoints.enumerated() {
                    let endpointChain = Self.chainName("ep", service.namespace, service.name, port.transport.rawValue,
                                                       "\(port.port)", endpoint.description)
                    branches.append("\(index) : goto \(endpointChain)")
                    let target = isV6 ? "[\(endpoint)]:\(port.targetPort)" : "\(endpoint):\(port.targetPort)"
                    chains.append(Self.chain(endpointChain, [
                        // A pod reaching itself through its Service: the reply must come back
                        // through the node to be un-NATed, so the source becomes the node's.
                        "\(family) saddr \(endpoint) jump mark-for-masquerade",
                        "meta l4proto \(port.transport.rawValue) dnat \(family) to \(target)",
                    ]))
                }
                serviceRules.append("numgen random mod \(endpoints.count) vmap { \(branches.joined(separator: ", ")) }")
                chains.insert(Self.chain(serviceChain, serviceRules), at: chains.count - endpoints.count)
            }
        }

        var lines = ["table inet \(table)", "delete table inet \(table)", "table inet \(table) {"]
        lines += Self.block("map service-ips", ["type ipv4_addr . inet_proto . inet_service : verdict"]
                            + Self.elements(v4Elements))
        lines += Self.block("map service-ips6", ["type ipv6_addr . inet_proto . inet_service : verdict"]
                            + Self.elements(v6Elements))
        lines += Self.block("set cluster-ips", ["type ipv4_addr"] + Self.elements(v4ClusterIPs.sorted()))
        lines += Self.block("set cluster-ips6", ["type ipv6_addr"] + Self.elements(v6ClusterIPs.sorted()))
        lines += Self.chain("services", [
            "ip daddr . meta l4proto . th dport vmap @service-ips",
            "ip6 daddr . meta l4proto . th dport vmap @service-ips6",
        ])
        lines += Self.chain("nat-prerouting", ["type nat hook prerouting priority dstnat; policy accept;", "jump services"])
        lines += Self.chain("nat-output", ["type nat hook output priority -100; policy accept;", "jump services"])
        lines += Self.chain("nat-postrouting", ["type nat hook postrouting priority srcnat; policy accept;", "jump masquerading"])
        lines += Self.chain("masquerading", [
            "meta mark & \(mark) == 0 return",
            "meta mark set meta mark ^ \(mark)",
            "masquerade fully-random",
        ])
        lines += Self.chain("mark-for-masquerade", ["meta mark set meta mark | \(mark)"])
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
        lines += Self.chain("filter-forward", ["type filter hook forward priority filter; policy accept;"] + rejects)
        lines += Self.chain("filter-output", ["type filter hook output priority filter; policy accept;"] + rejects)
        lines += chains.flatMap { $0 }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// nft identifiers: letters, digits and `/ . _ -`; anything else (an IPv6 colon) becomes `_`.
    static func chainName(_ parts: String...) -> String {
        let text = parts.joined(separator: "/")
        return String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-".contains($0)) ? $0 : "_" })
    }

    static func chain(_ name: String, _ rules: [String]) -> [String] {
        block("chain \(name)", rules)
    }

    static func block(_ header: String, _ body: [String]) -> [String] {
        ["    \(header) {"] + body.map { "        \($0)" } + ["    }"]
    }

    static func elements(_ items: [String]) -> [String] {
        items.isEmpty ? [] : ["elements = { \(items.joined(separator: ",\n                     ")) }"]
    }
}
