import NetworkTestSupport
import Testing
import Wire
@testable import UserPlane

struct PacketFilterTests {
    static func matches(_ filter: DownlinkFilter, _ packet: [UInt8]) -> Bool { DownlinkPacket.matches(filter, packet) }

    @Test func componentsMustAllMatch() {
        let media = Packets.udp(from: "10.46.0.9", 30000, to: "10.45.0.2", 5004)
        let server = IPv4Address("10.46.0.0")!.value
        #expect(Self.matches(DownlinkFilter(), media))
        #expect(Self.matches(DownlinkFilter(remoteAddress: server, remoteMask: 0xFFFF_FF00, protocolNumber: 17, localPorts: 5000...5010), media))
        #expect(!Self.matches(DownlinkFilter(remoteAddress: server, remoteMask: 0xFFFF_FFFF), media))
        #expect(!Self.matches(DownlinkFilter(protocolNumber: 6), media))
        #expect(!Self.matches(DownlinkFilter(localPorts: 6000...6010), media))
        #expect(Self.matches(DownlinkFilter(remotePorts: 30000...30000), media))
        #expect(!Self.matches(DownlinkFilter(remotePorts: 1...29999), media))
        #expect(!Self.matches(DownlinkFilter(typeOfService: 0xB8, typeOfServiceMask: 0xFC), media))
    }

    @Test func typeOfServiceIsComparedUnderItsMask() {
        var marked = Packets.udp(from: "10.46.0.9", 30000, to: "10.45.0.2", 5004)
        marked[1] = 0xB9  // EF with the low bits set: the mask leaves them out
        #expect(Self.matches(DownlinkFilter(typeOfService: 0xB8, typeOfServiceMask: 0xFC), marked))
        marked[1] = 0x00
        #expect(!Self.matches(DownlinkFilter(typeOfService: 0xB8, typeOfServiceMask: 0xFC), marked))
    }

    @Test func portsAreNotReadFromLaterFragmentsOrShortPackets() {
        var fragment = Packets.udp(from: "10.46.0.9", 30000, to: "10.45.0.2", 5004)
        fragment[7] = 0x10  // fragment offset 16 × 8 octets: what follows is not a UDP header
        #expect(!Self.matches(DownlinkFilter(localPorts: 0...65535), fragment))
        #expect(Self.matches(DownlinkFilter(protocolNumber: 17), fragment))
        #expect(!Self.matches(DownlinkFilter(), Array(fragment.prefix(19))))
    }
}

struct DownlinkFilterFromTFTTests {
    @Test func aTFTFilterBecomesTheSameMatcherOrNoneAtAll() throws {
        let voice = PacketFilter(direction: .init(rawValue: 3), id: 1, precedence: 1,
                                 components: [.ipv4RemoteAddress(IPv4Address("10.46.0.0")!, mask: IPv4Address("255.255.255.0")!),
                                              .protocolIdentifier(17), .localPortRange(5010, 5000)])
        let converted = try #require(DownlinkFilter(voice))
        #expect(converted == DownlinkFilter(remoteAddress: IPv4Address("10.46.0.0")!.value, remoteMask: 0xFFFF_FF00,
                                            protocolNumber: 17, localPorts: 5000...5010, precedence: 1))
        let uplinkOnly = PacketFilter(direction: .init(rawValue: 2), id: 2, precedence: 2, components: [.protocolIdentifier(17)])
        #expect(DownlinkFilter(uplinkOnly) == nil)
        let byFlowLabel = PacketFilter(direction: .init(rawValue: 3), id: 3, precedence: 3, components: [.flowLabel(7)])
        #expect(DownlinkFilter(byFlowLabel) == nil, "a component the loop can't evaluate must not widen the filter")
    }

    /// A voice filter as an IMS PDN gets it (TS 24.008 10.5.6.12): every component must hold, and a
    /// packet failing any one of them is left to the default bearer.
    static let voice = DownlinkFilter(PacketFilter(direction: .bidirectional, id: 1, precedence: 10, components: [
        .ipv4RemoteAddress(IPv4Address(10, 46, 0, 0), mask: IPv4Address(255, 255, 255, 0)), .protocolIdentifier(17),
        .localPortRange(50_000, 50_100),
    ]))

    @Test(arguments: [
        (DownlinkPacket.udp(from: IPv4Address(10, 46, 0, 9), 40_000, to: IPv4Address(10, 45, 0, 2), 50_010), true, "every component holds"),
        (DownlinkPacket.udp(from: IPv4Address(10, 47, 0, 9), 40_000, to: IPv4Address(10, 45, 0, 2), 50_010), false, "remote address outside the mask"),
        (DownlinkPacket.udp(from: IPv4Address(10, 46, 0, 9), 40_000, to: IPv4Address(10, 45, 0, 2), 50_101), false, "local port past the range"),
        (Packets.echoRequest(from: "10.46.0.9", to: "10.45.0.2", identifier: 1, sequence: 1), false, "another protocol"),
    ])
    func aTFTFilterTakesOnlyWhatEveryComponentDescribes(packet: [UInt8], matches: Bool, why: String) throws {
        let filter = try #require(Self.voice)
        #expect(DownlinkPacket.matches(filter, packet) == matches, "\(why)")
    }

    @Test func aRemotePortFilterReadsTheSourcePortOfDownlink() throws {
        let signalling = try #require(DownlinkFilter(PacketFilter(direction: .downlink, id: 1, precedence: 5, components: [
            .ipv4RemoteAddress(IPv4Address(10, 46, 0, 3), mask: IPv4Address(255, 255, 255, 255)), .singleRemotePort(5060),
        ])))
        #expect(DownlinkPacket.matches(signalling, DownlinkPacket.udp(from: IPv4Address(10, 46, 0, 3), 5060, to: IPv4Address(10, 45, 0, 2), 40_000)))
        #expect(!DownlinkPacket.matches(signalling, DownlinkPacket.udp(from: IPv4Address(10, 46, 0, 3), 40_000, to: IPv4Address(10, 45, 0, 2), 5060)),
                "the UE's port is the local one")
    }
}
