#if canImport(Glibc)
import Glibc
#endif
import NetworkTestSupport
import Testing
import TestOracles
@testable import UserPlane

/// UDP GSO and GRO on the forwarding sockets, over loopback (which keeps a GSO run whole up to a
/// socket with UDP_GRO, and splits it for a socket without): runs are built from the send queue by
/// peer and size, split back into their datagrams on receive, and sent one by one when the kernel
/// refuses segmentation.
@Suite(.serialized)
struct OffloadTests {
    /// A GRO receiver: what arrives as (segment size, the datagrams the sender sent).
    final class Receiver {
        let socket: DatagramSocket
        let batch: PacketBatch

        init(_ address: String, offloads: DatagramSocket.Offloads = .all) throws {
            socket = try DatagramSocket(bind: IPv4Endpoint(address, port: 0)!, receiveTimeout: .milliseconds(50), offloads: offloads)
            batch = PacketBatch(receivingFrom: socket)
        }

        /// Every receive until `count` datagrams came (or a second passed): each received datagram's
        /// segment size and its segments.
        func receive(_ count: Int) -> [(segmentSize: Int, datagrams: [[UInt8]])] {
            var got: [(Int, [[UInt8]])] = [], total = 0
            let deadline = ContinuousClock.now + .seconds(1)
            while total < count, ContinuousClock.now < deadline {
                let received = socket.receive(into: batch)
                for index in 0..<received {
                    let datagrams = batch.segments(index).map { Array($0) }
                    got.append((batch.segmentSize(index), datagrams))
                    total += datagrams.count
                }
            }
            return got
        }
    }

    static func datagram(_ tag: UInt8, length: Int) -> [UInt8] { [tag] + [UInt8](repeating: tag &+ 1, count: length - 1) }

    /// Queues `datagrams` (with where each goes) in a batch's slots and sends them.
    static func send(_ datagrams: [([UInt8], IPv4Endpoint)], from socket: DatagramSocket) -> (sent: Int, segmentationRefused: Int) {
        let batch = PacketBatch(capacity: datagrams.count, slotSize: 2048, headroom: 0)
        for (index, (bytes, destination)) in datagrams.enumerated() {
            bytes.withUnsafeBufferPointer { batch.slot(index).update(from: $0.baseAddress!, count: bytes.count) }
            batch.queue(batch.slot(index), length: bytes.count, to: destination)
        }
        return socket.sendQueued(batch)
    }

    @Test func runsAreSplitByPeerAndSizeAndArriveWholeAtAGROSocket() throws {
        let sender = try DatagramSocket(bind: IPv4Endpoint("127.0.0.41", port: 0)!)
        #expect(sender.offloads == .all, "this kernel has UDP GSO and GRO (Linux 5.0 and later)")
        let one = try Receiver("127.0.0.42"), other = try Receiver("127.0.0.43")
        let a = one.socket.local, b = other.socket.local
        // One run of three (the last shorter), a run of one after a longer datagram breaks the run,
        // a datagram to another peer, then back to the first peer.
        let plan: [([UInt8], IPv4Endpoint)] = [(Self.datagram(1, length: 100), a), (Self.datagram(2, length: 100), a), (Self.datagram(3, length: 60), a),
                                               (Self.datagram(4, length: 100), a), (Self.datagram(5, length: 100), b), (Self.datagram(6, length: 100), a),
                                               (Self.datagram(7, length: 100), a)]
        #expect(Self.send(plan, from: sender) == (7, 0))
        let atOne = one.receive(6), atOther = other.receive(1)
        #expect(atOne.flatMap(\.datagrams) == plan.filter { $0.1 == a }.map(\.0), "every datagram, in order, as sent")
        #expect(atOne.map(\.segmentSize) == [100, 0, 100], "runs: 100+100+60, then 100 alone (a shorter one ends a run), then 100+100")
        #expect(atOther.flatMap(\.datagrams) == [Self.datagram(5, length: 100)])
    }

    @Test func aSocketWithoutGROGetsTheRunsDatagramByDatagram() throws {
        let sender = try DatagramSocket(bind: IPv4Endpoint("127.0.0.41", port: 0)!)
        let receiver = try Receiver("127.0.0.44", offloads: [])
        #expect(receiver.socket.offloads == [])
        let plan = (0..<10).map { (Self.datagram(UInt8($0), length: 80), receiver.socket.local) }
        #expect(Self.send(plan, from: sender) == (10, 0))
        let got = receiver.receive(10)
        #expect(got.allSatisfy { $0.segmentSize == 0 && $0.datagrams.count == 1 })
        #expect(got.flatMap(\.datagrams) == plan.map(\.0))
    }

    @Test func withoutGSOOrWhenTheKernelRefusesItDatagramsGoOneByOne() throws {
        let receiver = try Receiver("127.0.0.45")
        let plan = (0..<5).map { (Self.datagram(UInt8($0), length: 200), receiver.socket.local) }
        // Asked for none: plain sendmmsg.
        let plain = try DatagramSocket(bind: IPv4Endpoint("127.0.0.46", port: 0)!, offloads: [])
        #expect(Self.send(plan, from: plain) == (5, 0))
        #expect(receiver.receive(5).flatMap(\.datagrams) == plan.map(\.0))
        // The kernel refuses UDP_SEGMENT on a socket sending without checksums (EINVAL): the run is
        // sent again datagram by datagram, and said so.
        let refused = try DatagramSocket(bind: IPv4Endpoint("127.0.0.47", port: 0)!)
        var on: Int32 = 1
        #expect(setsockopt(refused.descriptor, SOL_SOCKET, SO_NO_CHECK, &on, socklen_t(MemoryLayout<Int32>.size)) == 0)
        #expect(Self.send(plan, from: refused) == (5, 1))
        #expect(receiver.receive(5).flatMap(\.datagrams) == plan.map(\.0))
    }

    @Test func anSGWRewritesEachGPDUOfAGRORunAndSendsThemOnAsRunsPerPeer() async throws {
        try await withOwnThread {
            let s1u = try DatagramSocket(bind: IPv4Endpoint("127.0.0.51", port: 0)!)
            let s5u = try DatagramSocket(bind: IPv4Endpoint("127.0.0.52", port: 0)!)
            let enb = try DatagramSocket(bind: IPv4Endpoint("127.0.0.53", port: 2152)!)
            let pgwOne = try Receiver("127.0.0.54"), pgwTwo = try Receiver("127.0.0.55")
            let path = SGWDataPath(s1u: s1u, s5u: s5u)
            defer { path.stop() }
            path.apply(.install(SGWBearerRule(s1uTEID: 0x51, s5uTEID: 0x55, pgw: TunnelEndpoint(address: pgwOne.socket.local, teid: 0xB1), enb: nil)))
            path.apply(.install(SGWBearerRule(s1uTEID: 0x61, s5uTEID: 0x65, pgw: TunnelEndpoint(address: pgwTwo.socket.local, teid: 0xB2), enb: nil)))
            // Twelve same-sized G-PDUs in one GSO send: eight for the first bearer, then one for no
            // bearer (an Error Indication back), then three for the second bearer.
            let teids: [UInt32] = Array(repeating: 0x51, count: 8) + [0x999] + Array(repeating: 0x61, count: 3)
            let payloads = teids.indices.map { Packets.udp(from: "10.45.0.2", 4000, to: "10.46.0.5", UInt16(7000 + $0), payload: "run") }
            let plan = zip(teids, payloads).map { (Packets.gpdu(teid: $0, $1), s1u.local) }
            #expect(Self.send(plan, from: enb) == (12, 0))
            let one = pgwOne.receive(8), two = pgwTwo.receive(3)
            #expect(one.flatMap(\.datagrams).compactMap(Packets.unwrap).map(\.teid) == Array(repeating: 0xB1, count: 8))
            #expect(one.flatMap(\.datagrams).compactMap(Packets.unwrap).map(\.payload) == Array(payloads[0..<8]))
            #expect(two.flatMap(\.datagrams).compactMap(Packets.unwrap).map(\.teid) == Array(repeating: 0xB2, count: 3))
            #expect(two.flatMap(\.datagrams).compactMap(Packets.unwrap).map(\.payload) == Array(payloads[9...]))
            #expect(one.count == 1 && one.first?.segmentSize == plan[0].0.count, "the eight went on as one run: \(one.map(\.segmentSize))")
            #expect(eventually { path.statistics[.uplinkPackets] == 11 && path.statistics[.droppedUnknownTEID] == 1 })
            let indication = try #require(Receiver.first(at: enb))
            #expect(Packets.decode(indication)?.header.messageType == .errorIndication)
        }
    }
}

extension OffloadTests.Receiver {
    /// The first datagram `socket` receives within a second.
    static func first(at socket: DatagramSocket) -> [UInt8]? {
        let batch = PacketBatch(receivingFrom: socket)
        let deadline = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < deadline {
            if socket.receive(into: batch) > 0 { return batch.segments(0).map { Array($0) }.first }
        }
        return nil
    }
}
