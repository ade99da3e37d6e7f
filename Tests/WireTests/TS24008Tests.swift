import Testing
import NIOCore
@testable import Wire

@Suite struct TS24008Tests {
    @Test func pcoContainersRoundTrip() throws {
        let pco = ProtocolConfigurationOptions(containers: [
            .init(id: .dnsServerIPv4Address, address: .v4(IPv4Address(8, 8, 8, 8))),
            .init(id: .pcscfIPv4Address, address: .v4(IPv4Address(10, 46, 0, 1))),
            .init(id: .ipAddressAllocationViaNAS),
        ])
        let bytes = pco.encoded()
        #expect(Array(bytes.readableBytesView.prefix(8)) == [0x80, 0x00, 0x0D, 0x04, 8, 8, 8, 8])
        var reader = WireReader(bytes)
        let decoded = try ProtocolConfigurationOptions.decode(&reader)
        #expect(decoded == pco)
        #expect(decoded.first(.pcscfIPv4Address)?.contents == ByteBuffer(bytes: [10, 46, 0, 1]))
        #expect(decoded.containers.count == 3)
    }

    @Test func pcoContainerRunningPastTheEndIsRefused() {
        var reader = WireReader(bytes: [0x80, 0x00, 0x0D, 0x04, 8, 8])
        #expect(throws: CodecError.self) { _ = try ProtocolConfigurationOptions.decode(&reader) }
    }

    static let voiceFilter = PacketFilter(direction: .bidirectional, id: 1, precedence: 255, components: [
        .ipv4RemoteAddress(IPv4Address(10, 46, 0, 9), mask: IPv4Address(255, 255, 255, 255)),
        .protocolIdentifier(17), .singleLocalPort(50000), .remotePortRange(40000, 40019),
        .ipv6RemotePrefix(IPv6Address("2001:db8::")!, prefixLength: 64), .typeOfService(0xB8, mask: 0xFC),
        .securityParameterIndex(0x1234_5678), .flowLabel(0xABCDE),
    ])

    @Test(arguments: [
        TrafficFlowTemplate(operation: .createNew, packetFilters: [voiceFilter]),
        TrafficFlowTemplate(operation: .addPacketFilters, packetFilters: [voiceFilter],
                            parameters: [.init(id: 3, contents: ByteBuffer(bytes: [1]))]),
        TrafficFlowTemplate(operation: .deletePacketFilters, deletedFilterIDs: [1, 2]),
        TrafficFlowTemplate(operation: .deleteExisting),
    ])
    func tftRoundTrips(_ tft: TrafficFlowTemplate) throws {
        var reader = WireReader(tft.encoded())
        #expect(try TrafficFlowTemplate.decode(&reader) == tft)
    }

    @Test func tftEncodingFollowsTable10_5_162() {
        let tft = TrafficFlowTemplate(operation: .createNew, packetFilters: [
            PacketFilter(direction: .downlink, id: 2, precedence: 10, components: [.protocolIdentifier(17), .singleLocalPort(5060)]),
        ])
        // Create new, 1 filter; filter 2 downlink; precedence 10; 5 octets of components.
        #expect(Array(tft.encoded().readableBytesView) == [0x21, 0x12, 10, 5, 0x30, 17, 0x40, 0x13, 0xC4])
    }

    @Test func unknownPacketFilterComponentIsRefused() {
        var reader = WireReader(bytes: [0x21, 0x12, 10, 2, 0x99, 0])
        #expect(throws: CodecError.self) { _ = try TrafficFlowTemplate.decode(&reader) }
    }
}
