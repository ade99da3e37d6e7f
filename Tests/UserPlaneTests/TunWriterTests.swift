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

/// The SGi writer's trains: which queued packets go to the kernel together as one UDP GSO packet,
/// what that packet and its virtio-net header look like (seen through a SOCK_SEQPACKET socket pair
/// standing in for the TUN device), and — through a real TUN device and IP forwarding into a
/// namespace — that the kernel cuts the trains back into the very datagrams that were queued.
@Suite(.serialized)
struct TunWriterTests {
    /// One write as the kernel would get it: the virtio-net header's fields and the packet.
    struct Write {
        var flags: UInt8, gsoType: UInt8, headerLength: UInt16, gsoSize: UInt16, checksumStart: UInt16, checksumOffset: UInt16
        var packet: [UInt8]

        var isTrain: Bool { gsoType == 5 }
        var payload: [UInt8] { Array(packet[28...]) }
    }

    /// A writer over one end of a socket pair, and every message the other end got.
    final class SocketPair {
        let device: TunDevice
        let writer: TunWriter
        private let peer: Int32

        init(capacity: Int = 4096) {
            var ends: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &ends) == 0)
            var size: Int32 = 8 << 20
            setsockopt(ends[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(ends[1], SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            device = TunDevice(descriptor: ends[0], name: "pair")
            writer = TunWriter(device: device, capacity: capacity)
            peer = ends[1]
            _ = fcntl(peer, F_SETFL, fcntl(peer, F_GETFL) | O_NONBLOCK)
        }

        deinit { close(peer) }

        /// Queues copies of the packets (kept alive until the flush), flushes, and returns the writes.
        func write(_ packets: [[UInt8]]) -> (result: TunWriteResult, writes: [Write]) {
            let storage = TunWriterTests.queueCopies(of: packets, in: writer)
            defer { storage.forEach { $0.deallocate() } }
            let result = writer.flush()
            var writes: [Write] = []
            var buffer = [UInt8](repeating: 0, count: 70_000)
            while true {
                let length = recv(peer, &buffer, buffer.count, 0)
                guard length >= 10 else { break }
                let field = { (offset: Int) in UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8 }  // little-endian, as virtio on x86/arm
                writes.append(Write(flags: buffer[0], gsoType: buffer[1], headerLength: field(2), gsoSize: field(4),
                                    checksumStart: field(6), checksumOffset: field(8), packet: Array(buffer[10..<length])))
            }
            return (result, writes)
        }
    }

    /// A UDP datagram from a UE address; `counter` makes each payload different.
    static func datagram(ue: Int, counter: Int, size: Int = 100, dontFragment: Bool = true, identification: UInt16 = 0,
                         timeToLive: UInt8 = 64, port: UInt16 = 9) -> [UInt8] {
        let from = IPEndpoint(IPAddress("10.45.0.\(ue)")!, 4000), to = IPEndpoint(IPAddress("10.46.0.5")!, port)
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ counter &* 7 &+ ue) }
        let udp = try! UDPDatagram.make(from: from, to: to, payload: ByteBuffer(bytes: payload))
        let packet = try! IPPacket.make(source: from.address, destination: to.address, protocol: .udp, payload: udp,
                                        identification: identification, dontFragment: dontFragment, timeToLive: timeToLive)
        return Array(packet.readableBytesView)
    }

    static func payloads(_ packets: [[UInt8]]) -> [UInt8] { packets.flatMap { $0[28...] } }

    /// Queues a copy of each packet (the writer keeps pointers until its flush); the caller deallocates them.
    static func queueCopies(of packets: [[UInt8]], in writer: TunWriter) -> [UnsafeMutableRawBufferPointer] {
        packets.map { packet in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: packet.count, alignment: 8)
            copy.copyBytes(from: packet)
            #expect(writer.queue(copy.baseAddress!, length: copy.count))
            return copy
        }
    }

    @Test func interleavedFlowsBecomeOneTrainEachInTheOrderOfTheirFirstPacket() {
        let wire = SocketPair()
        let packets = (0..<5).flatMap { counter in (1...3).map { Self.datagram(ue: $0, counter: counter) } }
        let (result, writes) = wire.write(packets)
        #expect(result == TunWriteResult(written: 15, coalesced: 15, writes: 3, segmentationRefused: 0))
        #expect(writes.count == 3)
        for (index, write) in writes.enumerated() {
            let flow = packets.filter { $0[15] == UInt8(index + 1) }
            #expect(write.isTrain && write.flags == 1 && write.gsoSize == 100 && write.headerLength == 28)
            #expect(write.checksumStart == 20 && write.checksumOffset == 6)
            #expect(write.payload == Self.payloads(flow))
            // The first packet's headers with the whole train's lengths, the IPv4 checksum redone,
            // and in the UDP checksum field the pseudo-header's sum the kernel starts each segment's from.
            #expect(Array(write.packet[0..<28].enumerated().filter { ![2, 3, 10, 11, 24, 25, 26, 27].contains($0.offset) }.map(\.element))
                    == Array(flow[0][0..<28].enumerated().filter { ![2, 3, 10, 11, 24, 25, 26, 27].contains($0.offset) }.map(\.element)))
            #expect(Int(write.packet[2]) << 8 | Int(write.packet[3]) == 28 + 500)
            #expect(Int(write.packet[24]) << 8 | Int(write.packet[25]) == 8 + 500)
            #expect(InternetChecksum.verifies(ByteBuffer(bytes: write.packet[0..<20])))
            var pseudo = InternetChecksum()
            pseudo.addPseudoHeader(source: IPAddress("10.45.0.\(index + 1)")!, destination: IPAddress("10.46.0.5")!, protocol: .udp, length: 508)
            #expect(UInt16(write.packet[26]) << 8 | UInt16(write.packet[27]) == pseudo.foldedSum)
        }
    }

    @Test func aShorterDatagramEndsItsTrainAndALongerOneStartsANewOne() {
        let wire = SocketPair()
        let packets = [Self.datagram(ue: 1, counter: 0), Self.datagram(ue: 1, counter: 1), Self.datagram(ue: 1, counter: 2, size: 60),
                       Self.datagram(ue: 1, counter: 3), Self.datagram(ue: 1, counter: 4, size: 200), Self.datagram(ue: 1, counter: 5, size: 200)]
        let (result, writes) = wire.write(packets)
        #expect(result.written == 6 && result.writes == 3)
        #expect(writes.map(\.isTrain) == [true, false, true])
        #expect(writes.map(\.gsoSize) == [100, 0, 200])
        #expect(writes[0].payload == Self.payloads(Array(packets[0..<3])))
        #expect(writes[1].packet == packets[3])
        #expect(writes[2].payload == Self.payloads(Array(packets[4...])))
    }

    @Test func aTrainStopsAtSixtyFourSegments() {
        let wire = SocketPair()
        let packets = (0..<65).map { Self.datagram(ue: 1, counter: $0, size: 64) }
        let (_, writes) = wire.write(packets)
        #expect(writes.map(\.isTrain) == [true, false])
        #expect(writes[0].payload == Self.payloads(Array(packets[0..<64])))
        #expect(writes[1].packet == packets[64])
    }

    /// What the kernel would drop, or segmentation would change, reaches it alone and as it came —
    /// and ends the train of its pair of hosts, so nothing between them is reordered.
    @Test(arguments: ["a wrong UDP checksum", "no UDP checksum", "a wrong IPv4 header checksum", "a fragment",
                      "another TTL", "another port", "DF clear"])
    func aDatagramThatCannotJoinGoesAloneAndUnchanged(_ case: String) {
        let wire = SocketPair()
        var packets = (0..<5).map { Self.datagram(ue: 1, counter: $0) }
        switch `case` {
        case "a wrong UDP checksum": packets[2][27] ^= 0xFF
        case "no UDP checksum": (packets[2][26], packets[2][27]) = (0, 0)
        case "a wrong IPv4 header checksum": packets[2][11] ^= 0xFF
        case "a fragment": packets[2][6] = 0x20  // MF set (the header checksum is now wrong too: alone either way)
        case "another TTL": packets[2] = Self.datagram(ue: 1, counter: 2, timeToLive: 9)
        case "another port": packets[2] = Self.datagram(ue: 1, counter: 2, port: 10)
        default: packets[2] = Self.datagram(ue: 1, counter: 2, dontFragment: false)
        }
        let (result, writes) = wire.write(packets)
        #expect(result.written == 5, "\(`case`)")
        #expect(writes.map(\.isTrain) == [true, false, true], "\(`case`)")
        #expect(writes[0].payload == Self.payloads(Array(packets[0..<2])), "\(`case`)")
        #expect(writes[1].packet == packets[2] && writes[1].gsoType == 0 && writes[1].flags == 0, "\(`case`)")
        #expect(writes[2].payload == Self.payloads(Array(packets[3...])), "\(`case`)")
    }

    /// A flow's first datagram is checked only once a second would join it: a wrong checksum
    /// there leaves it alone, unchanged, and the train starts with the next.
    @Test(arguments: ["a wrong UDP checksum", "a wrong IPv4 header checksum"])
    func aFirstDatagramThatCannotLeadGoesAloneAndTheNextStartsTheTrain(_ case: String) {
        let wire = SocketPair()
        var packets = (0..<4).map { Self.datagram(ue: 1, counter: $0) }
        if `case` == "a wrong UDP checksum" { packets[0][27] ^= 0xFF } else { packets[0][11] ^= 0xFF }
        let (result, writes) = wire.write(packets)
        #expect(result.written == 4 && result.coalesced == 3, "\(`case`)")
        #expect(writes.map(\.isTrain) == [false, true], "\(`case`)")
        #expect(writes[0].packet == packets[0] && writes[0].gsoType == 0, "\(`case`)")
        #expect(writes[1].payload == Self.payloads(Array(packets[1...])), "\(`case`)")
    }

    @Test func withoutDFOnlyConsecutiveIdentificationsTravelTogether() {
        let wire = SocketPair()
        // The kernel numbers a train's segments from the first one's Identification on: a
        // non-atomic datagram joins only if that is the Identification it already has.
        let packets = [Self.datagram(ue: 1, counter: 0, dontFragment: false, identification: 700),
                       Self.datagram(ue: 1, counter: 1, dontFragment: false, identification: 701),
                       Self.datagram(ue: 1, counter: 2, dontFragment: false, identification: 702),
                       Self.datagram(ue: 1, counter: 3, dontFragment: false, identification: 9)]
        let (_, writes) = wire.write(packets)
        #expect(writes.map(\.isTrain) == [true, false])
        #expect(writes[0].payload == Self.payloads(Array(packets[0..<3])))
        #expect(writes[1].packet == packets[3])
    }

    @Test func otherPacketsGoOneByOneAndAFullWriterSaysSo() {
        let wire = SocketPair(capacity: 3)
        let echo = Packets.echoRequest(from: "10.45.0.1", to: "10.46.0.5", identifier: 1, sequence: 1)
        let garbage: [UInt8] = [0x60, 0, 0]
        let (result, writes) = wire.write([echo, garbage, Self.datagram(ue: 2, counter: 0)])
        #expect(result == TunWriteResult(written: 3, coalesced: 0, writes: 3, segmentationRefused: 0))
        #expect(writes.map(\.packet) == [echo, garbage, Self.datagram(ue: 2, counter: 0)])
        let spare = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        defer { spare.deallocate() }
        for _ in 0..<3 { #expect(wire.writer.queue(spare, length: 64)) }
        #expect(wire.writer.isFull)
        #expect(!wire.writer.queue(spare, length: 64))
    }

    /// Through a real TUN device, forwarded by the kernel into another namespace: every datagram
    /// arrives once, whole, in its flow's order, with a checksum the receiving stack accepts (the
    /// receiving UDP layer drops a datagram whose checksum is wrong), and on the wire — the PGW's
    /// veth made to cut every train before it leaves — each is the packet that was queued, one hop
    /// older: Identifications kept for non-atomic datagrams, counted up from the first for atomic
    /// ones (RFC 6864: theirs means nothing). The one with a wrong checksum arrives unchanged.
    /// The same through the SGi packet socket, which sends the trains as GSO frames out of the veth
    /// and the lone datagram as it is, one hop older, with no write into the TUN device at all.
    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"),
          arguments: [false, true])
    func theKernelCutsTrainsBackIntoTheQueuedDatagrams(throughThePacketSocket: Bool) async throws {
        try await withOwnThread {
            let sgi = try SGiLab(throughThePacketSocket ? "vctx" : "vctw")
            defer { sgi.lab.tearDown() }
            let (lab, dn, device) = (sgi.lab, sgi.dn, sgi.tun)
            // No segmentation or checksum offload on the PGW's veth: the kernel cuts each train and
            // completes every checksum before it leaves, as for a NIC that cannot.
            let offOutput = try lab.run(in: sgi.pgw, ["ethtool", "-K", sgi.pgwLink, "tx-udp-segmentation", "off", "tx-checksum-ip-generic", "off"])
            try #require(offOutput.status == 0, "ethtool: \(offOutput.output)")
            let receiver = try lab.perform(in: dn) { try UDPPeer("10.46.0.5", port: 9) }
            let raw = try lab.perform(in: dn) { socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_UDP)) }
            defer { close(raw) }
            var timeout = timeval(tv_sec: 0, tv_usec: 300_000)
            setsockopt(raw, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

            // ue 1 and 2 send atomic datagrams (DF, Identification 0), ue 3 non-atomic ones numbered 1000 on.
            var packets = (0..<20).flatMap { counter in
                (1...3).map { ue in
                    ue == 3 ? Self.datagram(ue: ue, counter: counter, size: 200, dontFragment: false, identification: UInt16(1_000 + counter))
                        : Self.datagram(ue: ue, counter: counter, size: 200)
                }
            }
            var spoiled = Self.datagram(ue: 2, counter: 99, size: 200)
            spoiled[27] ^= 0x55
            packets.insert(spoiled, at: 31)
            var transmit: SGiTransmit?
            if throughThePacketSocket {
                try sgi.resolveDataNetworkHost()
                transmit = try lab.perform(in: sgi.pgw) { try SGiTransmit(interface: sgi.pgwLink, tun: "sgi0") }
            }
            let writer = TunWriter(device: device, transmit: transmit)
            let storage = Self.queueCopies(of: packets, in: writer)
            defer { storage.forEach { $0.deallocate() } }
            let writtenBefore = try sgi.tunReceived()
            let result = writer.flush()
            #expect(result.written == 61 && result.coalesced == 60 && result.segmentationRefused == 0)
            // One train for ue 1 and ue 3 each, two for ue 2 around the spoiled one, which goes alone:
            // five writes into the TUN device, or five frames on the packet socket and no write.
            #expect(result.writes == (throughThePacketSocket ? 0 : 5))
            #expect(result.transmitted == (throughThePacketSocket ? 61 : 0))
            #expect(try sgi.tunReceived() - writtenBefore == (throughThePacketSocket ? 0 : 5))

            var arrived: [Int: [[UInt8]]] = [:]
            while let (bytes, from) = receiver.receive(within: .milliseconds(500)) {
                let host = from.split(separator: ":")[0].split(separator: ".").last.flatMap { Int($0) } ?? 0
                arrived[host, default: []].append(bytes)
            }
            for ue in 1...3 {
                let sent = packets.filter { $0[15] == UInt8(ue) && $0 != spoiled }.map { Array($0[28...]) }
                #expect(arrived[ue] == sent, "ue \(ue): \(arrived[ue]?.count ?? 0) of \(sent.count) datagrams, in order")
            }
            var seen: [Int: [[UInt8]]] = [:]
            var buffer = [UInt8](repeating: 0, count: 70_000)
            while true {
                let length = recv(raw, &buffer, buffer.count, 0)
                guard length > 0 else { break }
                seen[Int(buffer[15]), default: []].append(Array(buffer[0..<length]))
            }
            // What the wire should carry: the queued packet with TTL 63 and its header checksum redone.
            let ue1 = packets.filter { $0[15] == 1 }
            #expect(seen[1] == ue1.enumerated().map { Packets.forwarded($0.element, identification: UInt16($0.offset)) })
            let ue2 = packets.filter { $0[15] == 2 }, cut = ue2.firstIndex(of: spoiled)!
            let ue2Expected = ue2[..<cut].enumerated().map { Packets.forwarded($0.element, identification: UInt16($0.offset)) } + [Packets.forwarded(spoiled)]
                + ue2[(cut + 1)...].enumerated().map { Packets.forwarded($0.element, identification: UInt16($0.offset)) }
            #expect(seen[2] == ue2Expected, "the spoiled datagram forwarded as it was, wrong UDP checksum and all, between its flow's two trains")
            #expect(seen[3] == packets.filter { $0[15] == 3 }.map { Packets.forwarded($0) })
        }
    }
}
