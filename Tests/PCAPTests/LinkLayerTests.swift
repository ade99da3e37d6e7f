import NIOCore
import PCAP
import Testing
import Wire

@Suite("Link layers")
struct LinkLayerTests {
    typealias P = PacketFactory
    // Built from constants that always fit, so the builders cannot fail here.
    static let packet = try! P.udp(P.bytes("payload"))
    static let packet6 = try! UDPDatagram.packet(from: IPEndpoint(IPAddress("2001:db8::1")!, 9),
                                                 to: IPEndpoint(IPAddress("2001:db8::2")!, 9), payload: P.bytes("payload"))

    static func frame(_ linkType: LinkType, header: [UInt8], _ packet: ByteBuffer = packet) -> Frame {
        var bytes = ByteBuffer(bytes: header)
        bytes.writeImmutableBuffer(packet)
        return Frame(number: 1, timestamp: P.time, linkType: linkType, bytes: bytes)
    }

    static let mac: [UInt8] = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]

    static let cases: [(String, Frame)] = [
        ("Ethernet", frame(.ethernet, header: mac + [0x08, 0x00])),
        ("Ethernet IPv6", frame(.ethernet, header: mac + [0x86, 0xDD], packet6)),
        ("802.1Q", frame(.ethernet, header: mac + [0x81, 0x00, 0x00, 0x64, 0x08, 0x00])),
        ("802.1ad + 802.1Q", frame(.ethernet, header: mac + [0x88, 0xA8, 0x00, 0x0A, 0x81, 0x00, 0x00, 0x64, 0x86, 0xDD], packet6)),
        ("Linux SLL", frame(.linuxSLL, header: [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00])),
        ("Linux SLL2", frame(.linuxSLL2, header: [0x86, 0xDD, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0], packet6)),
        ("raw 101", frame(.raw, header: [])),
        ("raw DLT 12", frame(.rawDLT12, header: [], packet6)),
        ("raw DLT 14", frame(.rawDLT14, header: [])),
        ("IPv4 228", frame(.ipv4, header: [])),
        ("IPv6 229", frame(.ipv6, header: [], packet6)),
        ("null, little-endian AF_INET", frame(.null, header: [2, 0, 0, 0])),
        ("null, big-endian AF_INET6 (Darwin)", frame(.null, header: [0, 0, 0, 30], packet6)),
        ("loop, AF_INET6 (OpenBSD)", frame(.loop, header: [0, 0, 0, 24], packet6)),
    ]

    @Test("the UDP payload is found behind every supported link layer", arguments: cases)
    func supported(name: String, frame: Frame) throws {
        var dissector = Dissector()
        #expect(dissector.dissect(frame).map(\.text) == ["payload"], "\(name)")
    }

    @Test("frames without IP are counted by reason")
    func unsupported() throws {
        var dissector = Dissector()
        let frames = [
            Self.frame(LinkType(rawValue: 127), header: []), // radiotap
            Self.frame(.ethernet, header: Self.mac + [0x08, 0x06]), // ARP
            Self.frame(.ethernet, header: Self.mac + [0x00, 0x2E]), // 802.3 length: LLC
            Self.frame(.linuxSLL, header: [0, 0, 3, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // netlink
            Self.frame(.null, header: [7, 0, 0, 0]),
            Self.frame(.ethernet, header: [2, 0, 0], ByteBuffer()),
            Self.frame(.linuxSLL2, header: [0x08], ByteBuffer()),
        ]
        for frame in frames { #expect(dissector.dissect(frame).isEmpty) }
        #expect(dissector.statistics[.unsupportedLinkType] == 1)
        #expect(dissector.statistics[.notIP] == 4)
        #expect(dissector.statistics[.truncated] == 2)
        #expect(dissector.statistics.frames == 7)
    }

    @Test("headers that lie about lengths are counted, not trusted")
    func lyingHeaders() throws {
        var dissector = Dissector()
        var longIP = Self.packet
        longIP.setInteger(UInt16(9000), at: 2, endianness: .big) // IPv4 total length beyond the capture
        var shortIHL = Self.packet
        shortIHL.setInteger(UInt8(0x44), at: 0) // header length 16
        var udpLength = Self.packet
        udpLength.setInteger(UInt16(4), at: 24, endianness: .big) // UDP length below its header
        var udpLong = Self.packet
        udpLong.setInteger(UInt16(500), at: 24, endianness: .big) // UDP length beyond the IP payload
        var wrongVersion = Self.packet
        wrongVersion.setInteger(UInt8(0x65), at: 0) // IPv6 version in an IPv4 frame
        let results = dissector.feed([longIP, shortIHL, udpLength, udpLong, wrongVersion])
        #expect(results.isEmpty)
        #expect(dissector.statistics[.truncated] == 3)
        #expect(dissector.statistics[.malformed] == 2)
    }
}
