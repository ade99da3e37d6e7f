import NIOCore
import PCAP
import Testing
import Wire

@Suite("IP fragment reassembly")
struct IPFragmentTests {
    typealias P = PacketFactory

    static let bigPayload = ByteBuffer(bytes: (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    @Test("IPv4 fragments in any order make one UDP payload, yielded by the frame that completed it",
          arguments: [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]])
    func ipv4(order: [Int]) throws {
        let fragments = try P.ipv4Fragments(of: P.udp(Self.bigPayload, identification: 0xBEEF), size: 1480)
        #expect(fragments.count == 3)
        var dissector = Dissector()
        let payloads = dissector.feed(order.map { fragments[$0] })
        #expect(payloads.count == 1)
        #expect(payloads.first?.bytes == Self.bigPayload)
        #expect(payloads.first?.frame == 3)
        #expect(payloads.first?.transport == .udp)
        #expect(dissector.statistics[.fragmentHeld] == 2)
    }

    @Test("duplicated and overlapping IPv4 fragments are tolerated")
    func ipv4Overlap() throws {
        let packet = try P.udp(Self.bigPayload, identification: 7)
        let small = try P.ipv4Fragments(of: packet, size: 504) // 6 fragments
        let large = try P.ipv4Fragments(of: packet, size: 1008) // the second covers small[2] and small[3]
        var dissector = Dissector()
        let payloads = dissector.feed([large[1], small[5], small[0], small[0], small[3], small[1], small[4]])
        #expect(payloads.map(\.frame) == [7])
        #expect(payloads.first?.bytes == Self.bigPayload)
    }

    @Test("fragments of different datagrams (identification, protocol, tunnel) never mix")
    func keys() throws {
        let first = try P.ipv4Fragments(of: P.udp(ByteBuffer(repeating: 1, count: 100), identification: 1), size: 48)
        let second = try P.ipv4Fragments(of: P.udp(ByteBuffer(repeating: 2, count: 100), identification: 2), size: 48)
        var dissector = Dissector()
        var payloads = dissector.feed([first[0], second[0], second[1], first[1], second[2]])
        let tunnel = TunnelID(outerSource: IPAddress("10.0.0.1")!, outerDestination: IPAddress("10.0.0.2")!, key: 9)
        payloads += dissector.dissectIPPacket(first[2], frame: 6, time: P.time, tunnel: tunnel)
        #expect(payloads.map(\.frame) == [5])
        #expect(payloads.first?.bytes == ByteBuffer(repeating: 2, count: 100))
        payloads = dissector.feed([first[2]], firstFrame: 7)
        #expect(payloads.first?.bytes == ByteBuffer(repeating: 1, count: 100))
    }

    @Test("IPv6: hop-by-hop then fragment header, fragments out of order", arguments: [[1, 0, 2], [2, 1, 0]])
    func ipv6(order: [Int]) throws {
        let source = try #require(IPv6Address("2001:db8::1"))
        let destination = try #require(IPv6Address("2001:db8::2"))
        let from = IPEndpoint(.v6(source), 5060), to = IPEndpoint(.v6(destination), 5060)
        let datagram = try UDPDatagram.make(from: from, to: to, payload: Self.bigPayload)
        let fragments = try P.ipv6Fragments(of: datagram, protocol: .udp, source: source, destination: destination,
                                        identification: 0xABCD_0001, size: 1232)
        #expect(fragments.count == 3)
        var dissector = Dissector()
        let payloads = dissector.feed(order.map { fragments[$0] })
        #expect(payloads.count == 1)
        #expect(payloads.first?.bytes == Self.bigPayload)
        #expect(payloads.first?.source == from)
        #expect(payloads.first?.destination == to)
    }

    @Test("IPv6 extension headers before the transport: hop-by-hop, routing, destination options")
    func ipv6Extensions() throws {
        let source = try #require(IPv6Address("fd00::1")), destination = try #require(IPv6Address("fd00::2"))
        var extensions = ByteBuffer()
        extensions.writeBytes([IPProtocol.ipv6Routing.rawValue, 0, 1, 4, 0, 0, 0, 0])
        extensions.writeBytes([IPProtocol.ipv6DestinationOptions.rawValue, 0, 4, 0, 0, 0, 0, 0]) // routing type 4, no segments left
        extensions.writeBytes([IPProtocol.udp.rawValue, 1] + [UInt8](repeating: 0, count: 14)) // 16 bytes of options
        extensions.writeImmutableBuffer(try UDPDatagram.make(from: IPEndpoint(.v6(source), 53), to: IPEndpoint(.v6(destination), 53),
                                                         payload: P.bytes("dns")))
        let packet = try IPv6Header(source: source, destination: destination, nextHeader: .ipv6HopByHop).packet(payload: extensions)
        var dissector = Dissector()
        #expect(dissector.feed([packet]).map(\.text) == ["dns"])
    }

    @Test("IPv4 options are skipped and link-layer padding is not payload")
    func ipv4OptionsAndPadding() throws {
        let source = IPv4Address(10, 0, 0, 1), destination = IPv4Address(10, 0, 0, 2)
        let udp = try UDPDatagram.make(from: IPEndpoint(.v4(source), 1), to: IPEndpoint(.v4(destination), 2), payload: P.bytes("hi"))
        var packet = try IPv4Header(source: source, destination: destination, protocol: .udp, options: [0x94, 0x04, 0, 0])
            .packet(payload: udp)
        packet.writeRepeatingByte(0, count: 20) // Ethernet minimum-size padding
        var dissector = Dissector()
        #expect(dissector.feed([packet]).map(\.text) == ["hi"])
    }

    @Test("incomplete datagrams beyond the limit are evicted oldest first")
    func eviction() throws {
        var limits = DissectorLimits()
        limits.pendingFragmentDatagrams = 2
        var dissector = Dissector(limits: limits)
        let datagrams = try (1...3).map { try P.ipv4Fragments(of: P.udp(ByteBuffer(repeating: UInt8($0), count: 40),
                                                                        identification: UInt16($0)), size: 24) }
        // The third datagram's first fragment pushes out the first datagram's.
        var payloads = dissector.feed(datagrams.map { $0[0] })
        payloads += dissector.feed([datagrams[1][1], datagrams[2][1]], firstFrame: 4)
        #expect(payloads.map(\.frame) == [4, 5])
        #expect(dissector.statistics[.fragmentsEvicted] == 1)
        #expect(dissector.feed([datagrams[0][1]], firstFrame: 6).isEmpty)
    }
}
