import CBatchIO

/// The few interface changes a gateway makes at start and stop (link up, an IPv4 address, delete
/// the link), through rtnetlink and ioctl rather than iproute2: an NF's image holds only its own
/// binary. Each needs CAP_NET_ADMIN in the interface's namespace.
public enum NetworkInterface {
    public static func up(_ name: String) throws(UserPlaneError) {
        let result = cbio_link_up(name)
        guard result == 0 else { throw UserPlaneError("set \(name) up", errno: -result) }
    }

    /// Puts `address`/`prefixLength` on `name` (the kernel adds the prefix's route); the same
    /// address already there, as a restarted PGW finds on a kept device, is replaced, not an error.
    public static func replaceIPv4Address(_ address: UInt32, prefixLength: UInt8, on name: String) throws(UserPlaneError) {
        let result = cbio_ipv4_address_replace(name, address, prefixLength)
        guard result == 0 else { throw UserPlaneError("add address to \(name)", errno: -result) }
    }

    /// Sets how many packets the kernel queues on `name` before it drops (its txqueuelen): for a
    /// TUN device, what waits for the reader.
    public static func setQueueLength(_ length: Int, on name: String) throws(UserPlaneError) {
        let result = cbio_link_set_queue_length(name, Int32(length))
        guard result == 0 else { throw UserPlaneError("set the queue length of \(name)", errno: -result) }
    }

    /// The MTU of the interface `name`.
    public static func mtu(of name: String) throws(UserPlaneError) -> Int {
        let result = cbio_link_mtu(name)
        guard result > 0 else { throw UserPlaneError("read the MTU of \(name)", errno: -result) }
        return Int(result)
    }

    public static func delete(_ name: String) throws(UserPlaneError) {
        let result = cbio_link_delete(name)
        guard result == 0 else { throw UserPlaneError("delete \(name)", errno: -result) }
    }
}

extension NetworkInterface {
    /// A route in routing table `table`: to `destination`/`prefixLength` (host byte order) via
    /// `gateway` (nil: on the link) out of `device`. Replaces the same route.
    public static func replaceIPv4Route(to destination: UInt32, prefixLength: UInt8, via gateway: UInt32?, device: String,
                                        table: UInt32) throws(UserPlaneError) {
        let result = cbio_ipv4_route_replace(destination, prefixLength, gateway ?? 0, device, table, 0)
        guard result == 0 else { throw UserPlaneError("route to \(destination)/\(prefixLength) in table \(table)", errno: -result) }
    }

    /// An unreachable route in `table`: what matches it is refused with ICMP net unreachable.
    public static func replaceUnreachableIPv4Route(to destination: UInt32, prefixLength: UInt8, table: UInt32) throws(UserPlaneError) {
        let result = cbio_ipv4_route_replace(destination, prefixLength, 0, nil, table, 1)
        guard result == 0 else { throw UserPlaneError("unreachable route in table \(table)", errno: -result) }
    }

    /// The policy rule "from `source`/`prefixLength` lookup `table`" at `priority`.
    public static func addIPv4SourceRule(from source: UInt32, prefixLength: UInt8, table: UInt32, priority: UInt32) throws(UserPlaneError) {
        let result = cbio_ipv4_source_rule_add(source, prefixLength, table, priority)
        guard result == 0 else { throw UserPlaneError("rule from \(source)/\(prefixLength) to table \(table)", errno: -result) }
    }
}
