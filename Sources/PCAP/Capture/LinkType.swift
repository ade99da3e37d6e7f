/// A link-layer header type: the LINKTYPE_ value in a capture file, or the DLT_ value libpcap
/// reports for it (they differ only for raw IP, where DLT_RAW is 12, or 14 on OpenBSD).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = Self(rawValue: 0)
    public static let ethernet = Self(rawValue: 1)
    /// DLT_RAW as libpcap reports it on most platforms.
    public static let rawDLT12 = Self(rawValue: 12)
    /// DLT_RAW on OpenBSD.
    public static let rawDLT14 = Self(rawValue: 14)
    /// LINKTYPE_RAW: an IPv4 or IPv6 packet, no link header.
    public static let raw = Self(rawValue: 101)
    /// OpenBSD loopback: a 4-byte address family in network byte order.
    public static let loop = Self(rawValue: 108)
    /// Linux cooked capture v1 ("any" interface).
    public static let linuxSLL = Self(rawValue: 113)
    public static let ipv4 = Self(rawValue: 228)
    public static let ipv6 = Self(rawValue: 229)
    /// Linux cooked capture v2.
    public static let linuxSLL2 = Self(rawValue: 276)

    public var description: String {
        switch self {
        case .null: "null"
        case .ethernet: "ethernet"
        case .rawDLT12, .rawDLT14, .raw: "raw"
        case .loop: "loop"
        case .linuxSLL: "linux-sll"
        case .ipv4: "ipv4"
        case .ipv6: "ipv6"
        case .linuxSLL2: "linux-sll2"
        default: "linktype \(rawValue)"
        }
    }
}
