import GatewayKit
import Testing
import Wire

/// TS 24.008 10.5.6.12 packet filters on IPv4 header fields, both directions.
@Suite struct PacketFilterMatcherTests {
    static let ue = IPv4Address(10, 45, 0, 2)
    static let pcscf = IPv4Address(10, 46, 0, 3)
    static let voice = PacketFilter(direction: .bidirectional, id: 1, precedence: 10, components: [
        .ipv4RemoteAddress(IPv4Address(10, 46, 0, 0), mask: IPv4Address(255, 255, 255, 0)), .protocolIdentifier(17),
        .localPortRange(50_000, 50_100),
    ])
    static let signalling = PacketFilter(direction: .downlink, id: 1, precedence: 5, components: [
        .ipv4RemoteAddress(pcscf, mask: IPv4Address(255, 255, 255, 255)), .singleRemotePort(5060),
    ])

    static func downlink(from source: IPv4Address, protocolNumber: UInt8 = 17, sourcePort: UInt16 = 40_000,
                         destinationPort: UInt16 = 50_010, tos: UInt8 = 0) -> IPv4PacketFields {
        IPv4PacketFields(source: source.value, destination: ue.value, protocolNumber: protocolNumber, typeOfService: tos,
                         sourcePort: sourcePort, destinationPort: destinationPort)
    }

    let matcher = PacketFilterMatcher(defaultBearer: 5, bearers: [(6, [voice]), (7, [signalling])])

    @Test func aPacketMatchingEveryComponentGoesToItsBearer() {
        #expect(matcher.bearer(for: Self.downlink(from: IPv4Address(10, 46, 0, 9)), direction: .downlink) == 6)
    }

    @Test(arguments: [
        (IPv4PacketFields(source: IPv4Address(10, 47, 0, 9).value, destination: ue.value, protocolNumber: 17,
                          sourcePort: 40_000, destinationPort: 50_010), "remote address outside the mask"),
        (IPv4PacketFields(source: IPv4Address(10, 46, 0, 9).value, destination: ue.value, protocolNumber: 6,
                          sourcePort: 40_000, destinationPort: 50_010), "another protocol"),
        (IPv4PacketFields(source: IPv4Address(10, 46, 0, 9).value, destination: ue.value, protocolNumber: 17,
                          sourcePort: 40_000, destinationPort: 50_101), "local port past the range"),
    ])
    func aPacketFailingOneComponentGoesToTheDefaultBearer(packet: IPv4PacketFields, why: String) {
        #expect(matcher.bearer(for: packet, direction: .downlink) == 5, "\(why)")
    }

    @Test func lowerPrecedenceIsTriedFirst() {
        // Matches both filters' addresses: the P-CSCF is in 10.46.0.0/24, and 5060 → 50010 is in range.
        let packet = Self.downlink(from: Self.pcscf, sourcePort: 5060)
        #expect(matcher.bearer(for: packet, direction: .downlink) == 7)
    }

    @Test func uplinkSwapsRemoteAndLocal() {
        let uplink = IPv4PacketFields(source: Self.ue.value, destination: IPv4Address(10, 46, 0, 9).value, protocolNumber: 17,
                                      sourcePort: 50_010, destinationPort: 40_000)
        #expect(matcher.bearer(for: uplink, direction: .uplink) == 6)
        let toPCSCF = IPv4PacketFields(source: Self.ue.value, destination: Self.pcscf.value, protocolNumber: 17,
                                       sourcePort: 40_000, destinationPort: 5060)
        #expect(matcher.bearer(for: toPCSCF, direction: .uplink) == 5, "the signalling filter is downlink only")
    }

    @Test func typeOfServiceIsComparedUnderItsMask() {
        let filter = PacketFilter(direction: .downlink, id: 1, precedence: 1, components: [.typeOfService(0xB8, mask: 0xFC)])
        let matcher = PacketFilterMatcher(defaultBearer: 5, bearers: [(6, [filter])])
        #expect(matcher.bearer(for: Self.downlink(from: Self.pcscf, tos: 0xB9), direction: .downlink) == 6)
        #expect(matcher.bearer(for: Self.downlink(from: Self.pcscf, tos: 0x00), direction: .downlink) == 5)
    }

    @Test func componentsThatCannotMatchIPv4MatchNothing() {
        let filter = PacketFilter(direction: .bidirectional, id: 1, precedence: 1, components: [.flowLabel(7)])
        let matcher = PacketFilterMatcher(defaultBearer: 5, bearers: [(6, [filter])])
        #expect(matcher.bearer(for: Self.downlink(from: Self.pcscf), direction: .downlink) == 5)
    }

    @Test func fieldsAreReadFromAnIPv4Packet() throws {
        var bytes: [UInt8] = [0x45, 0xB8, 0, 32, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 46, 0, 3, 10, 45, 0, 2]
        bytes += [0x13, 0xC4, 0xC3, 0x5A, 0, 12, 0, 0, 1, 2, 3, 4]
        let fields = try #require(bytes.withUnsafeBytes { IPv4PacketFields(packet: $0) })
        #expect(fields == IPv4PacketFields(source: Self.pcscf.value, destination: Self.ue.value, protocolNumber: 17,
                                           typeOfService: 0xB8, sourcePort: 5060, destinationPort: 50_010))
        #expect([UInt8](repeating: 0x60, count: 40).withUnsafeBytes { IPv4PacketFields(packet: $0) } == nil, "IPv6 is not IPv4")
        var fragment = bytes
        fragment[6] = 0x00
        fragment[7] = 0x10
        #expect(fragment.withUnsafeBytes { IPv4PacketFields(packet: $0) }?.destinationPort == 0, "no ports past the first fragment")
    }
}
