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

    public static func delete(_ name: String) throws(UserPlaneError) {
        let result = cbio_link_delete(name)
        guard result == 0 else { throw UserPlaneError("delete \(name)", errno: -result) }
    }
}
