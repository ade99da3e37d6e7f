import NIOCore

/// The control bits of a TCP header (RFC 9293 3.1, RFC 3168 for ECE/CWR).
public struct TCPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = Self(rawValue: 0x01)
    public static let syn = Self(rawValue: 0x02)
    public static let rst = Self(rawValue: 0x04)
    public static let psh = Self(rawValue: 0x08)
    public static let ack = Self(rawValue: 0x10)
    public static let urg = Self(rawValue: 0x20)
    public static let ece = Self(rawValue: 0x40)
    public static let cwr = Self(rawValue: 0x80)
}

/// A TCP segment (RFC 9293) to build; `encode` computes the data offset and the checksum.
public struct TCPSegment: Sendable {
    public static let minimumHeaderLength = 20

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    public var urgentPointer: UInt16
    /// Raw options; padded with End-of-Option-List bytes to a multiple of 4 when written.
    public var options: [UInt8]
    public var payload: ByteBuffer

    public init(sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32, acknowledgmentNumber: UInt32 = 0,
                flags: TCPFlags, window: UInt16 = 65535, urgentPointer: UInt16 = 0, options: [UInt8] = [],
                payload: ByteBuffer = ByteBuffer()) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.urgentPointer = urgentPointer
        self.options = options
        self.payload = payload
    }

    /// The Maximum Segment Size option (kind 2), sent on SYNs.
    public static func maximumSegmentSizeOption(_ size: UInt16) -> [UInt8] {
        [2, 4, UInt8(truncatingIfNeeded: size >> 8), UInt8(truncatingIfNeeded: size)]
    }

    public var headerLength: Int { Self.minimumHeaderLength + (options.count + 3) / 4 * 4 }

    /// Header and payload, checksummed over the pseudo-header of `source` and `destination`.
    public func encode(source: IPAddress, destination: IPAddress) throws(CodecError) -> ByteBuffer {
        let headerLength = self.headerLength
        guard headerLength <= 60 else {
            throw CodecError(.invalidLength(options.count), at: 20, in: "TCP options (40 bytes at most)")
        }
        guard source.byteCount == destination.byteCount else {
            throw CodecError(.invalidValue("from \(source) to \(destination): the families differ"), at: 0,
                             in: "TCP pseudo-header")
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(headerLength + payload.readableBytes)
        buffer.writeU16(sourcePort)
        buffer.writeU16(destinationPort)
        buffer.writeU32(sequenceNumber)
        buffer.writeU32(acknowledgmentNumber)
        buffer.writeU8(UInt8(headerLength / 4) << 4)
        buffer.writeU8(flags.rawValue)
        buffer.writeU16(window)
        buffer.writeU16(0)
        buffer.writeU16(urgentPointer)
        buffer.writeBytes(options)
        buffer.writeRepeatingByte(0, count: headerLength - Self.minimumHeaderLength - options.count)
        buffer.writeImmutableBuffer(payload)

        var checksum = InternetChecksum()
        checksum.addPseudoHeader(source: source, destination: destination, protocol: .tcp,
                                 length: buffer.readableBytes)
        checksum.add(buffer)
        buffer.setInteger(checksum.value, at: buffer.readerIndex + 16, endianness: .big)
        return buffer
    }

    /// A whole IP packet carrying this segment.
    public func packet(source: IPAddress, destination: IPAddress,
                       identification: UInt16 = 0) throws(CodecError) -> ByteBuffer {
        try IPPacket.make(source: source, destination: destination, protocol: .tcp,
                          payload: encode(source: source, destination: destination),
                          identification: identification, dontFragment: true)
    }
}
