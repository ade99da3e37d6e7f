import NIOCore

/// One packet filter of a TFT (TS 24.008 10.5.6.12, table 10.5.162): direction, identifier,
/// evaluation precedence and the components that must all match.
public struct PacketFilter: Hashable, Sendable {
    public struct Direction: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue & 0x03 }

        public static let preRelease7 = Self(rawValue: 0)
        public static let downlink = Self(rawValue: 1)
        public static let uplink = Self(rawValue: 2)
        public static let bidirectional = Self(rawValue: 3)

        public var coversDownlink: Bool { rawValue == 1 || rawValue == 3 || rawValue == 0 }
        public var coversUplink: Bool { rawValue == 2 || rawValue == 3 || rawValue == 0 }
    }

    public enum Component: Hashable, Sendable {
        case ipv4RemoteAddress(IPv4Address, mask: IPv4Address)
        case ipv4LocalAddress(IPv4Address, mask: IPv4Address)
        case ipv6RemoteAddress(IPv6Address, mask: IPv6Address)
        case ipv6RemotePrefix(IPv6Address, prefixLength: UInt8)
        case ipv6LocalPrefix(IPv6Address, prefixLength: UInt8)
        case protocolIdentifier(UInt8)
        case singleLocalPort(UInt16)
        case localPortRange(UInt16, UInt16)
        case singleRemotePort(UInt16)
        case remotePortRange(UInt16, UInt16)
        case securityParameterIndex(UInt32)
        case typeOfService(UInt8, mask: UInt8)
        case flowLabel(UInt32)
        /// Ethernet-PDN components (destination/source MAC, VLAN tags, ethertype), kept as bytes.
        case ethernet(type: UInt8, ByteBuffer)
    }

    public var direction: Direction
    /// 4-bit identifier, unique within the bearer's TFT.
    public var id: UInt8
    /// Lower values are evaluated first.
    public var precedence: UInt8
    public var components: [Component]

    public init(direction: Direction, id: UInt8, precedence: UInt8, components: [Component]) {
        self.direction = direction
        self.id = id & 0x0F
        self.precedence = precedence
        self.components = components
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> PacketFilter {
        let first = try reader.u8("packet filter identifier")
        guard first & 0xC0 == 0 else { throw reader.error(.invalidValue("spare bits set"), "packet filter identifier") }
        let precedence = try reader.u8("packet filter precedence")
        var contents = try reader.slice(Int(try reader.u8("packet filter length")), "packet filter contents")
        var components = [Component]()
        while !contents.isAtEnd { components.append(try decodeComponent(&contents)) }
        return PacketFilter(direction: Direction(rawValue: first >> 4), id: first & 0x0F,
                            precedence: precedence, components: components)
    }

    private static func decodeComponent(_ reader: inout WireReader) throws(CodecError) -> Component {
        let type = try reader.u8("packet filter component type")
        switch type {
        case 0x10: return .ipv4RemoteAddress(try IPv4Address.decode(&reader), mask: try IPv4Address.decode(&reader))
        case 0x11: return .ipv4LocalAddress(try IPv4Address.decode(&reader), mask: try IPv4Address.decode(&reader))
        case 0x20: return .ipv6RemoteAddress(try IPv6Address.decode(&reader), mask: try IPv6Address.decode(&reader))
        case 0x21: return .ipv6RemotePrefix(try IPv6Address.decode(&reader), prefixLength: try reader.u8("prefix length"))
        case 0x23: return .ipv6LocalPrefix(try IPv6Address.decode(&reader), prefixLength: try reader.u8("prefix length"))
        case 0x30: return .protocolIdentifier(try reader.u8("protocol identifier"))
        case 0x40: return .singleLocalPort(try reader.u16("local port"))
        case 0x41: return .localPortRange(try reader.u16("local port low"), try reader.u16("local port high"))
        case 0x50: return .singleRemotePort(try reader.u16("remote port"))
        case 0x51: return .remotePortRange(try reader.u16("remote port low"), try reader.u16("remote port high"))
        case 0x60: return .securityParameterIndex(try reader.u32("security parameter index"))
        case 0x70: return .typeOfService(try reader.u8("type of service"), mask: try reader.u8("type of service mask"))
        case 0x80: return .flowLabel(try reader.u24("flow label"))
        case 0x81, 0x82: return .ethernet(type: type, try reader.bytes(6, "MAC address"))
        case 0x83, 0x84, 0x87: return .ethernet(type: type, try reader.bytes(2, "Ethernet component"))
        case 0x85, 0x86: return .ethernet(type: type, try reader.bytes(1, "Ethernet component"))
        default:
            // The length of an unknown component is unknown, so nothing after it can be read.
            throw reader.error(.unsupported("packet filter component type \(type)"), "packet filter")
        }
    }

    func encode(into writer: inout WireWriter) {
        writer.writeU8(direction.rawValue << 4 | id)
        writer.writeU8(precedence)
        let lengthAt = writer.reserveLength(width: 1)
        let start = writer.count
        for component in components { component.encode(into: &writer) }
        writer.patchLength(at: lengthAt, width: 1, from: start)
    }
}

extension PacketFilter.Component {
    func encode(into writer: inout WireWriter) {
        switch self {
        case .ipv4RemoteAddress(let address, let mask), .ipv4LocalAddress(let address, let mask):
            writer.writeU8(self.isRemote ? 0x10 : 0x11)
            address.encode(into: &writer)
            mask.encode(into: &writer)
        case .ipv6RemoteAddress(let address, let mask):
            writer.writeU8(0x20)
            address.encode(into: &writer)
            mask.encode(into: &writer)
        case .ipv6RemotePrefix(let address, let length), .ipv6LocalPrefix(let address, let length):
            writer.writeU8(self.isRemote ? 0x21 : 0x23)
            address.encode(into: &writer)
            writer.writeU8(length)
        case .protocolIdentifier(let value):
            writer.writeU8(0x30)
            writer.writeU8(value)
        case .singleLocalPort(let port):
            writer.writeU8(0x40)
            writer.writeU16(port)
        case .localPortRange(let low, let high):
            writer.writeU8(0x41)
            writer.writeU16(low)
            writer.writeU16(high)
        case .singleRemotePort(let port):
            writer.writeU8(0x50)
            writer.writeU16(port)
        case .remotePortRange(let low, let high):
            writer.writeU8(0x51)
            writer.writeU16(low)
            writer.writeU16(high)
        case .securityParameterIndex(let spi):
            writer.writeU8(0x60)
            writer.writeU32(spi)
        case .typeOfService(let value, let mask):
            writer.writeU8(0x70)
            writer.writeU8(value)
            writer.writeU8(mask)
        case .flowLabel(let label):
            writer.writeU8(0x80)
            writer.writeU24(label)
        case .ethernet(let type, let bytes):
            writer.writeU8(type)
            writer.writeBuffer(bytes)
        }
    }

    var isRemote: Bool {
        switch self {
        case .ipv4RemoteAddress, .ipv6RemoteAddress, .ipv6RemotePrefix: true
        default: false
        }
    }
}
