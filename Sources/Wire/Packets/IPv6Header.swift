import NIOCore

/// The fixed IPv6 header (RFC 8200 section 3).
public struct IPv6Header: Hashable, Sendable {
    public static let length = 40

    public var source: IPv6Address
    public var destination: IPv6Address
    /// The header that follows: a transport protocol or an extension header.
    public var nextHeader: IPProtocol
    public var hopLimit: UInt8
    public var trafficClass: UInt8
    /// 20 bits.
    public var flowLabel: UInt32

    public init(source: IPv6Address, destination: IPv6Address, nextHeader: IPProtocol, hopLimit: UInt8 = 64,
                trafficClass: UInt8 = 0, flowLabel: UInt32 = 0) {
        self.source = source
        self.destination = destination
        self.nextHeader = nextHeader
        self.hopLimit = hopLimit
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel
    }

    /// Writes the header for `payloadLength` bytes of extension headers and data after it.
    public func encode(payloadLength: Int, into buffer: inout ByteBuffer) throws(CodecError) {
        guard payloadLength <= 0xFFFF else {
            // Longer payloads need a jumbogram (RFC 2675), which nothing in VCore sends.
            throw CodecError(.invalidLength(payloadLength), at: 4, in: "IPv6 payload (65535 bytes at most)")
        }
        buffer.writeU32(6 << 28 | UInt32(trafficClass) << 20 | flowLabel & 0xF_FFFF)
        buffer.writeU16(UInt16(payloadLength))
        buffer.writeU8(nextHeader.rawValue)
        buffer.writeU8(hopLimit)
        source.encode(into: &buffer)
        destination.encode(into: &buffer)
    }

    /// A whole packet: this header followed by `payload` (extension headers included, if any).
    public func packet(payload: ByteBuffer) throws(CodecError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.length + payload.readableBytes)
        try encode(payloadLength: payload.readableBytes, into: &buffer)
        buffer.writeImmutableBuffer(payload)
        return buffer
    }
}

/// The IPv6 Fragment extension header (RFC 8200 section 4.5).
public struct IPv6FragmentHeader: Hashable, Sendable {
    public static let length = 8

    /// The header that follows in the reassembled packet.
    public var nextHeader: IPProtocol
    /// Offset of this fragment's data in the fragmentable part, in units of 8 bytes (13 bits).
    public var fragmentOffset: UInt16
    public var moreFragments: Bool
    public var identification: UInt32

    public init(nextHeader: IPProtocol, fragmentOffset: UInt16, moreFragments: Bool, identification: UInt32) {
        self.nextHeader = nextHeader
        self.fragmentOffset = fragmentOffset
        self.moreFragments = moreFragments
        self.identification = identification
    }

    public func encode(into buffer: inout ByteBuffer) throws(CodecError) {
        guard fragmentOffset < 0x2000 else {
            throw CodecError(.invalidValue("\(fragmentOffset) does not fit 13 bits"), at: 2, in: "IPv6 fragment offset")
        }
        buffer.writeU8(nextHeader.rawValue)
        buffer.writeU8(0)
        buffer.writeU16(fragmentOffset << 3 | (moreFragments ? 1 : 0))
        buffer.writeU32(identification)
    }
}

/// Builds an IP packet of the family its addresses belong to.
public enum IPPacket {
    /// `payload` (a transport segment with its checksum already set) behind an IPv4 or IPv6 header.
    /// Both addresses must be of the same family.
    public static func make(source: IPAddress, destination: IPAddress, protocol: IPProtocol, payload: ByteBuffer,
                            identification: UInt16 = 0, dontFragment: Bool = false, timeToLive: UInt8 = 64)
        throws(CodecError) -> ByteBuffer
    {
        switch (source, destination) {
        case (.v4(let from), .v4(let to)):
            return try IPv4Header(source: from, destination: to, protocol: `protocol`, identification: identification,
                                  dontFragment: dontFragment, timeToLive: timeToLive).packet(payload: payload)
        case (.v6(let from), .v6(let to)):
            return try IPv6Header(source: from, destination: to, nextHeader: `protocol`, hopLimit: timeToLive)
                .packet(payload: payload)
        default:
            throw CodecError(.invalidValue("from \(source) to \(destination): the families differ"), at: 0,
                             in: "IP packet")
        }
    }
}
