#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 address and UDP port as the socket calls take them (network byte order), so the
/// forwarding loops copy them without converting.
public struct IPv4Endpoint: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var networkOrderAddress: UInt32
    public var networkOrderPort: UInt16

    public init(networkOrderAddress: UInt32, networkOrderPort: UInt16) {
        self.networkOrderAddress = networkOrderAddress
        self.networkOrderPort = networkOrderPort
    }

    /// From the address as a host-order number (10.0.0.1 is 0x0A000001).
    public init(address: UInt32, port: UInt16) {
        self.init(networkOrderAddress: address.bigEndian, networkOrderPort: port.bigEndian)
    }

    /// From dotted-quad text; nil when it is not an IPv4 address.
    public init?(_ text: String, port: UInt16) {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        self.init(networkOrderAddress: address.s_addr, networkOrderPort: port.bigEndian)
    }

    /// The address as a host-order number.
    public var address: UInt32 { UInt32(bigEndian: networkOrderAddress) }
    public var port: UInt16 { UInt16(bigEndian: networkOrderPort) }

    public var description: String {
        let a = address
        return "\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF):\(port)"
    }
}
