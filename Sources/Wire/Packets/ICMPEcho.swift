import NIOCore

/// ICMP Echo Request and Echo Reply, for IPv4 (RFC 792) and IPv6 (RFC 4443 section 4).
public struct ICMPEcho: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case request
        case reply
    }

    public var kind: Kind
    public var identifier: UInt16
    public var sequenceNumber: UInt16
    public var payload: [UInt8]

    public init(_ kind: Kind, identifier: UInt16, sequenceNumber: UInt16, payload: [UInt8] = []) {
        self.kind = kind
        self.identifier = identifier
        self.sequenceNumber = sequenceNumber
        self.payload = payload
    }

    /// The ICMPv4 message (types 8 and 0); its checksum covers the message only.
    public func encodeV4() -> ByteBuffer {
        var buffer = body(type: kind == .request ? 8 : 0)
        buffer.setInteger(InternetChecksum.compute(buffer), at: buffer.readerIndex + 2, endianness: .big)
        return buffer
    }

    /// The ICMPv6 message (types 128 and 129); its checksum also covers the IPv6 pseudo-header.
    public func encodeV6(source: IPv6Address, destination: IPv6Address) -> ByteBuffer {
        var buffer = body(type: kind == .request ? 128 : 129)
        var checksum = InternetChecksum()
        checksum.addPseudoHeader(source: .v6(source), destination: .v6(destination), protocol: .icmpv6,
                                 length: buffer.readableBytes)
        checksum.add(buffer)
        buffer.setInteger(checksum.value, at: buffer.readerIndex + 2, endianness: .big)
        return buffer
    }

    /// A whole IP packet carrying this message, ICMPv4 or ICMPv6 by the addresses' family.
    public func packet(source: IPAddress, destination: IPAddress,
                       identification: UInt16 = 0) throws(CodecError) -> ByteBuffer {
        switch (source, destination) {
        case (.v6(let from), .v6(let to)):
            try IPPacket.make(source: source, destination: destination, protocol: .icmpv6,
                              payload: encodeV6(source: from, destination: to))
        default:
            try IPPacket.make(source: source, destination: destination, protocol: .icmp, payload: encodeV4(),
                              identification: identification)
        }
    }

    private func body(type: UInt8) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(8 + payload.count)
        buffer.writeU8(type)
        buffer.writeU8(0)
        buffer.writeU16(0)
        buffer.writeU16(identifier)
        buffer.writeU16(sequenceNumber)
        buffer.writeBytes(payload)
        return buffer
    }
}
