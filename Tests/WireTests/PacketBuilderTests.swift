import NIOCore
import Testing
@testable import Wire

@Suite("Internet checksum and CRC-32C")
struct PacketChecksumTests {
    @Test("RFC 1071 section 3 example: sum 0xDDF2, checksum 0x220D")
    func rfc1071Example() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]
        var checksum = InternetChecksum()
        checksum.add(bytes)
        #expect(checksum.foldedSum == 0xDDF2)
        #expect(checksum.value == 0x220D)
    }

    @Test("pieces of odd length sum as if contiguous", arguments: [1, 3, 5, 7])
    func oddPieces(split: Int) throws {
        let bytes: [UInt8] = (0..<41).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var whole = InternetChecksum()
        whole.add(bytes)
        var pieces = InternetChecksum()
        pieces.add(Array(bytes[..<split]))
        pieces.add(Array(bytes[split...]))
        #expect(pieces.value == whole.value)
    }

    @Test("data with its own checksum verifies")
    func verifies() throws {
        var buffer = ByteBuffer(bytes: [0x45, 0x00, 0x00, 0x1C, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0, 0,
                                        10, 0, 0, 1, 10, 0, 0, 2])
        buffer.setInteger(InternetChecksum.compute(buffer), at: 10, endianness: .big)
        #expect(InternetChecksum.verifies(buffer))
    }

    static let iSCSIReadCommand: [UInt8] = [
        0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
        0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]
    static let crcVectors: [([UInt8], UInt32)] = [
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
        (Array("123456789".utf8), 0xE306_9283),
        (iSCSIReadCommand, 0xD996_3A56),
    ]

    @Test("CRC-32C vectors of RFC 3720 appendix B.4 and the usual check value", arguments: crcVectors)
    func crc32c(bytes: [UInt8], expected: UInt32) throws {
        #expect(CRC32C.checksum(bytes) == expected)
        var incremental = CRC32C()
        incremental.update(Array(bytes.prefix(5)))
        incremental.update(Array(bytes.dropFirst(5)))
        #expect(incremental.value == expected)
    }
}

@Suite("Packet builders")
struct PacketBuilderTests {
    let client = IPv4Address(192, 168, 0, 1)
    let server = IPv4Address(192, 168, 0, 199)

    @Test("IPv4 header: the textbook example with checksum 0xB861")
    func ipv4Header() throws {
        let header = IPv4Header(source: client, destination: server, protocol: .udp, dontFragment: true)
        var buffer = ByteBuffer()
        try header.encode(payloadLength: 0x73 - 20, into: &buffer)
        #expect(Array(buffer.readableBytesView) == [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xB8, 0x61,
            0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7,
        ])
    }

    @Test("IPv4 header with options and fragment fields")
    func ipv4Options() throws {
        let header = IPv4Header(source: client, destination: server, protocol: .sctp, identification: 0xBEEF,
                                moreFragments: true, fragmentOffset: 185, timeToLive: 1, options: [0x94, 0x04, 0, 0, 1])
        var buffer = ByteBuffer()
        try header.encode(payloadLength: 8, into: &buffer)
        #expect(buffer.readableBytes == 28)
        #expect(buffer.getInteger(at: 0, as: UInt8.self) == 0x47)
        #expect(buffer.getInteger(at: 2, endianness: .big, as: UInt16.self) == 36)
        #expect(buffer.getInteger(at: 6, endianness: .big, as: UInt16.self) == UInt16(0x2000 | 185))
        #expect(InternetChecksum.verifies(buffer))
        #expect(Array(buffer.readableBytesView.suffix(8)) == [0x94, 0x04, 0, 0, 1, 0, 0, 0])
    }

    @Test("IPv6 header and fragment header layout")
    func ipv6Header() throws {
        let source = try #require(IPv6Address("2001:db8::1"))
        let destination = try #require(IPv6Address("2001:db8::2"))
        let header = IPv6Header(source: source, destination: destination, nextHeader: .ipv6Fragment, hopLimit: 255,
                                trafficClass: 0xB8, flowLabel: 0x12345)
        var buffer = ByteBuffer()
        try header.encode(payloadLength: 16, into: &buffer)
        try IPv6FragmentHeader(nextHeader: .udp, fragmentOffset: 3, moreFragments: true, identification: 0xCAFE_F00D)
            .encode(into: &buffer)
        #expect(Array(buffer.readableBytesView.prefix(8)) == [0x6B, 0x81, 0x23, 0x45, 0x00, 0x10, 44, 255])
        #expect(buffer.getInteger(at: 24, endianness: .big, as: UInt64.self) == 0x2001_0DB8_0000_0000)
        #expect(Array(buffer.readableBytesView.suffix(8)) == [17, 0, 0x00, 0x19, 0xCA, 0xFE, 0xF0, 0x0D])
    }

    @Test("UDP checksum covers the pseudo-header, for IPv4 and IPv6", arguments: [
        ("10.0.0.1", "10.0.0.2"), ("2001:db8::a", "2001:db8::b"),
    ])
    func udpChecksum(from: String, to: String) throws {
        let source = IPEndpoint(try #require(IPAddress(from)), 2123)
        let destination = IPEndpoint(try #require(IPAddress(to)), 2123)
        let payload = ByteBuffer(bytes: [0x48, 0x01, 0x00, 0x05, 0x03])
        let datagram = try UDPDatagram.make(from: source, to: destination, payload: payload)
        #expect(datagram.readableBytes == 13)
        #expect(datagram.getInteger(at: 4, endianness: .big, as: UInt16.self) == 13)
        var check = InternetChecksum()
        check.addPseudoHeader(source: source.address, destination: destination.address, protocol: .udp, length: 13)
        check.add(datagram)
        #expect(check.foldedSum == 0xFFFF)
    }

    @Test("UDP over IPv4: a hand-computed checksum")
    func udpKnownChecksum() throws {
        // Pseudo-header 10.0.0.1 > 10.0.0.2 proto 17 len 10, ports 1 > 2, payload "AB":
        // 0x0A00+0x0001+0x0A00+0x0002+0x0011+0x000A + 0x0001+0x0002+0x000A + 0x4142 = 0x556D.
        let datagram = try UDPDatagram.make(from: IPEndpoint(.v4(IPv4Address(10, 0, 0, 1)), 1),
                                        to: IPEndpoint(.v4(IPv4Address(10, 0, 0, 2)), 2),
                                        payload: ByteBuffer(bytes: Array("AB".utf8)))
        #expect(datagram.getInteger(at: 6, endianness: .big, as: UInt16.self) == ~UInt16(0x556D))
    }

    @Test("TCP segment: header fields, options padding and checksum")
    func tcpSegment() throws {
        let segment = TCPSegment(sourcePort: 40000, destinationPort: 3868, sequenceNumber: 0xFFFF_FFF0,
                                 acknowledgmentNumber: 7, flags: [.syn, .ack], window: 29200,
                                 options: TCPSegment.maximumSegmentSizeOption(1460) + [1],
                                 payload: ByteBuffer(bytes: [1, 2, 3]))
        let encoded = try segment.encode(source: .v4(client), destination: .v4(server))
        #expect(encoded.readableBytes == 28 + 3)
        #expect(encoded.getInteger(at: 12, as: UInt8.self) == 7 << 4)
        #expect(encoded.getInteger(at: 13, as: UInt8.self) == 0x12)
        #expect(Array(encoded.readableBytesView[20..<28]) == [2, 4, 0x05, 0xB4, 1, 0, 0, 0])
        var check = InternetChecksum()
        check.addPseudoHeader(source: .v4(client), destination: .v4(server), protocol: .tcp, length: 31)
        check.add(encoded)
        #expect(check.foldedSum == 0xFFFF)
    }

    @Test("ICMP echo request: 08 00 F7 FD for id 1, sequence 1")
    func icmpEcho() throws {
        let request = ICMPEcho(.request, identifier: 1, sequenceNumber: 1)
        #expect(Array(request.encodeV4().readableBytesView) == [0x08, 0x00, 0xF7, 0xFD, 0x00, 0x01, 0x00, 0x01])
        let reply = ICMPEcho(.reply, identifier: 1, sequenceNumber: 1, payload: [0xAA])
        #expect(InternetChecksum.verifies(reply.encodeV4()))
        let source = try #require(IPv6Address("fe80::1"))
        let destination = try #require(IPv6Address("fe80::2"))
        let v6 = reply.encodeV6(source: source, destination: destination)
        #expect(v6.getInteger(at: 0, as: UInt8.self) == 129)
        var check = InternetChecksum()
        check.addPseudoHeader(source: .v6(source), destination: .v6(destination), protocol: .icmpv6, length: 9)
        check.add(v6)
        #expect(check.foldedSum == 0xFFFF)
        let packet = try request.packet(source: .v4(client), destination: .v4(server))
        #expect(packet.readableBytes == 28)
        #expect(packet.getInteger(at: 9, as: UInt8.self) == 1)
    }

    @Test("SCTP packet: chunk padding and CRC-32C stored least significant byte first")
    func sctpPacket() throws {
        let data = SCTPDataChunk(tsn: 1, streamIdentifier: 2, streamSequenceNumber: 3, payloadProtocolIdentifier: 18,
                                 userData: ByteBuffer(bytes: [0xAB, 0xCD, 0xEF]), beginning: true, ending: true)
        let packet = SCTPPacket(sourcePort: 36412, destinationPort: 36412, verificationTag: 0x0102_0304,
                                chunks: [.data(data), .cookieAcknowledgement])
        var encoded = try packet.encode()
        #expect(encoded.readableBytes == 12 + 20 + 4)
        // DATA: type 0, flags B|E, length 19 (unpadded), then one byte of padding.
        #expect(Array(encoded.readableBytesView[12..<16]) == [0, 0x03, 0, 19])
        #expect(encoded.getInteger(at: 31, as: UInt8.self) == 0)
        #expect(Array(encoded.readableBytesView[32..<36]) == [11, 0, 0, 4])
        let stored = encoded.getInteger(at: 8, endianness: .little, as: UInt32.self)
        encoded.setInteger(UInt32(0), at: 8)
        #expect(stored == CRC32C.checksum(encoded))
    }

    @Test("SCTP INIT-ACK carries the state cookie parameter, SACK its blocks")
    func sctpControlChunks() throws {
        var buffer = ByteBuffer()
        try SCTPChunk.initiationAcknowledgement(SCTPInitiation(initiateTag: 9, initialTSN: 100),
                                            stateCookie: ByteBuffer(bytes: [1, 2, 3, 4, 5]))
            .encode(into: &buffer)
        #expect(buffer.readableBytes == 4 + 16 + 12)
        #expect(buffer.getInteger(at: 2, endianness: .big, as: UInt16.self) == UInt16(4 + 16 + 9))
        #expect(buffer.getInteger(at: 20, endianness: .big, as: UInt16.self) == 7)
        buffer.clear()
        try SCTPChunk.selectiveAcknowledgement(cumulativeTSN: 5, advertisedReceiverWindow: 1000,
                                           gapBlocks: [SCTPGapBlock(start: 2, end: 3)], duplicateTSNs: [4])
            .encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [3, 0, 0, 24, 0, 0, 0, 5, 0, 0, 0x03, 0xE8, 0, 1, 0, 1,
                                                     0, 2, 0, 3, 0, 0, 0, 4])
    }

    @Test("values that do not fit their fields are refused with a CodecError, never trapped on")
    func refusals() throws {
        let v4 = IPEndpoint(.v4(client), 1), v6 = IPEndpoint(try #require(IPAddress("2001:db8::1")), 1)
        #expect(throws: CodecError.self) {
            try UDPDatagram.make(from: v4, to: v4, payload: ByteBuffer(repeating: 0, count: 65_528))
        }
        #expect(throws: CodecError.self) { try UDPDatagram.packet(from: v4, to: v4, payload: ByteBuffer(repeating: 0, count: 65_510)) }
        #expect(throws: CodecError.self) { try UDPDatagram.make(from: v4, to: v6, payload: ByteBuffer()) }
        #expect(throws: CodecError.self) { try UDPDatagram.packet(from: v4, to: v6, payload: ByteBuffer()) }
        #expect(throws: CodecError.self) {
            try IPv4Header(source: client, destination: server, protocol: .udp, options: [UInt8](repeating: 1, count: 41))
                .packet(payload: ByteBuffer())
        }
        #expect(throws: CodecError.self) {
            try IPv4Header(source: client, destination: server, protocol: .udp, fragmentOffset: 0x2000)
                .packet(payload: ByteBuffer())
        }
        #expect(throws: CodecError.self) {
            try TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 0, flags: .syn,
                           options: [UInt8](repeating: 1, count: 44)).encode(source: .v4(client), destination: .v4(server))
        }
        let huge = SCTPDataChunk(tsn: 1, streamIdentifier: 0, streamSequenceNumber: 0, payloadProtocolIdentifier: 18,
                                 userData: ByteBuffer(repeating: 0, count: 65_520))
        var buffer = ByteBuffer()
        #expect(throws: CodecError.self) { try SCTPChunk.data(huge).encode(into: &buffer) }
        #expect(buffer.readableBytes == 0, "a refused chunk leaves nothing behind")
    }

    @Test("Ethernet II framing and derived MAC addresses")
    func ethernet() throws {
        let mac = MACAddress(locallyAdministeredFor: .v4(client))
        #expect(mac.octets[0] == 0x02)
        #expect(mac == MACAddress(locallyAdministeredFor: .v4(client)))
        #expect(mac != MACAddress(locallyAdministeredFor: .v4(server)))
        let frame = EthernetFrame.make(destination: .broadcast, source: MACAddress([0, 0x16, 0x3E, 1, 2, 3]),
                                       etherType: .ipv4, payload: ByteBuffer(bytes: [0x45]))
        #expect(Array(frame.readableBytesView) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x16, 0x3E, 1, 2, 3,
                                                    0x08, 0x00, 0x45])
        #expect(MACAddress([0, 0x16, 0x3E, 1, 2, 0xAB]).description == "00:16:3e:01:02:ab")
    }
}
