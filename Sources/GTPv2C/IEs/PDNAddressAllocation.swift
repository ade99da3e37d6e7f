import NIOCore
import Wire

/// PDN Type (TS 29.274 8.34): the IP versions of a PDN connection.
public struct PDNType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ipv4 = Self(rawValue: 1)
    public static let ipv6 = Self(rawValue: 2)
    public static let ipv4v6 = Self(rawValue: 3)
    public static let nonIP = Self(rawValue: 4)
    public static let ethernet = Self(rawValue: 5)
}

/// PDN Address Allocation (TS 29.274 8.14): the UE's IPv4 address and/or IPv6 prefix.
public struct PDNAddressAllocation: Hashable, Sendable {
    public var type: PDNType
    public var ipv4: IPv4Address?
    public var ipv6Prefix: IPv6Address?
    public var ipv6PrefixLength: UInt8

    public init(ipv4: IPv4Address) {
        type = .ipv4
        self.ipv4 = ipv4
        ipv6PrefixLength = 0
    }

    public init(ipv6Prefix: IPv6Address, prefixLength: UInt8 = 64, ipv4: IPv4Address? = nil) {
        type = ipv4 == nil ? .ipv6 : .ipv4v6
        self.ipv4 = ipv4
        self.ipv6Prefix = ipv6Prefix
        ipv6PrefixLength = prefixLength
    }

    public init(type: PDNType) {
        self.type = type
        ipv6PrefixLength = 0
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> PDNAddressAllocation {
        let octet = try reader.u8("PAA PDN type")
        guard octet & 0xF8 == 0 else { throw reader.error(.invalidValue("spare bits set"), "PAA") }
        var paa = PDNAddressAllocation(type: PDNType(rawValue: octet))
        switch paa.type {
        case .ipv4:
            paa.ipv4 = try IPv4Address.decode(&reader)
        case .ipv6:
            paa.ipv6PrefixLength = try reader.u8("PAA IPv6 prefix length")
            paa.ipv6Prefix = try IPv6Address.decode(&reader)
        case .ipv4v6:
            paa.ipv6PrefixLength = try reader.u8("PAA IPv6 prefix length")
            paa.ipv6Prefix = try IPv6Address.decode(&reader)
            paa.ipv4 = try IPv4Address.decode(&reader)
        case .nonIP, .ethernet:
            break
        default:
            throw reader.error(.invalidValue("PDN type \(octet)"), "PAA")
        }
        return paa
    }

    func encode(into writer: inout WireWriter) {
        writer.writeU8(type.rawValue)
        if let ipv6Prefix {
            writer.writeU8(ipv6PrefixLength)
            ipv6Prefix.encode(into: &writer)
        }
        ipv4?.encode(into: &writer)
    }
}
