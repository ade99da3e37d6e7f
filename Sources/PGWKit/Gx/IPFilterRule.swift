import Wire

/// The IPFilterRule of a Gx Flow-Description (RFC 6733 4.3.1, TS 29.212 5.4.2): "permit out 17
/// from 10.46.1.20 40000-40100 to 10.46.0.2 50000-50100". "out" is toward the UE, so the "from"
/// side is the remote end and the "to" side the UE; the UE's own address is not a filter
/// component (it is the session's). Only what a TS 24.008 packet filter can carry is read.
enum IPFilterRule {
    struct ParseError: Error, CustomStringConvertible {
        var rule: String
        var description: String { "Flow-Description \"\(rule)\" is not an IPFilterRule this PGW reads" }
    }

    static func components(_ rule: String) throws(ParseError) -> [PacketFilter.Component] {
        var words = rule.split(separator: " ").map(String.init)[...]
        guard words.popFirst() == "permit", words.popFirst() == "out", let proto = words.popFirst() else { throw ParseError(rule: rule) }
        var components: [PacketFilter.Component] = []
        if proto != "ip" {
            guard let number = UInt8(proto) else { throw ParseError(rule: rule) }
            components.append(.protocolIdentifier(number))
        }
        guard words.popFirst() == "from", let remote = words.popFirst() else { throw ParseError(rule: rule) }
        if let (address, mask) = try address(remote, rule) { components.append(.ipv4RemoteAddress(address, mask: mask)) }
        if let ports = words.first, ports != "to" {
            words.removeFirst()
            let (low, high) = try range(ports, rule)
            components.append(low == high ? .singleRemotePort(low) : .remotePortRange(low, high))
        }
        guard words.popFirst() == "to", words.popFirst() != nil else { throw ParseError(rule: rule) }
        if let ports = words.popFirst() {
            let (low, high) = try range(ports, rule)
            components.append(low == high ? .singleLocalPort(low) : .localPortRange(low, high))
        }
        guard words.isEmpty else { throw ParseError(rule: rule) }
        return components
    }

    /// nil for "any" and "assigned" (no component).
    private static func address(_ text: String, _ rule: String) throws(ParseError) -> (IPv4Address, IPv4Address)? {
        guard text != "any", text != "assigned" else { return nil }
        let parts = text.split(separator: "/")
        guard let address = IPv4Address(String(parts[0])), parts.count <= 2 else { throw ParseError(rule: rule) }
        let bits = parts.count == 2 ? UInt32(parts[1]) : 32
        guard let bits, bits <= 32 else { throw ParseError(rule: rule) }
        let mask: UInt32 = bits == 0 ? 0 : UInt32.max << (32 - bits)
        return (IPv4Address(address.value & mask), IPv4Address(mask))
    }

    private static func range(_ text: String, _ rule: String) throws(ParseError) -> (UInt16, UInt16) {
        let bounds = text.split(separator: "-").map { UInt16($0) }
        guard (1...2).contains(bounds.count), let low = bounds[0], let high = bounds.last!, low <= high else {
            throw ParseError(rule: rule)
        }
        return (low, high)
    }
}
