import NIOCore

/// An SCTP packet (RFC 9260 section 3): common header, then chunks, protected by CRC-32C.
public struct SCTPPacket: Hashable, Sendable {
    public static let commonHeaderLength = 12

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The receiver's Initiate Tag; zero only on a packet carrying INIT.
    public var verificationTag: UInt32
    public var chunks: [SCTPChunk]

    public init(sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32, chunks: [SCTPChunk]) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
        self.chunks = chunks
    }

    /// The packet with its checksum: CRC-32C over the whole packet with the checksum field zero,
    /// stored least significant byte first, which is how RFC 9260 appendix A maps the reflected
    /// CRC's bits onto the wire.
    public func encode() throws(CodecError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeU16(sourcePort)
        buffer.writeU16(destinationPort)
        buffer.writeU32(verificationTag)
        buffer.writeU32(0)
        for chunk in chunks { try chunk.encode(into: &buffer) }
        buffer.setInteger(CRC32C.checksum(buffer), at: buffer.readerIndex + 8, endianness: .little)
        return buffer
    }

    /// A whole IP packet carrying this SCTP packet.
    public func packet(source: IPAddress, destination: IPAddress,
                       identification: UInt16 = 0) throws(CodecError) -> ByteBuffer {
        try IPPacket.make(source: source, destination: destination, protocol: .sctp, payload: encode(),
                          identification: identification, dontFragment: true)
    }
}
