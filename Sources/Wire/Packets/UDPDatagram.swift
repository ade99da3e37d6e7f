import NIOCore

/// UDP datagrams (RFC 768) with their checksum over the IPv4 or IPv6 pseudo-header.
public enum UDPDatagram {
    public static let headerLength = 8

    /// The UDP header and `payload`, checksummed for the endpoints' addresses (same family).
    public static func make(from source: IPEndpoint, to destination: IPEndpoint,
                            payload: ByteBuffer) throws(CodecError) -> ByteBuffer {
        let length = headerLength + payload.readableBytes
        guard length <= 0xFFFF else {
            throw CodecError(.invalidLength(length), at: 4, in: "UDP datagram (65535 bytes at most)")
        }
        guard source.address.byteCount == destination.address.byteCount else {
            throw CodecError(.invalidValue("from \(source) to \(destination): the families differ"), at: 0,
                             in: "UDP pseudo-header")
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(length)
        buffer.writeU16(source.port)
        buffer.writeU16(destination.port)
        buffer.writeU16(UInt16(length))
        buffer.writeU16(0)
        buffer.writeImmutableBuffer(payload)

        var checksum = InternetChecksum()
        checksum.addPseudoHeader(source: source.address, destination: destination.address, protocol: .udp,
                                 length: length)
        checksum.add(buffer)
        // A computed zero is sent as all ones: zero on the wire means "no checksum" (RFC 768).
        let value = checksum.value == 0 ? 0xFFFF : checksum.value
        buffer.setInteger(value, at: buffer.readerIndex + 6, endianness: .big)
        return buffer
    }

    /// A whole IP packet carrying one UDP datagram.
    public static func packet(from source: IPEndpoint, to destination: IPEndpoint, payload: ByteBuffer,
                              identification: UInt16 = 0) throws(CodecError) -> ByteBuffer {
        try IPPacket.make(source: source.address, destination: destination.address, protocol: .udp,
                          payload: make(from: source, to: destination, payload: payload), identification: identification)
    }
}
