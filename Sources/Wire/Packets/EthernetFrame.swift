import NIOCore

/// A 48-bit IEEE 802 MAC address.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The six octets in the low 48 bits, first octet most significant.
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    public init(_ octets: [UInt8]) {
        precondition(octets.count == 6, "a MAC address has 6 octets")
        value = octets.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A locally administered unicast address (02:xx:...) derived from an IP address, so that
    /// generated captures show one stable MAC per host.
    public init(locallyAdministeredFor address: IPAddress) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a over the address octets
        var octets = ByteBuffer()
        address.encode(into: &octets)
        for byte in octets.readableBytesView {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        self.init(0x0200_0000_0000 | (hash & 0xFF_FFFF_FFFF))
    }

    public static let broadcast = MACAddress(0xFFFF_FFFF_FFFF)

    public var octets: [UInt8] { stride(from: 40, through: 0, by: -8).map { UInt8(truncatingIfNeeded: value >> UInt64($0)) } }
    public var description: String {
        octets.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeBytes(octets) }
}

/// An EtherType (IEEE 802.3 Length/Type field values of 0x0600 and above).
public struct EtherType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ipv4 = Self(rawValue: 0x0800)
    public static let arp = Self(rawValue: 0x0806)
    public static let vlan = Self(rawValue: 0x8100)
    public static let ipv6 = Self(rawValue: 0x86DD)
    public static let serviceVLAN = Self(rawValue: 0x88A8)
    /// The pre-standard QinQ tag some switches still send.
    public static let legacyQinQ = Self(rawValue: 0x9100)

    /// The EtherType of an IP packet of `address`'s family.
    public static func ip(_ address: IPAddress) -> EtherType {
        switch address {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }
}

/// Ethernet II framing (no VLAN tag, no frame check sequence, as captures show it).
public enum EthernetFrame {
    public static let headerLength = 14

    public static func make(destination: MACAddress, source: MACAddress, etherType: EtherType,
                            payload: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(headerLength + payload.readableBytes)
        destination.encode(into: &buffer)
        source.encode(into: &buffer)
        buffer.writeU16(etherType.rawValue)
        buffer.writeImmutableBuffer(payload)
        return buffer
    }
}
