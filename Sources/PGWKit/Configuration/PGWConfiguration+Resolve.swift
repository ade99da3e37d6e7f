import GTPv2C
import GatewayKit
import Wire

extension PGWConfiguration {
    public func check() throws(GatewayConfigurationError) {
        _ = try resolved()
    }

    /// The typed settings, or the first field that is wrong.
    public func resolved() throws(GatewayConfigurationError) -> PGWSettings {
        typealias E = GatewayConfigurationError
        let (s5cAddress, _) = try s5c.resolved(defaultPort: 2123, field: "s5c")
        let (s5uAddress, _) = try s5u.resolved(defaultPort: 2152, field: "s5u")
        guard !apns.isEmpty else { throw E(field: "apns", problem: "must list at least one APN") }
        var resolved: [APNSettings] = []
        for (index, apn) in apns.enumerated() {
            let entry = try apn.resolved(field: "apns[\(index)]")
            for (other, earlier) in resolved.enumerated() {
                guard earlier.name.lowercased() != entry.name.lowercased() else {
                    throw E(field: "apns[\(index)].name", problem: "\"\(apn.name)\" is listed twice")
                }
                guard !earlier.pool.overlaps(entry.pool) else {
                    throw E(field: "apns[\(index)].ipv4Pool", problem: "\(entry.pool) overlaps apns[\(other)]'s \(earlier.pool)")
                }
            }
            resolved.append(entry)
        }
        return PGWSettings(s5cAddress: s5cAddress, s5uAddress: s5uAddress, apns: resolved,
                           timers: try (timers ?? GTPCTimerConfiguration()).resolved(field: "timers"),
                           gx: try gx?.resolved())
    }
}

extension IPv4Prefix {
    func overlaps(_ other: IPv4Prefix) -> Bool { contains(other.network) || other.contains(network) }
}

extension PGWConfiguration.APN {
    func resolved(field: String) throws(GatewayConfigurationError) -> APNSettings {
        typealias E = GatewayConfigurationError
        guard !name.isEmpty, !name.contains(" ") else { throw E(field: "\(field).name", problem: "\"\(name)\" is not an APN") }
        guard let pool = IPv4Prefix(ipv4Pool), ipv4Pool.contains("/") else {
            throw E(field: "\(field).ipv4Pool", problem: "\"\(ipv4Pool)\" is not an IPv4 prefix like 10.45.0.0/16")
        }
        guard pool.length <= 30 else { throw E(field: "\(field).ipv4Pool", problem: "\(pool) leaves no address for a UE (at most /30)") }
        var v6: IPv6Prefix?
        if let ipv6Pool {
            guard let prefix = IPv6Prefix(ipv6Pool), prefix.length <= 64 else {
                throw E(field: "\(field).ipv6Pool", problem: "\"\(ipv6Pool)\" is not an IPv6 prefix of at most /64 like 2001:db8:45::/48")
            }
            v6 = prefix
        }
        var dnsServers: [IPv4Address] = []
        for (index, text) in (dns ?? []).enumerated() {
            guard let address = IPv4Address(text) else { throw E(field: "\(field).dns[\(index)]", problem: "\"\(text)\" is not an IPv4 address") }
            dnsServers.append(address)
        }
        var pcscfServers: [IPv4Address] = []
        for (index, text) in (pcscf ?? []).enumerated() {
            guard let address = IPv4Address(text) else { throw E(field: "\(field).pcscf[\(index)]", problem: "\"\(text)\" is not an IPv4 address") }
            pcscfServers.append(address)
        }
        if let mtu { guard (576...9000).contains(mtu) else { throw E(field: "\(field).mtu", problem: "\(mtu) is outside 576...9000") } }
        var rules: [PolicyRule] = []
        for (index, rule) in (policy ?? []).enumerated() {
            let resolved = try rule.resolved(field: "\(field).policy[\(index)]")
            guard !rules.contains(where: { $0.name == resolved.name }) else {
                throw E(field: "\(field).policy[\(index)].name", problem: "\"\(rule.name)\" is listed twice")
            }
            rules.append(resolved)
        }
        return APNSettings(name: name, pool: pool, ipv6Pool: v6, dns: dnsServers, pcscf: pcscfServers, mtu: mtu.map { UInt16($0) }, policy: rules)
    }
}

extension PGWConfiguration.PolicyRule {
    func resolved(field: String) throws(GatewayConfigurationError) -> PolicyRule {
        typealias E = GatewayConfigurationError
        guard !name.isEmpty else { throw E(field: "\(field).name", problem: "must not be empty") }
        guard (1...9).contains(qci) || (65...86).contains(qci) else { throw E(field: "\(field).qci", problem: "\(qci) is not a standard QCI") }
        guard (1...15).contains(arpPriority) else { throw E(field: "\(field).arpPriority", problem: "\(arpPriority) is outside 1...15") }
        let isGBR = (1...4).contains(qci) || (65...67).contains(qci) || qci == 75
        if isGBR, guaranteedBitRate == nil {
            throw E(field: "\(field).guaranteedBitRate", problem: "QCI \(qci) is a GBR QCI and needs one")
        }
        for (name, rate) in [("maximumBitRate", maximumBitRate), ("guaranteedBitRate", guaranteedBitRate)] {
            guard let rate else { continue }
            guard rate.uplink >= 0, rate.downlink >= 0, rate.uplink < 1 << 40, rate.downlink < 1 << 40 else {
                throw E(field: "\(field).\(name)", problem: "bit rates are kbit/s from 0 to 2^40-1")
            }
        }
        guard !filters.isEmpty, filters.count <= 15 else { throw E(field: "\(field).filters", problem: "a TFT holds 1 to 15 packet filters") }
        var packetFilters: [PacketFilter] = []
        for (index, filter) in filters.enumerated() {
            packetFilters.append(try filter.resolved(id: UInt8(index + 1), field: "\(field).filters[\(index)]"))
        }
        let guaranteed = guaranteedBitRate ?? PGWConfiguration.BitRate(uplink: 0, downlink: 0)
        let maximum = maximumBitRate ?? guaranteed
        let arp = AllocationRetentionPriority(priorityLevel: UInt8(arpPriority), mayPreempt: preemptionCapability ?? false,
                                              preemptable: preemptionVulnerability ?? true)
        let qos = BearerQoS(qci: UInt8(qci), arp: arp,
                            maximumBitRateUplink: UInt64(maximum.uplink), maximumBitRateDownlink: UInt64(maximum.downlink),
                            guaranteedBitRateUplink: UInt64(guaranteed.uplink), guaranteedBitRateDownlink: UInt64(guaranteed.downlink))
        return PolicyRule(name: name, qos: qos, packetFilters: packetFilters)
    }
}

extension PGWConfiguration.Filter {
    func resolved(id: UInt8, field: String) throws(GatewayConfigurationError) -> PacketFilter {
        typealias E = GatewayConfigurationError
        let direction: PacketFilter.Direction
        switch self.direction ?? "bidirectional" {
        case "downlink": direction = .downlink
        case "uplink": direction = .uplink
        case "bidirectional": direction = .bidirectional
        case let other: throw E(field: "\(field).direction", problem: "\"\(other)\" is not downlink, uplink or bidirectional")
        }
        var components: [PacketFilter.Component] = []
        if let remoteAddress {
            guard let prefix = IPv4Prefix(remoteAddress) else { throw E(field: "\(field).remoteAddress", problem: "\"\(remoteAddress)\" is not an IPv4 address or prefix") }
            components.append(.ipv4RemoteAddress(prefix.network, mask: prefix.mask))
        }
        if let localAddress {
            guard let prefix = IPv4Prefix(localAddress) else { throw E(field: "\(field).localAddress", problem: "\"\(localAddress)\" is not an IPv4 address or prefix") }
            components.append(.ipv4LocalAddress(prefix.network, mask: prefix.mask))
        }
        if let number = self.protocol {
            guard let value = UInt8(exactly: number) else { throw E(field: "\(field).protocol", problem: "\(number) is not an IP protocol (0-255)") }
            components.append(.protocolIdentifier(value))
        }
        if let localPorts {
            let (low, high) = try Self.ports(localPorts, "\(field).localPorts")
            components.append(low == high ? .singleLocalPort(low) : .localPortRange(low, high))
        }
        if let remotePorts {
            let (low, high) = try Self.ports(remotePorts, "\(field).remotePorts")
            components.append(low == high ? .singleRemotePort(low) : .remotePortRange(low, high))
        }
        if let typeOfService {
            guard let value = UInt8(exactly: typeOfService), let mask = UInt8(exactly: typeOfServiceMask ?? 0xFF) else {
                throw E(field: "\(field).typeOfService", problem: "type of service and its mask are octets (0-255)")
            }
            components.append(.typeOfService(value, mask: mask))
        }
        guard !components.isEmpty else { throw E(field: field, problem: "a packet filter needs at least one component") }
        let precedence = precedence ?? Int(id)
        guard let order = UInt8(exactly: precedence) else { throw E(field: "\(field).precedence", problem: "\(precedence) is outside 0...255") }
        return PacketFilter(direction: direction, id: id, precedence: order, components: components)
    }

    /// "5060" or "50000-50100".
    static func ports(_ text: String, _ field: String) throws(GatewayConfigurationError) -> (UInt16, UInt16) {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { UInt16(String($0.filter { $0 != " " })) }
        guard (1...2).contains(bounds.count), let low = bounds[0], let high = bounds.last!, low <= high else {
            throw GatewayConfigurationError(field: field, problem: "\"\(text)\" is not a port or a range like 50000-50100")
        }
        return (low, high)
    }
}

extension PGWConfiguration.Gx {
    func resolved() throws(GatewayConfigurationError) -> GxSettings {
        typealias E = GatewayConfigurationError
        for (field, value) in [("pcrf", pcrf), ("originHost", originHost), ("originRealm", originRealm),
                               ("destinationRealm", destinationRealm)] where value.isEmpty || value.contains(" ") {
            throw E(field: "gx.\(field)", problem: "\"\(value)\" is not a DNS name")
        }
        let seconds = responseTimeout ?? 5
        guard seconds.isFinite, seconds > 0, seconds <= 60 else {
            throw E(field: "gx.responseTimeout", problem: "\(seconds) is not a number of seconds in (0, 60]")
        }
        return GxSettings(originHost: originHost, originRealm: originRealm, destinationRealm: destinationRealm,
                          destinationHost: destinationHost, responseTimeout: .milliseconds(Int64((seconds * 1000).rounded())))
    }
}
