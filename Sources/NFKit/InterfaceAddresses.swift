#if canImport(Glibc)
import Glibc
#endif

/// The addresses of this host's (pod's) network interfaces, from getifaddrs(3).
public enum InterfaceAddresses {
    /// An interface's IPv4 address and its prefix length, the address in host byte order.
    public struct IPv4Network: Hashable, Sendable {
        public var address: UInt32
        public var prefixLength: UInt8
        public var network: UInt32 { prefixLength == 0 ? 0 : address & ~UInt32(0) << (32 - UInt32(prefixLength)) }
        public var dotted: String { (0..<4).map { String(address >> (24 - 8 * $0) & 0xFF) }.joined(separator: ".") }
    }

    /// The first IPv4 address of the interface called `name`, dotted; nil when there is no such
    /// interface or it has no IPv4 address.
    public static func ipv4(_ name: String) -> String? { ipv4Network(name)?.dotted }

    /// The first IPv4 address of the interface called `name` with its prefix length.
    public static func ipv4Network(_ name: String) -> IPv4Network? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  String(cString: entry.pointee.ifa_name) == name else { continue }
            let value = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            let mask = entry.pointee.ifa_netmask.map { netmask in
                netmask.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            } ?? UInt32.max
            return IPv4Network(address: value, prefixLength: UInt8(mask.nonzeroBitCount))
        }
        return nil
    }
}
