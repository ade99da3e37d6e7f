#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NetworkTestSupport
import NIOCore
import Testing
import Wire
@testable import UserPlane

/// The PGW's downlink with the SGi packet ring: a data-network namespace sends to a UE through a
/// veth into the PGW's namespace, where the ring takes what it selects before IP forwarding and
/// the ingress rule (checked with `nft`, which nobody here wrote) drops it; the rest still goes
/// the kernel's way, through the TUN device, with the kernel's ICMP errors.
@Suite(.serialized, .enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
struct SGiRingTests {
    static let ue = "10.45.0.2", server = "10.46.0.5"

    /// An SGi lab with the PGW's data path reading the ring on its veth and the TUN device.
    final class Rig {
        let sgi: SGiLab
        let sgw: UDPPeer
        let path: PGWDataPath
        let ring: SGiRing

        init(_ tag: String, tunMTU: Int = 1500) throws {
            let sgi = try SGiLab(tag)
            self.sgi = sgi
            try sgi.lab.inside(sgi.pgw, ["link", "set", "sgi0", "mtu", "\(tunMTU)"])
            let (s5u, sgw, ring) = try sgi.lab.perform(in: sgi.pgw) {
                (try DatagramSocket(bind: IPv4Endpoint("127.0.0.1", port: 2152)!), try UDPPeer("127.0.0.2", port: 2152),
                 try SGiRing(interface: sgi.pgwLink, pools: [SGiRing.Pool(network: Rig.address("10.45.0.0"), prefixLength: 16,
                                                                          local: Rig.address("10.45.0.1"))],
                             maxLength: try NetworkInterface.mtu(of: "sgi0"), frames: 256))
            }
            (self.sgw, self.ring) = (sgw, ring)
            path = PGWDataPath(s5u: s5u, tun: sgi.tun, ring: ring)
            path.apply(.install(ueAddress: Rig.address(SGiRingTests.ue),
                                bearers: [PGWBearerRule(uplinkTEID: 0x100, sgw: TunnelEndpoint(address: sgw.endpoint, teid: 0x200))]))
        }

        deinit {
            path.stop()
            sgi.lab.tearDown()
        }

        static func address(_ text: String) -> UInt32 { IPv4Endpoint(text, port: 0)!.address }

        /// The G-PDUs' inner packets that reach the SGW within `window`.
        func received(for window: Duration = .milliseconds(500)) -> [[UInt8]] {
            sgw.drain(for: window).compactMap { Packets.unwrap($0).map(\.payload) }
        }

        /// What the ingress rules dropped (their packet counters added up), as `nft` reads it.
        func ruleCount() throws -> Int? { try SGiRingTests.ruleCount(sgi) }

        /// Packets the kernel forwarded into the TUN device (its transmit counter).
        func tunTransmitted() throws -> Int? { try sgi.tunTransmitted() }

        func send(_ payloads: [[UInt8]], ttl: Int32 = 64, segment: Int32 = 0, dontFragment: Bool = false) throws {
            try sgi.sendFromDataNetwork(payloads, to: SGiRingTests.ue, ttl: ttl, segment: segment, dontFragment: dontFragment)
        }
    }

    static func ruleCount(_ sgi: SGiLab) throws -> Int? {
        let (status, output) = try sgi.lab.run(in: sgi.pgw, ["nft", "list", "table", "netdev", "vcore_pgw_sgi"])
        guard status == 0 else { return nil }
        return output.components(separatedBy: "counter packets ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.reduce(0, +)
    }

    static func payload(_ index: Int, size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) } }

    static func checksumsHold(_ packet: [UInt8]) -> Bool {
        packet.count >= 28 && InternetChecksum.verifies(ByteBuffer(bytes: packet[0..<20]))
            && Packets.udpChecksumHolds(packet, from: Self.server, to: Self.ue)
    }

    @Test func datagramsToAUEComeThroughTheRingOneHopOlderWithCompleteChecksumsAndTheKernelForwardsNoneOfThem() throws {
        let rig = try Rig("vcrg1")
        let payloads = (0..<20).map { Self.payload($0, size: 1 + $0 * 70) }
        // (The kernel may have sent something of its own on the device when it came up.)
        let transmittedBefore = try #require(try rig.tunTransmitted())
        try rig.send(payloads)
        let packets = rig.received()
        #expect(packets.count == 20, "each exactly once")
        for (index, packet) in packets.enumerated() where index < payloads.count {
            let carried = Array(packet.dropFirst(28)) == payloads[index]
            #expect(carried, "datagram \(index): its payload, in order")
            #expect(packet[8] == 63, "datagram \(index): one hop older")
            #expect(Self.checksumsHold(packet), "datagram \(index): IPv4 and UDP checksums")
        }
        #expect(rig.path.statistics[.sgiRingTaken] == 20)
        #expect(try rig.ruleCount() == 20, "the ingress rule dropped what the ring took")
        #expect(try rig.tunTransmitted() == transmittedBefore, "the kernel forwarded none of them into the TUN device")
    }

    @Test func aSmallUDPGSOSendIsTakenWholeAndCutIntoItsDatagrams() throws {
        let rig = try Rig("vcrg2")
        let data = Self.payload(0, size: 1_000)
        try rig.send([data], segment: 300)
        let packets = rig.received()
        #expect(packets.map(\.count) == [328, 328, 328, 128])
        for (index, packet) in packets.enumerated() {
            let carried = Array(packet.dropFirst(28)) == Array(data[(index * 300)..<min(1_000, (index + 1) * 300)])
            #expect(carried, "datagram \(index): its part of the payload")
            #expect(packet[8] == 63 && Self.checksumsHold(packet), "datagram \(index): TTL and checksums")
        }
        #expect(rig.path.statistics[.sgiRingTaken] == 1)
        #expect(rig.path.statistics[.sgiRunsCut] == 1)
    }

    @Test func tcpExpiringAndTooLongPacketsStayWithTheKernelWhichAnswersWithICMP() throws {
        let rig = try Rig("vcrg3", tunMTU: 1_400)
        let icmp = try rig.sgi.lab.perform(in: rig.sgi.dn) { socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP)) }
        defer { close(icmp) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(icmp, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        // TCP: a SYN to the UE goes through the TUN device.
        let connector = try rig.sgi.lab.perform(in: rig.sgi.dn) { socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0) }
        defer { close(connector) }
        var destination = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: UInt16(8080).bigEndian,
                                      sin_addr: in_addr(s_addr: inet_addr(Self.ue)), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        _ = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(connector, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let syn = rig.received().first
        #expect(syn?[9] == 6 && syn?[8] == 63, "the SYN reached the SGW, forwarded by the kernel")

        // TTL 1: the kernel answers Time Exceeded; a datagram longer than the TUN device's MTU
        // with DF set: Fragmentation Needed. Neither reaches the SGW.
        try rig.send([Self.payload(1, size: 100)], ttl: 1)
        try rig.send([Self.payload(2, size: 1_420)], dontFragment: true)
        #expect(rig.received().isEmpty)
        var answers: [(type: UInt8, code: UInt8)] = []
        var buffer = [UInt8](repeating: 0, count: 2_048)
        while answers.count < 2 {
            let count = recv(icmp, &buffer, buffer.count, 0)
            guard count >= 28 else { break }
            let header = Int(buffer[0] & 0x0F) * 4
            if buffer[header] != 0, buffer[header] != 8 { answers.append((buffer[header], buffer[header + 1])) }
        }
        #expect(answers.map { "\($0.type)/\($0.code)" } == ["11/0", "3/4"], "Time Exceeded, then Fragmentation Needed")
        #expect(rig.path.statistics[.sgiRingTaken] == 0)
        #expect(try rig.ruleCount() == 0)
    }

    @Test func malformedFramesAreDroppedAndCountedAndTheNextDatagramStillGoes() throws {
        let rig = try Rig("vcrg4")
        let good = Packets.udp(from: Self.server, 50_000, to: Self.ue, 50_001, payload: "after the bad ones")
        var badChecksum = good
        badChecksum[10] ^= 0xFF
        var tooShort = good
        tooShort[2...3] = [0x05, 0xDC]  // claims 1,500 octets, the frame carries fewer
        tooShort[10...11] = [0, 0]
        let sum = tooShort[0..<20].enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? Int($1.element) << 8 : Int($1.element)) }
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        tooShort[10] = UInt8(~folded >> 8 & 0xFF)
        tooShort[11] = UInt8(~folded & 0xFF)
        try sendFrames([badChecksum, tooShort, good], rig: rig)
        let packets = rig.received()
        #expect(packets.count == 1)
        #expect(packets.first.map { Array($0.dropFirst(28)) } == Array("after the bad ones".utf8))
        #expect(rig.path.statistics[.droppedMalformed] == 2)
        #expect(rig.path.statistics[.sgiRingTaken] == 3)
        #expect(try rig.ruleCount() == 3, "the ingress rule took all three from the kernel")
    }

    @Test func trafficForOtherAddressesNeverFillsTheRing() throws {
        let rig = try Rig("vcrg6")
        // More datagrams than the ring has frames to the PGW namespace's own SGi address (the
        // kernel's to deliver, nothing for the TUN device: the socket's filter keeps them out of
        // the ring, and a frame passed over would go back at once), then some to the UE.
        let local = try rig.sgi.lab.perform(in: rig.sgi.dn) { try UDPPeer(Self.server, port: 0) }
        for index in 0..<600 { local.send(Self.payload(index, size: 10), to: "10.46.0.4", port: 9) }
        Thread.sleep(forTimeInterval: 0.2)
        try rig.send((0..<5).map { Self.payload($0, size: 20) })
        #expect(rig.received().count == 5)
        #expect(rig.path.statistics[.droppedRingFull] == 0)
    }

    /// The ring alone (no data path reading it): the socket's filter, the C selection and the
    /// ingress rule agree, packet by packet, on what the PGW takes.
    @Test func theRingHoldsExactlyWhatTheRuleDrops() throws {
        let sgi = try SGiLab("vcrg7")
        defer { sgi.lab.tearDown() }
        let ring = try sgi.lab.perform(in: sgi.pgw) {
            try SGiRing(interface: sgi.pgwLink, pools: [SGiRing.Pool(network: Rig.address("10.45.0.0"), prefixLength: 16,
                                                                  local: Rig.address("10.45.0.1"))], maxLength: 1_500, frames: 64)
        }
        let echo = Array(Packets.echoRequest(from: Self.server, to: Self.ue, identifier: 7, sequence: 1).dropFirst(20))
        try sgi.lab.perform(in: sgi.dn) {
            let udp = try UDPPeer(Self.server, port: 0)
            // More than the ring's 64 frames for the PGW namespace's own address: kept out by the
            // socket's filter, or they would fill the ring and the UE's packets below would be lost.
            for index in 0..<100 { udp.send(Self.payload(index, size: 10), to: "10.46.0.4", port: 9) }
            udp.send(Self.payload(1, size: 10), to: "10.45.0.1", port: 9)  // the pool's own address
            udp.send(Self.payload(2, size: 1_472), to: Self.ue, port: 9)   // exactly the MTU
            let icmp = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP))
            let other = socket(AF_INET, Int32(SOCK_RAW.rawValue), 132)    // SCTP's number, no SCTP needed
            defer { close(icmp); close(other) }
            var two: Int32 = 2
            setsockopt(icmp, Int32(IPPROTO_IP), IP_TTL, &two, socklen_t(MemoryLayout<Int32>.size))
            var destination = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr(Self.ue)),
                                          sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            for (descriptor, bytes) in [(icmp, echo), (other, [UInt8](repeating: 1, count: 40))] {
                let sent = withUnsafePointer(to: &destination) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                #expect(sent == bytes.count)
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let packets = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 64)
        let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
        let sizes = UnsafeMutablePointer<UInt16>.allocate(capacity: 64)
        defer { packets.deallocate(); lengths.deallocate(); sizes.deallocate() }
        let taken = ring.take(into: packets, lengths: lengths, segmentSizes: sizes, max: 64)
        let seen = (0..<taken).map { (length: Int(lengths[$0]), protocol: packets[$0]![9], ttl: packets[$0]![8]) }
        #expect(seen.map(\.length) == [1_500, 20 + echo.count], "the MTU-long datagram and the echo request, nothing else: \(seen)")
        #expect(seen.map(\.protocol) == [17, 1])
        #expect(seen.last?.ttl == 1, "TTL 2 arrives, leaves with 1")
        ring.release()
        #expect(ring.fullDrops() == 0)
        #expect(try Self.ruleCount(sgi) == 2, "the rule dropped the same two")
    }

    @Test func anotherRingReplacesTheRulesAndRemovingThemLeavesNoTable() throws {
        let rig = try Rig("vcrg5")
        let lab = rig.sgi.lab
        let second = try lab.perform(in: rig.sgi.pgw) {
            try SGiRing(interface: rig.sgi.pgwLink, pools: [SGiRing.Pool(network: Rig.address("10.47.0.0"), prefixLength: 24,
                                                                       local: Rig.address("10.47.0.1"))], maxLength: 1_500, frames: 64)
        }
        let listed = try lab.run(in: rig.sgi.pgw, ["nft", "list", "table", "netdev", "vcore_pgw_sgi"]).output
        #expect(listed.contains("ip daddr 10.47.0.0/24 ip daddr != 10.47.0.1"))
        #expect(!listed.contains("10.45.0.0/16"), "one PGW's rules at a time")
        #expect(listed.components(separatedBy: "drop").count == 3, "a rule for UDP and one for ICMP")
        _ = second
        try lab.perform(in: rig.sgi.pgw) { try SGiRing.removeDropRules() }
        try lab.perform(in: rig.sgi.pgw) { try SGiRing.removeDropRules() }  // nothing there: still success
        #expect(try lab.run(in: rig.sgi.pgw, ["nft", "list", "tables"]).output.isEmpty)
    }

    /// Writes Ethernet frames carrying `packets` from the data-network host's veth to the PGW's (an
    /// AF_PACKET socket: a UDP socket's kernel would mend the headers).
    private func sendFrames(_ packets: [[UInt8]], rig: Rig) throws {
        let (status, mac) = try rig.sgi.lab.run(in: rig.sgi.pgw, ["cat", "/sys/class/net/\(rig.sgi.pgwLink)/address"])
        let destination = mac.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap { UInt8($0, radix: 16) }
        #expect(status == 0 && destination.count == 6)
        let link = try #require(rig.sgi.lab.interfaces(in: rig.sgi.dn)?.first { $0 != "lo" })
        try rig.sgi.lab.perform(in: rig.sgi.dn) {
            let raw = socket(AF_PACKET, Int32(SOCK_RAW.rawValue), 0)
            #expect(raw >= 0)
            defer { close(raw) }
            // struct sockaddr_ll (netpacket/packet.h, which Glibc's module leaves out): family,
            // protocol, ifindex, hatype, pkttype, halen, address.
            var address = [UInt8](repeating: 0, count: 20)
            withUnsafeBytes(of: UInt16(AF_PACKET)) { address.replaceSubrange(0..<2, with: $0) }
            withUnsafeBytes(of: Int32(if_nametoindex(link))) { address.replaceSubrange(4..<8, with: $0) }
            address[11] = 6
            address.replaceSubrange(12..<18, with: destination)
            for packet in packets {
                let frame = destination + [0x02, 0, 0, 0, 0, 0x05] + [0x08, 0x00] + packet
                let sent = address.withUnsafeBytes {
                    sendto(raw, frame, frame.count, 0, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
                }
                #expect(sent == frame.count)
            }
        }
    }
}
