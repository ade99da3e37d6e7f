import NIOCore
import PCAP
import Wire

/// Builds packets and frames for synthetic dissector tests.
enum PacketFactory {
    static let client = IPEndpoint(IPAddress("192.0.2.1")!, 40000)
    static let server = IPEndpoint(IPAddress("192.0.2.2")!, 3868)
    static let time = CaptureTimestamp(seconds: 1_700_000_000)

    static func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// A frame of LINKTYPE_RAW carrying `packet`.
    static func frame(_ number: Int, _ packet: ByteBuffer, linkType: LinkType = .raw) -> Frame {
        Frame(number: number, timestamp: time.adding(nanoseconds: Int64(number) * 1000), linkType: linkType,
              bytes: packet)
    }

    static func tcp(from source: IPEndpoint = client, to destination: IPEndpoint = server, seq: UInt32,
                    ack: UInt32 = 0, flags: TCPFlags = .ack, _ payload: String = "") throws -> ByteBuffer {
        try TCPSegment(sourcePort: source.port, destinationPort: destination.port, sequenceNumber: seq,
                   acknowledgmentNumber: ack, flags: flags, payload: bytes(payload))
            .packet(source: source.address, destination: destination.address)
    }

    static func udp(from source: IPEndpoint = client, to destination: IPEndpoint = server,
                    _ payload: ByteBuffer, identification: UInt16 = 0) throws -> ByteBuffer {
        try UDPDatagram.packet(from: source, to: destination, payload: payload, identification: identification)
    }

    static func sctp(from source: IPEndpoint = client, to destination: IPEndpoint = server, tag: UInt32 = 0x1234,
                     _ chunks: [SCTPChunk]) throws -> ByteBuffer {
        try SCTPPacket(sourcePort: source.port, destinationPort: destination.port, verificationTag: tag, chunks: chunks)
            .packet(source: source.address, destination: destination.address)
    }

    static func data(tsn: UInt32, stream: UInt16 = 0, ssn: UInt16 = 0, ppid: UInt32 = 18, _ text: String,
                     beginning: Bool = true, ending: Bool = true, unordered: Bool = false) -> SCTPChunk {
        .data(SCTPDataChunk(tsn: tsn, streamIdentifier: stream, streamSequenceNumber: ssn,
                            payloadProtocolIdentifier: ppid, userData: bytes(text), unordered: unordered,
                            beginning: beginning, ending: ending))
    }

    /// An IPv4 packet's payload cut into fragments of `size` bytes (a multiple of 8), in order.
    static func ipv4Fragments(of packet: ByteBuffer, size: Int) throws -> [ByteBuffer] {
        var header = packet
        let headerLength = Int(header.getInteger(at: header.readerIndex, as: UInt8.self)! & 0x0F) * 4
        let source = IPv4Address(header.getInteger(at: header.readerIndex + 12, endianness: .big, as: UInt32.self)!)
        let destination = IPv4Address(header.getInteger(at: header.readerIndex + 16, endianness: .big, as: UInt32.self)!)
        let number = IPProtocol(rawValue: header.getInteger(at: header.readerIndex + 9, as: UInt8.self)!)
        let identification = header.getInteger(at: header.readerIndex + 4, endianness: .big, as: UInt16.self)!
        header.moveReaderIndex(forwardBy: headerLength)
        let payload = header
        return try stride(from: 0, to: payload.readableBytes, by: size).map { offset in
            let length = min(size, payload.readableBytes - offset)
            let piece = payload.getSlice(at: payload.readerIndex + offset, length: length)!
            return try IPv4Header(source: source, destination: destination, protocol: number, identification: identification,
                              moreFragments: offset + length < payload.readableBytes, fragmentOffset: UInt16(offset / 8))
                .packet(payload: piece)
        }
    }

    /// `transport` (a UDP datagram, say) sent over IPv6 in fragments of `size` bytes, each behind a
    /// hop-by-hop options header and the fragment header.
    static func ipv6Fragments(of transport: ByteBuffer, protocol number: IPProtocol, source: IPv6Address,
                              destination: IPv6Address, identification: UInt32, size: Int) throws -> [ByteBuffer] {
        try stride(from: 0, to: transport.readableBytes, by: size).map { offset in
            let length = min(size, transport.readableBytes - offset)
            var extensions = ByteBuffer()
            // Hop-by-hop: next header Fragment, length 0 (8 bytes), PadN option of 4 bytes.
            extensions.writeBytes([IPProtocol.ipv6Fragment.rawValue, 0, 1, 4, 0, 0, 0, 0])
            try IPv6FragmentHeader(nextHeader: number, fragmentOffset: UInt16(offset / 8),
                               moreFragments: offset + length < transport.readableBytes, identification: identification)
                .encode(into: &extensions)
            extensions.writeImmutableBuffer(transport.getSlice(at: transport.readerIndex + offset, length: length)!)
            return try IPv6Header(source: source, destination: destination, nextHeader: .ipv6HopByHop)
                .packet(payload: extensions)
        }
    }
}

extension Dissector {
    /// Dissects raw-IP frames numbered from `first`, returning everything yielded.
    mutating func feed(_ packets: [ByteBuffer], firstFrame first: Int = 1) -> [TransportPayload] {
        packets.enumerated().flatMap { dissect(PacketFactory.frame(first + $0.offset, $0.element)) }
    }
}

extension TransportPayload {
    var text: String { String(buffer: bytes) }
}
