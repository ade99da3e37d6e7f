/// An IP protocol number (IANA "Protocol Numbers"): IPv4's Protocol field, IPv6's Next Header.
public struct IPProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ipv6HopByHop = Self(rawValue: 0)
    public static let icmp = Self(rawValue: 1)
    public static let tcp = Self(rawValue: 6)
    public static let udp = Self(rawValue: 17)
    public static let ipv6Routing = Self(rawValue: 43)
    public static let ipv6Fragment = Self(rawValue: 44)
    public static let esp = Self(rawValue: 50)
    public static let authenticationHeader = Self(rawValue: 51)
    public static let icmpv6 = Self(rawValue: 58)
    public static let ipv6NoNextHeader = Self(rawValue: 59)
    public static let ipv6DestinationOptions = Self(rawValue: 60)
    public static let sctp = Self(rawValue: 132)

    public var description: String {
        switch self {
        case .icmp: "ICMP"
        case .tcp: "TCP"
        case .udp: "UDP"
        case .icmpv6: "ICMPv6"
        case .sctp: "SCTP"
        default: "IP protocol \(rawValue)"
        }
    }
}

/// An IP address and a transport port: one end of a UDP, TCP or SCTP flow.
public struct IPEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(_ address: IPAddress, _ port: UInt16) {
        self.address = address
        self.port = port
    }

    /// "10.0.0.1:2123" or "[2001:db8::1]:5060".
    public var description: String {
        switch address {
        case .v4(let v4): "\(v4):\(port)"
        case .v6(let v6): "[\(v6)]:\(port)"
        }
    }
}
