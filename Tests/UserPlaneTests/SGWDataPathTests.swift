import GTPU
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import NetworkTestSupport
import Testing
import TestOracles
@testable import UserPlane

/// The SGW's forwarding loops over loopback: real sockets and threads, the test playing eNB and PGW.
@Suite(.serialized)
struct SGWDataPathTests {
    final class Recorder: Sendable {
        let idle = Mutex<[UInt32]>([])
        let errorIndications = Mutex<[(String, UInt32)]>([])
    }

    struct Rig {
        let s1u: DatagramSocket
        let s5u: DatagramSocket
        let enb: UDPPeer
        let pgw: UDPPeer
        let recorder = Recorder()
        let path: SGWDataPath

        init() throws {
            s1u = try DatagramSocket(bind: IPv4Endpoint("127.0.0.31", port: 0)!)
            s5u = try DatagramSocket(bind: IPv4Endpoint("127.0.0.32", port: 0)!)
            // The eNB listens on 2152: Error Indications go to that port (TS 29.281 4.4.2.4).
            enb = try UDPPeer("127.0.0.33", port: 2152)
            pgw = try UDPPeer("127.0.0.34", port: 2152)
            let recorder = self.recorder
            path = SGWDataPath(s1u: s1u, s5u: s5u, bufferLimit: BufferLimit(packetsPerBearer: 4, packetsInAll: 100),
                               events: .init(downlinkDataForIdleBearer: { teid in recorder.idle.withLock { $0.append(teid) } },
                                             errorIndication: { interface, teid, _ in recorder.errorIndications.withLock { $0.append((interface, teid)) } }))
        }

        func bearer(enbTEID: UInt32?) -> SGWBearerRule {
            SGWBearerRule(s1uTEID: 0x51, s5uTEID: 0x55, pgw: TunnelEndpoint(address: pgw.endpoint, teid: 0xB0),
                          enb: enbTEID.map { TunnelEndpoint(address: enb.endpoint, teid: $0) })
        }
    }

    @Test func relaysBothWaysWithTheTEIDsSwapped() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            rig.path.apply(.install(rig.bearer(enbTEID: 0xE0)))
            let uplink = Packets.udp(from: "10.45.0.2", 4000, to: "10.46.0.5", 7, payload: "up")
            #expect(eventually {
                rig.enb.send(Packets.gpdu(teid: 0x51, uplink), to: rig.s1u.local)
                return rig.pgw.receive(within: .milliseconds(100)).flatMap { Packets.unwrap($0.bytes) }.map { $0.teid == 0xB0 && $0.payload == uplink } ?? false
            })
            let downlink = Packets.udp(from: "10.46.0.5", 7, to: "10.45.0.2", 4000, payload: "down")
            rig.pgw.send(Packets.gpdu(teid: 0x55, downlink, sequenceNumber: 3), to: rig.s5u.local)
            let received = try #require(rig.enb.receive())
            #expect(Packets.decode(received.bytes)?.header.teid == 0xE0)
            #expect(Packets.decode(received.bytes)?.header.sequenceNumber == 3, "the header is kept, only the TEID changes")
            #expect(Packets.unwrap(received.bytes)?.payload == downlink)
            #expect(received.from == "\(rig.s1u.local)")
            #expect(eventually { rig.path.statistics[.downlinkPackets] == 1 && rig.path.statistics[.uplinkPackets] >= 1 })
        }
    }

    @Test func idleBearersBufferNotifyOnceAndDeliverInOrder() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            rig.path.apply(.install(rig.bearer(enbTEID: nil)))
            usleep(150_000)
            for index in 0..<6 {
                rig.pgw.send(Packets.gpdu(teid: 0x55, Packets.udp(from: "10.46.0.5", 7, to: "10.45.0.2", 4000, payload: "p\(index)")), to: rig.s5u.local)
            }
            #expect(eventually { rig.path.statistics[.bufferedPackets] == 4 && rig.path.statistics[.droppedBufferFull] == 2 })
            #expect(rig.enb.drain().isEmpty, "nothing reaches the eNB while the UE is idle")
            #expect(rig.recorder.idle.withLock { $0 } == [0x55], "one notification for the first packet")
            rig.path.apply(.install(rig.bearer(enbTEID: 0xE1)))
            let delivered = rig.enb.drain(for: .milliseconds(600)).compactMap(Packets.unwrap)
            #expect(delivered.map(\.teid) == [0xE1, 0xE1, 0xE1, 0xE1])
            #expect(delivered.map { String(decoding: $0.payload.suffix(2), as: UTF8.self) } == ["p0", "p1", "p2", "p3"])
        }
    }

    @Test func aDiscardedBufferIsDroppedAndTheNextPacketNotifiesAgain() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            rig.path.apply(.install(rig.bearer(enbTEID: nil)))
            usleep(150_000)
            for index in 0..<3 {
                rig.pgw.send(Packets.gpdu(teid: 0x55, Packets.udp(from: "10.46.0.5", 7, to: "10.45.0.2", 4000, payload: "a\(index)")), to: rig.s5u.local)
            }
            #expect(eventually { rig.path.statistics[.bufferedPackets] == 3 })
            #expect(rig.recorder.idle.withLock { $0 } == [0x55])
            rig.path.apply(.discardBuffered(s5uTEID: 0x55))
            // The loop takes changes between receives (each waits at most 100 ms): let it take this one.
            usleep(250_000)
            rig.pgw.send(Packets.gpdu(teid: 0x55, Packets.udp(from: "10.46.0.5", 7, to: "10.45.0.2", 4000, payload: "b0")), to: rig.s5u.local)
            #expect(eventually { rig.path.statistics[.droppedBufferDiscarded] == 3 && rig.path.statistics[.bufferedPackets] == 4 })
            #expect(rig.recorder.idle.withLock { $0 } == [0x55, 0x55], "the first packet after the discard is reported again")
            rig.path.apply(.install(rig.bearer(enbTEID: 0xE2)))
            let delivered = rig.enb.drain(for: .milliseconds(600)).compactMap(Packets.unwrap)
            #expect(delivered.map(\.teid) == [0xE2], "only what came after the discard is delivered")
            #expect(delivered.map { String(decoding: $0.payload.suffix(2), as: UTF8.self) } == ["b0"])
        }
    }

    @Test func strangersGetErrorIndicationsEchoIsAnsweredAndMalformedInputIsCounted() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            rig.path.apply(.install(rig.bearer(enbTEID: 0xE0)))
            rig.enb.send(Packets.gpdu(teid: 0x999, [0x45, 0, 0, 20]), to: rig.s1u.local)
            let indication = try #require(rig.enb.receive().flatMap { Packets.decode($0.bytes) })
            guard case .errorIndication(let body) = indication.body else { Issue.record("\(indication)"); return }
            #expect(body.teid == 0x999)
            #expect(body.peerAddress == .v4(.init(rig.s1u.local.address)))
            rig.enb.send(Packets.encode(.echoRequest(sequenceNumber: 77)), to: rig.s1u.local)
            let echo = try #require(rig.enb.receive().flatMap { Packets.decode($0.bytes) })
            #expect(echo.header.messageType == .echoResponse && echo.header.sequenceNumber == 77)
            for garbage: [UInt8] in [[0x30], [0x30, 0xFF, 0x00, 0x10, 0, 0, 0, 0x51], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]] {
                rig.enb.send(garbage, to: rig.s1u.local)
            }
            #expect(eventually { rig.path.statistics[.droppedMalformed] == 3 })
            let uplink = Packets.udp(from: "10.45.0.2", 1, to: "10.46.0.5", 7)
            rig.enb.send(Packets.gpdu(teid: 0x51, uplink), to: rig.s1u.local)
            #expect(rig.pgw.receive().flatMap { Packets.unwrap($0.bytes) }?.payload == uplink, "still serving")
            // The eNB says it lost the tunnel: the control plane hears of it.
            rig.enb.send(Packets.encode(.errorIndication(teid: 0xE0, localAddress: .v4(.init(rig.enb.endpoint.address)))), to: rig.s1u.local)
            #expect(eventually { rig.recorder.errorIndications.withLock { $0.contains { $0 == ("s1u", 0xE0) } } })
        }
    }

    @Test func anEndMarkerClosesTheOldPath() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            rig.path.apply(.install(rig.bearer(enbTEID: 0xE0)))
            rig.path.apply(.endMarker(TunnelEndpoint(address: rig.enb.endpoint, teid: 0xE0)))
            let marker = try #require(rig.enb.receive().flatMap { Packets.decode($0.bytes) })
            #expect(marker.header.messageType == .endMarker && marker.header.teid == 0xE0)
        }
    }
}
