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

/// The PGW's downlink with read offloads on: a TCP (TSO) or UDP (GSO) run the kernel forwarded
/// whole comes in one read and leaves as the G-PDUs of the packets it stands for. Each expected
/// packet is built independently with the Wire codecs (own checksums), byte for byte.
@Suite(.serialized)
struct DownlinkSegmentationTests {
    static let ue = "10.45.0.2", server = "10.46.0.5"

    /// The downlink reading a socket pair's end as its TUN device: the test writes what the kernel
    /// would hand over (a virtio-net header and the packet) and the SGW peer gets the G-PDUs.
    struct Rig {
        let s5u: DatagramSocket
        let sgw: UDPPeer
        let path: PGWDataPath
        let kernelEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &ends) == 0)
            var size: Int32 = 4 << 20
            setsockopt(ends[1], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            kernelEnd = ends[1]
            s5u = try DatagramSocket(bind: IPv4Endpoint("127.0.0.1", port: 0)!)
            sgw = try UDPPeer("127.0.0.1", port: 0)
            path = PGWDataPath(s5u: s5u, tun: TunDevice(descriptor: ends[0], name: "pair"))
            path.apply(.install(ueAddress: IPv4Endpoint(DownlinkSegmentationTests.ue, port: 0)!.address,
                                bearers: [PGWBearerRule(uplinkTEID: 0x100, sgw: TunnelEndpoint(address: sgw.endpoint, teid: 0x200))]))
        }

        /// Hands the downlink one packet as a TUN read would: virtio-net header (little-endian) first.
        func deliver(_ packet: [UInt8], gsoType: UInt8, segmentSize: UInt16, checksumStart: UInt16, checksumOffset: UInt16,
                     checksumPartial: Bool = true) {
            let le = { (value: UInt16) in [UInt8(value & 0xFF), UInt8(value >> 8)] }
            let header: [UInt8] = [checksumPartial ? 1 : 0, gsoType] + le(0) + le(segmentSize) + le(checksumStart) + le(checksumOffset)
            let message = header + packet
            #expect(message.withUnsafeBytes { send(kernelEnd, $0.baseAddress, $0.count, 0) } == message.count)
        }

        /// The inner packets of the G-PDUs that arrive, until `count` or a second passes.
        func receive(_ count: Int) -> [[UInt8]] {
            var packets: [[UInt8]] = []
            while packets.count < count, let (bytes, _) = sgw.receive(within: .seconds(1)) {
                guard let (teid, payload) = Packets.unwrap(bytes) else { continue }
                #expect(teid == 0x200)
                packets.append(payload)
            }
            return packets
        }

        func stop() {
            path.stop()
            close(kernelEnd)
        }
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    static func tcp(sequence: UInt32, flags: TCPFlags, payload: [UInt8], identification: UInt16) -> [UInt8] {
        // Timestamps option (with NOPs): a header longer than 20 octets, copied into every segment.
        let segment = TCPSegment(sourcePort: 443, destinationPort: 50_000, sequenceNumber: sequence, acknowledgmentNumber: 0xABCD,
                                 flags: flags, window: 500, options: [1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9], payload: ByteBuffer(bytes: payload))
        return bytes(try! segment.packet(source: IPAddress(server)!, destination: IPAddress(ue)!, identification: identification))
    }

    @Test func aTSORunLeavesAsItsSegmentsWithSequenceNumbersAndFlagsAsTheKernelWouldCutThem() throws {
        let rig = try Rig()
        defer { rig.stop() }
        let data = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        var run = Self.tcp(sequence: 0xFFFF_FC00, flags: [.ack, .psh, .fin, .cwr], payload: data, identification: 0xFFFE)
        (run[36], run[37]) = (0x12, 0x34)  // partial checksum: the segmentation makes each one anew
        rig.deliver(run, gsoType: 1, segmentSize: 1_200, checksumStart: 20, checksumOffset: 16)
        let expected = [
            Self.tcp(sequence: 0xFFFF_FC00, flags: [.ack, .cwr], payload: Array(data[0..<1_200]), identification: 0xFFFE),
            Self.tcp(sequence: 0xFFFF_FC00 &+ 1_200, flags: [.ack], payload: Array(data[1_200..<2_400]), identification: 0xFFFF),
            Self.tcp(sequence: 0xFFFF_FC00 &+ 2_400, flags: [.ack, .psh, .fin], payload: Array(data[2_400...]), identification: 0),
        ]
        let got = rig.receive(3)
        #expect(got.count == 3)
        for (index, packet) in got.enumerated() where index < expected.count {
            #expect(packet == expected[index], "segment \(index)")
        }
        #expect(eventually { rig.path.statistics[.sgiRunsCut] == 1 && rig.path.statistics[.downlinkPackets] == 3 })
    }

    @Test func aUDPRunLeavesAsItsDatagramsTheLastShorter() throws {
        let rig = try Rig()
        defer { rig.stop() }
        let data = (0..<2_500).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let from = IPEndpoint(IPAddress(Self.server)!, 4433), to = IPEndpoint(IPAddress(Self.ue)!, 50_001)
        let datagram = { (payload: ArraySlice<UInt8>, identification: UInt16) in
            Self.bytes(try! UDPDatagram.packet(from: from, to: to, payload: ByteBuffer(bytes: Array(payload)), identification: identification))
        }
        rig.deliver(datagram(data[...], 40), gsoType: 5, segmentSize: 1_000, checksumStart: 20, checksumOffset: 6)
        let got = rig.receive(3)
        #expect(got == [datagram(data[0..<1_000], 40), datagram(data[1_000..<2_000], 41), datagram(data[2_000...], 42)])
    }

    @Test func whatCannotBeCutIsDroppedAndCountedAndTheNextPacketStillGoes() throws {
        let rig = try Rig()
        defer { rig.stop() }
        // An ICMP packet marked as a TCP run: not TCP or UDP, nothing to cut it by.
        let echo = Packets.echoRequest(from: Self.server, to: Self.ue, identifier: 1, sequence: 1)
        rig.deliver(echo, gsoType: 1, segmentSize: 10, checksumStart: 20, checksumOffset: 2)
        // Another kind of segmentation (UFO, type 3) cannot be taken at all.
        rig.deliver(echo, gsoType: 3, segmentSize: 10, checksumStart: 20, checksumOffset: 2)
        rig.deliver(echo, gsoType: 0, segmentSize: 0, checksumStart: 0, checksumOffset: 0, checksumPartial: false)
        #expect(rig.receive(1) == [echo])
        #expect(eventually { rig.path.statistics[.droppedMalformed] == 2 })
    }

    @Test func aWholePacketsPartialChecksumIsCompleted() throws {
        let rig = try Rig()
        defer { rig.stop() }
        let datagram = Self.bytes(try UDPDatagram.packet(from: IPEndpoint(IPAddress(Self.server)!, 53), to: IPEndpoint(IPAddress(Self.ue)!, 40_000),
                                                         payload: ByteBuffer(string: "partial checksum")))
        var partial = datagram
        var pseudo = InternetChecksum()
        pseudo.addPseudoHeader(source: IPAddress(Self.server)!, destination: IPAddress(Self.ue)!, protocol: .udp, length: datagram.count - 20)
        (partial[26], partial[27]) = (UInt8(pseudo.foldedSum >> 8), UInt8(pseudo.foldedSum & 0xFF))
        rig.deliver(partial, gsoType: 0, segmentSize: 0, checksumStart: 20, checksumOffset: 6)
        #expect(rig.receive(1) == [datagram])
    }

    /// The kernel's side of it: a data-network host sends 10 datagrams in one UDP GSO send, the
    /// PGW namespace forwards the run whole into the TUN device (offloads on), and the SGW gets
    /// ten G-PDUs whose packets are the ten datagrams, one hop older.
    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
    func aUDPGSOSendFromTheDataNetworkIsReadAsOneRunAndCut() async throws {
        try await withOwnThread {
            let sgi = try SGiLab("vcds")
            defer { sgi.lab.tearDown() }
            let (lab, pgw, tun) = (sgi.lab, sgi.pgw, sgi.tun)
            let (s5u, sgw) = try lab.perform(in: pgw) {
                (try DatagramSocket(bind: IPv4Endpoint("127.0.0.1", port: 2152)!), try UDPPeer("127.0.0.2", port: 2152))
            }
            let path = PGWDataPath(s5u: s5u, tun: tun)
            defer { path.stop() }
            path.apply(.install(ueAddress: IPv4Endpoint(Self.ue, port: 0)!.address,
                                bearers: [PGWBearerRule(uplinkTEID: 0x100, sgw: TunnelEndpoint(address: sgw.endpoint, teid: 0x200))]))

            let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 3 + 1) }
            try sgi.sendFromDataNetwork([data], to: Self.ue, port: 50_002, segment: 1_000)
            var packets: [[UInt8]] = []
            while packets.count < 10, let (bytes, _) = sgw.receive(within: .seconds(2)) {
                if let (teid, payload) = Packets.unwrap(bytes), teid == 0x200 { packets.append(payload) }
            }
            #expect(packets.count == 10)
            for (index, packet) in packets.enumerated() {
                guard packet.count == 1_028 else {
                    Issue.record("packet \(index): \(packet.count) octets")
                    continue
                }
                #expect(packet[8] == 63, "one hop older")
                #expect(Array(packet[28...]) == Array(data[index * 1_000..<(index + 1) * 1_000]), "datagram \(index) in order")
                #expect(Packets.udpChecksumHolds(packet, from: Self.server, to: Self.ue), "datagram \(index): UDP checksum")
                #expect(InternetChecksum.verifies(ByteBuffer(bytes: packet[0..<20])), "datagram \(index): IPv4 header checksum")
            }
            #expect(eventually { path.statistics[.sgiRunsCut] == 1 }, "read as one run, not segmented by the kernel first")
        }
    }
}
