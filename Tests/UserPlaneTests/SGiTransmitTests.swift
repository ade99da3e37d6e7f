#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NetworkTestSupport
import NIOCore
import Testing
import TestOracles
import Wire
@testable import UserPlane

/// The PGW's uplink past the kernel's forwarding: what the kernel would forward out of the SGi
/// veth unchanged but for the TTL goes out on the packet socket; the rest, and everything the
/// kernel has not resolved yet, still goes through the TUN device, where the kernel resolves,
/// answers with ICMP or routes elsewhere. Which way a packet went shows in the TUN device's
/// receive counter (what was written into it) and in the writer's count.
@Suite(.serialized, .enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
struct SGiTransmitTests {
    final class Rig {
        let sgi: SGiLab
        let writer: TunWriter
        let raw: Int32

        init(_ tag: String) throws {
            let sgi = try SGiLab(tag)
            self.sgi = sgi
            let transmit = try sgi.lab.perform(in: sgi.pgw) { try SGiTransmit(interface: sgi.pgwLink, tun: "sgi0") }
            writer = TunWriter(device: sgi.tun, transmit: transmit)
            // Every UDP packet and ICMP message the data-network host gets, headers and all.
            raw = try sgi.lab.perform(in: sgi.dn) { socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_UDP)) }
            var timeout = timeval(tv_sec: 0, tv_usec: 300_000)
            setsockopt(raw, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var bytes: Int32 = 4 << 20
            setsockopt(raw, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, socklen_t(MemoryLayout<Int32>.size))
        }

        deinit {
            close(raw)
            sgi.lab.tearDown()
        }

        /// Queues copies of the packets and flushes: what the flush did and the packets written
        /// into the TUN device meanwhile.
        func flush(_ packets: [[UInt8]]) throws -> (result: TunWriteResult, intoTun: Int) {
            let before = try sgi.tunReceived()
            let storage = TunWriterTests.queueCopies(of: packets, in: writer)
            defer { storage.forEach { $0.deallocate() } }
            let result = writer.flush()
            return (result, try sgi.tunReceived() - before)
        }

        /// What the kernel sent into the TUN device since the last read.
        func readFromTun() -> [[UInt8]] {
            let batch = PacketBatch()
            let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: batch.capacity)
            let segmentSizes = UnsafeMutablePointer<UInt16>.allocate(capacity: batch.capacity)
            defer { lengths.deallocate(); segmentSizes.deallocate() }
            let count = sgi.tun.read(into: batch, lengths: lengths, segmentSizes: segmentSizes)
            return (0..<count).filter { lengths[$0] > 0 }.map {
                Array(UnsafeRawBufferPointer(start: batch.slot($0) + batch.headroom, count: Int(lengths[$0])))
            }
        }

        /// The UDP packets the data-network host received.
        func arrived() -> [[UInt8]] {
            var packets: [[UInt8]] = []
            var buffer = [UInt8](repeating: 0, count: 70_000)
            while true {
                let length = recv(raw, &buffer, buffer.count, 0)
                guard length > 0 else { return packets }
                packets.append(Array(buffer[0..<length]))
            }
        }
    }

    /// The first datagram finds no neighbour entry: it goes through the TUN device, the kernel
    /// resolves the host while forwarding it, and the next batch goes out on the packet socket.
    @Test func anUnresolvedNextHopGoesTheKernelsWayUntilTheKernelHasResolvedIt() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsa")
            let first = try rig.flush([TunWriterTests.datagram(ue: 2, counter: 0)])
            #expect(first.result.written == 1 && first.result.transmitted == 0 && first.intoTun == 1)
            #expect(try eventually(polls: 200) { try rig.sgi.dataNetworkHostNeighbour().contains("REACHABLE") })
            Thread.sleep(forTimeInterval: 0.02)
            let packets = (2...6).map { TunWriterTests.datagram(ue: $0, counter: 1) }
            let next = try rig.flush(packets)
            #expect(next.result.written == 5 && next.result.transmitted == 5 && next.intoTun == 0)
            let arrived = rig.arrived()
            #expect(arrived.count == 6, "\(arrived.count) of 6 datagrams at the host")
            #expect(Array(arrived.suffix(5)) == packets.map { Packets.forwarded($0) }, "the packets queued, one hop older")
        }
    }

    /// What the kernel must answer (TTL 1, over the link's MTU with DF), route elsewhere (another
    /// UE, the namespace's own address) or drop (a bad header checksum, IP options it would act
    /// on) is never sent on the packet socket: all of it is written into the TUN device.
    @Test func whatTheKernelMustAnswerRouteElsewhereOrDropStaysWithIt() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsb")
            try rig.sgi.resolveDataNetworkHost()
            // Lowered after the socket opened: the next route lookup reads it again.
            try rig.sgi.lab.inside(rig.sgi.pgw, ["link", "set", rig.sgi.pgwLink, "mtu", "600"])
            let writer = rig.writer
            var badChecksum = TunWriterTests.datagram(ue: 2, counter: 3)
            badChecksum[10] ^= 0x01
            let kept = [
                TunWriterTests.datagram(ue: 2, counter: 0, timeToLive: 1),
                TunWriterTests.datagram(ue: 2, counter: 1, size: 800),
                Self.datagram(to: "10.45.0.9"),
                Self.datagram(to: "10.46.0.4"),
                badChecksum,
                Self.withOptions(TunWriterTests.datagram(ue: 2, counter: 4)),
            ]
            let before = try rig.sgi.tunReceived()
            let storage = TunWriterTests.queueCopies(of: kept, in: writer)
            defer { storage.forEach { $0.deallocate() } }
            let result = writer.flush()
            #expect(result.transmitted == 0 && result.written == kept.count, "\(result)")
            #expect(try rig.sgi.tunReceived() - before == kept.count)
            // The kernel's answers come back out of the TUN device: Time Exceeded and Fragmentation Needed.
            var answers: Set<[UInt8]> = []
            #expect(eventually(polls: 200) {
                answers.formUnion(rig.readFromTun().filter { $0.count >= 22 && $0[9] == 1 }.map { [$0[20], $0[21]] })
                return answers.isSuperset(of: [[11, 0], [3, 4]])
            }, "ICMP type and code from the kernel: \(answers)")
            // And a plain datagram after them still goes out on the socket.
            let plain = TunWriterTests.queueCopies(of: [TunWriterTests.datagram(ue: 2, counter: 5)], in: writer)
            defer { plain.forEach { $0.deallocate() } }
            #expect(writer.flush().transmitted == 1)
        }
    }

    /// The kernel's answers decide, not what the tables happen to hold: a next hop the kernel
    /// has given up on (FAILED, its old MAC still there) and a destination the kernel routes out of
    /// another interface (though the SGi LAN's neighbour entry for it is reachable) go its way.
    @Test func aFailedNeighbourOrARouteOutOfAnotherInterfaceGoesTheKernelsWay() async throws {
        try await withOwnThread {
            let rig = try Rig("vcse")
            try rig.sgi.resolveDataNetworkHost()
            let (_, mac) = try rig.sgi.lab.run(in: rig.sgi.dn, ["cat", "/sys/class/net/\(rig.sgi.dnLink)/address"])
            try rig.sgi.lab.inside(rig.sgi.pgw, ["neigh", "replace", "10.46.0.5", "lladdr", mac.trimmingCharacters(in: .whitespacesAndNewlines),
                                                 "dev", rig.sgi.pgwLink, "nud", "failed"])
            let failed = try rig.flush([TunWriterTests.datagram(ue: 2, counter: 0)])
            #expect(failed.result.transmitted == 0 && failed.intoTun == 1)

            try rig.sgi.resolveDataNetworkHost()
            try rig.sgi.lab.inside(rig.sgi.pgw, ["route", "add", "10.46.0.5/32", "dev", "sgi0"])
            let transmit = try rig.sgi.lab.perform(in: rig.sgi.pgw) { try SGiTransmit(interface: rig.sgi.pgwLink, tun: "sgi0") }
            let writer = TunWriter(device: rig.sgi.tun, transmit: transmit)
            let before = try rig.sgi.tunReceived()
            let queued = TunWriterTests.queueCopies(of: [TunWriterTests.datagram(ue: 2, counter: 1)], in: writer)
            defer { queued.forEach { $0.deallocate() } }
            #expect(writer.flush().transmitted == 0)
            #expect(try rig.sgi.tunReceived() - before == 1)
        }
    }

    /// A flow whose packets go both ways keeps its order: what the socket took is sent before
    /// the next write into the TUN device.
    @Test func packetsLeaveInTheOrderQueuedWhicheverWayTheyGo() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsd")
            try rig.sgi.resolveDataNetworkHost()
            let packets = [TunWriterTests.datagram(ue: 2, counter: 0), Self.withOptions(TunWriterTests.datagram(ue: 2, counter: 1)),
                           TunWriterTests.datagram(ue: 2, counter: 2), Self.withOptions(TunWriterTests.datagram(ue: 2, counter: 3))]
            let sent = try rig.flush(packets)
            #expect(sent.result.transmitted == 2 && sent.intoTun == 2)
            // The counter is the datagram's first payload octet (its UDP header ends at 28, or 32 with options).
            let counters = rig.arrived().map { $0[Int($0[0] & 0x0F) * 4 + 8] &- 2 }
            #expect(counters == [0, 7, 14, 21], "payload starts in arrival order: \(counters)")
        }
    }

    /// A route's own MTU below the link's counts as forwarding counts it: longer packets go to
    /// the kernel, which answers Fragmentation Needed; shorter ones go on the socket.
    @Test func aRoutesOwnMTUCounts() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsi")
            try rig.sgi.resolveDataNetworkHost()
            try rig.sgi.lab.inside(rig.sgi.pgw, ["route", "add", "10.78.0.0/24", "via", "10.46.0.5", "mtu", "lock", "600"])
            let long = try rig.flush([Self.datagram(to: "10.78.0.1", size: 700)])
            #expect(long.result.transmitted == 0 && long.intoTun == 1)
            #expect(eventually(polls: 200) { rig.readFromTun().contains { $0.count >= 22 && $0[9] == 1 && $0[20] == 3 && $0[21] == 4 } },
                    "Fragmentation Needed from the kernel")
            let short = try rig.flush([Self.datagram(to: "10.78.0.1", size: 500)])
            #expect(short.result.transmitted == 1 && short.intoTun == 0)
        }
    }

    /// Trains of long datagrams go as GSO frames whose payloads stay where they are (one iovec
    /// each), short ones copied together into one: both come out of the kernel's segmentation as
    /// the very datagrams queued, one hop older.
    @Test(arguments: [100, 1000])
    func aTrainLeavesAsOneGSOFrameAndArrivesAsItsDatagrams(size: Int) async throws {
        try await withOwnThread {
            let rig = try Rig(size < 256 ? "vcsj" : "vcsk")
            try rig.sgi.resolveDataNetworkHost()
            // The veth cuts nothing itself: the kernel's software segmentation does, before it leaves.
            let off = try rig.sgi.lab.run(in: rig.sgi.pgw, ["ethtool", "-K", rig.sgi.pgwLink, "tx-udp-segmentation", "off",
                                                            "tx-checksum-ip-generic", "off"])
            try #require(off.status == 0, "ethtool: \(off.output)")
            let packets = (0..<5).map { TunWriterTests.datagram(ue: 2, counter: $0, size: size) }
            let sent = try rig.flush(packets)
            #expect(sent.result.transmitted == 5 && sent.result.coalesced == 5 && sent.intoTun == 0)
            let expected = packets.enumerated().map { Packets.forwarded($0.element, identification: UInt16($0.offset)) }
            #expect(rig.arrived() == expected)
        }
    }

    /// More frames than one sendmmsg batch holds (256) go in batches, all counted, in order.
    @Test func aFlushOfMoreFramesThanABatchSendsThemAllInOrder() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsf")
            try rig.sgi.resolveDataNetworkHost()
            // Alternate ports: each datagram ends its pair's train, so all 300 go alone.
            let packets = (0..<300).map { TunWriterTests.datagram(ue: 2, counter: $0, port: UInt16(9 + $0 % 2)) }
            let sent = try rig.flush(packets)
            #expect(sent.result.written == 300 && sent.result.transmitted == 300 && sent.result.coalesced == 0 && sent.intoTun == 0)
            let arrived = rig.arrived()
            #expect(arrived == packets.map { Packets.forwarded($0) }, "\(arrived.count) of 300 in the order queued")
        }
    }

    /// A flush asks the kernel about at most four destinations it does not know: the rest go
    /// through the TUN device this time and are asked about in the next flush; one it knows
    /// keeps its answer past the second while no lookup is left.
    @Test func aFlushAsksTheKernelAboutAtMostFourNewDestinations() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsg")
            try rig.sgi.resolveDataNetworkHost()
            try rig.sgi.lab.inside(rig.sgi.pgw, ["route", "add", "10.77.0.0/24", "via", "10.46.0.5"])
            let packets = (1...6).map { Self.datagram(to: "10.77.0.\($0)") }
            let first = try rig.flush(packets)
            #expect(first.result.written == 6 && first.result.transmitted == 4 && first.intoTun == 2)
            let second = try rig.flush(packets)
            #expect(second.result.written == 6 && second.result.transmitted == 6 && second.intoTun == 0)
            // A second on, 10.77.0.1's answer is due again, but four new destinations took this
            // flush's lookups: it is still used rather than sending 10.77.0.1 the kernel's way.
            Thread.sleep(forTimeInterval: 1.1)
            let third = try rig.flush((11...14).map { Self.datagram(to: "10.77.0.\($0)") } + [Self.datagram(to: "10.77.0.1")])
            #expect(third.result.transmitted == 5 && third.intoTun == 0)
        }
    }

    /// Frames the link refuses (it went down) are lost and not counted as written, so the uplink
    /// counts them as send failures.
    @Test func framesTheLinkRefusesAreNotCountedAsWritten() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsh")
            try rig.sgi.resolveDataNetworkHost()
            #expect(try rig.flush([TunWriterTests.datagram(ue: 2, counter: 0)]).result.transmitted == 1)
            try rig.sgi.lab.inside(rig.sgi.pgw, ["link", "set", rig.sgi.pgwLink, "down"])
            let refused = try rig.flush((1...3).map { TunWriterTests.datagram(ue: 2, counter: $0) })
            #expect(refused.result.written == 0 && refused.result.transmitted == 0 && refused.intoTun == 0)
        }
    }

    /// Frames sent past the kernel would leave its neighbour entry stale for good, and a host that
    /// moved to another MAC unreachable: each lookup marks the entry in use, so the kernel checks
    /// it again (DELAY, then a probe) as it would for packets of its own.
    @Test func aStaleNeighbourIsMarkedInUseSoTheKernelChecksItAgain() async throws {
        try await withOwnThread {
            let rig = try Rig("vcsc")
            try rig.sgi.resolveDataNetworkHost()
            try rig.sgi.lab.inside(rig.sgi.pgw, ["neigh", "change", "10.46.0.5", "dev", rig.sgi.pgwLink, "nud", "stale"])
            #expect(try rig.sgi.dataNetworkHostNeighbour().contains("STALE"))
            let sent = try rig.flush([TunWriterTests.datagram(ue: 2, counter: 0)])
            #expect(sent.result.transmitted == 1 && sent.intoTun == 0)
            let state = try rig.sgi.dataNetworkHostNeighbour()
            #expect(!state.contains("STALE") && ["DELAY", "PROBE", "REACHABLE"].contains { state.contains($0) }, "\(state)")
            #expect(rig.arrived().count == 1)
        }
    }

    /// A UE's datagram (DF set, as a Linux host's) to `destination`.
    static func datagram(to destination: String, size: Int = 64) -> [UInt8] {
        let from = IPEndpoint(IPAddress("10.45.0.2")!, 4000), to = IPEndpoint(IPAddress(destination)!, 9)
        let udp = try! UDPDatagram.make(from: from, to: to, payload: ByteBuffer(repeating: 0x75, count: size))
        return Array(try! IPPacket.make(source: from.address, destination: to.address, protocol: .udp, payload: udp, dontFragment: true)
            .readableBytesView)
    }

    /// The packet with four octets of IP options (End of Option List), IHL 6.
    static func withOptions(_ packet: [UInt8]) -> [UInt8] {
        var result = Array(packet[0..<20]) + [0, 0, 0, 0] + Array(packet[20...])
        result[0] = 0x46
        let length = result.count
        (result[2], result[3]) = (UInt8(length >> 8), UInt8(length & 0xFF))
        (result[10], result[11]) = (0, 0)
        let checksum = InternetChecksum.compute(ByteBuffer(bytes: result[0..<24]))
        (result[10], result[11]) = (UInt8(checksum >> 8), UInt8(checksum & 0xFF))
        return result
    }
}
