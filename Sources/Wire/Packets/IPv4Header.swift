import NIOCore

/// An IPv4 header (RFC 791) to build packets with; `encode` fills in the total length and the
/// header checksum. Values that do not fit their fields are refused with a `CodecError`, not
/// trapped on: a payload may come from a peer.
public struct IPv4Header: Hashable, Sendable {
    public static let minimumLength = 20

    public var source: IPv4Address
    public var destination: IPv4Address
    public var `protocol`: IPProtocol
    /// DSCP (high 6 bits) and ECN (low 2 bits).
    public var typeOfService: UInt8
    public var identification: UInt16
    public var dontFragment: Bool
    public var moreFragments: Bool
    /// Offset of this fragment's data in the original datagram, in units of 8 bytes.
    public var fragmentOffset: UInt16
    public var timeToLive: UInt8
    /// Raw options; padded with End-of-Options-List bytes to a multiple of 4 when written.
    public var options: [UInt8]

    public init(source: IPv4Address, destination: IPv4Address, protocol: IPProtocol, typeOfService: UInt8 = 0,
                identification: UInt16 = 0, dontFragment: Bool = false, moreFragments: Bool = false,
                fragmentOffset: UInt16 = 0, timeToLive: UInt8 = 64, options: [UInt8] = []) {
        self.source = source
        self.destination = destination
        self.protocol = `protocol`
        self.typeOfService = typeOfService
        self.identification = identification
        self.dontFragment = dontFragment
        self.moreFragments = moreFragments
        self.fragmentOffset = fragmentOffset
        self.timeToLive = timeToLive
        self.options = options
    }

    /// Header length in bytes, options and their padding included.
    public var length: Int { Self.minimumLength + (options.count + 3) / 4 * 4 }

    /// Writes the header for a packet carrying `payloadLength` bytes after it.
    public func encode(payloadLength: Int, into buffer: inout ByteBuffer) throws(CodecError) {
        let headerLength = length
        guard headerLength <= 60 else {
            throw CodecError(.invalidLength(options.count), at: 0, in: "IPv4 options (40 bytes at most)")
        }
        guard headerLength + payloadLength <= 0xFFFF else {
            throw CodecError(.invalidLength(headerLength + payloadLength), at: 0, in: "IPv4 packet (65535 bytes at most)")
        }
        guard fragmentOffset < 0x2000 else {
            throw CodecError(.invalidValue("\(fragmentOffset) does not fit 13 bits"), at: 6, in: "IPv4 fragment offset")
        }
        let start = buffer.writerIndex
        buffer.writeU8(0x40 | UInt8(headerLength / 4))
        buffer.writeU8(typeOfService)
        buffer.writeU16(UInt16(headerLength + payloadLength))
        buffer.writeU16(identification)
        var flagsAndOffset = fragmentOffset
        if dontFragment { flagsAndOffset |= 0x4000 }
        if moreFragments { flagsAndOffset |= 0x2000 }
        buffer.writeU16(flagsAndOffset)
        buffer.writeU8(timeToLive)
        buffer.writeU8(self.protocol.rawValue)
        let checksumIndex = buffer.writerIndex
        buffer.writeU16(0)
        source.encode(into: &buffer)
        destination.encode(into: &buffer)
        buffer.writeBytes(options)
        buffer.writeRepeatingByte(0, count: headerLength - Self.minimumLength - options.count)
        let header = buffer.getSlice(at: start, length: headerLength) ?? ByteBuffer()
        buffer.setInteger(InternetChecksum.compute(header), at: checksumIndex, endianness: .big)
    }

    /// A whole packet: this header followed by `payload`.
    public func packet(payload: ByteBuffer) throws(CodecError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(length + payload.readableBytes)
        try encode(payloadLength: payload.readableBytes, into: &buffer)
        buffer.writeImmutableBuffer(payload)
        return buffer
    }
}
