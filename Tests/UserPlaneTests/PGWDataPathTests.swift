import Foundation
import GTPU
import NIOCore
import PCAP
import Synchronization
import NetworkTestSupport
import Testing
import TestOracles
import Wire
@testable import UserPlane

/// The PGW's forwarding loops in a namespace of the test's own: G-PDUs in, real IP packets out of
/// the TUN device into the namespace's kernel (which answers pings and receives UDP), and the
/// replies wrapped back toward the SGW on the right bearer.
@Suite(.serialized)
struct PGWDataPathTests {
    static let ue = "10.45.0.2"
    static let dataNetwork = "10.46.0.5"

    struct Rig {
        let lab = NetworkLab("vcup")
        let namespace: String
        let s5u: DatagramSocket
        let sgw: UDPPeer
        let tun: TunDevice
        let path: PGWDataPath

        init() throws {
            let namespace = try lab.namespace("pgw")
            self.namespace = namespace
            tun = try lab.perform(in: namespace) { try TunDevice(name: "sgi0") }
            try lab.inside(namespace, ["link", "set", "sgi0", "up"])
            try lab.inside(namespace, ["addr", "add", "\(PGWDataPathTests.dataNetwork)/32", "dev", "lo"])
            try lab.inside(namespace, ["route", "add", "10.45.0.0/24", "dev", "sgi0"])
            (s5u, sgw) = try lab.perform(in: namespace) {
                (try DatagramSocket(bind: IPv4Endpoint("127.0.0.1", port: 2152)!), try UDPPeer("127.0.0.2", port: 2152))
            }
            path = PGWDataPath(s5u: s5u, tun: tun)
            let ue = IPv4Endpoint(PGWDataPathTests.ue, port: 0)!.address
            let sgwEnd = sgw.endpoint
            path.apply(.install(ueAddress: ue, bearers: [
                PGWBearerRule(uplinkTEID: 0x100, sgw: TunnelEndpoint(address: sgwEnd, teid: 0x200)),
                PGWBearerRule(uplinkTEID: 0x101, sgw: TunnelEndpoint(address: sgwEnd, teid: 0x201),
                              filters: [DownlinkFilter(protocolNumber: 17, localPorts: 5000...5010, precedence: 1)]),
            ]))
        }
    }

    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
    func aPingThroughTheTunIsAnsweredByTheDataNetwork() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            let capturePath = TestEnvironment.temporaryFile("pgw-lo.pcap")
            defer { try? FileManager.default.removeItem(atPath: capturePath) }
            let capture = try rig.lab.perform(in: rig.namespace) { try LiveCapture(interface: "lo", path: capturePath, filter: "udp port 2152") }
            let captured = Mutex<Int?>(nil)
            Thread { let frames = capture.run(); captured.withLock { $0 = frames } }.start()
            usleep(300_000)  // the capture is open; let its loop start before the first packet

            var reply: (teid: UInt32, payload: [UInt8])?
            #expect(eventually(polls: 50) {
                rig.sgw.send(Packets.gpdu(teid: 0x100, Packets.echoRequest(from: Self.ue, to: Self.dataNetwork, identifier: 0x77, sequence: 1)),
                             to: rig.s5u.local)
                reply = rig.sgw.receive(within: .milliseconds(200)).flatMap { Packets.unwrap($0.bytes) }
                return reply != nil
            })
            let answer = try #require(reply)
            #expect(answer.teid == 0x200, "the default bearer carries the reply")
            // An ICMP echo reply from the data network to the UE, with our identifier.
            #expect(answer.payload[9] == 1 && answer.payload[20] == 0)
            #expect(Array(answer.payload[12..<16]) == [10, 46, 0, 5] && Array(answer.payload[16..<20]) == [10, 45, 0, 2])
            #expect(answer.payload[24] == 0 && answer.payload[25] == 0x77)

            usleep(300_000)  // the last frames reach the file before the loop is broken
            capture.stop()
            #expect(eventually { captured.withLock { $0 } != nil }, "the capture ends")
            #expect((captured.withLock { $0 } ?? 0) >= 2, "it saw the G-PDUs both ways")
            if TestEnvironment.canRunPcapCheck {
                let check = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capturePath])
                print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(check.status == 0, "pcap-check: \(check.output)")
            }
        }
    }

    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
    func downlinkTakesTheBearerWhoseFilterMatches() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            let server = try rig.lab.perform(in: rig.namespace) { try UDPPeer(Self.dataNetwork, port: 30000) }
            let ue = IPv4Endpoint(Self.ue, port: 5004)!
            var media: (teid: UInt32, payload: [UInt8])?
            #expect(eventually(polls: 50) {
                server.send(Array("rtp".utf8), to: ue)
                media = rig.sgw.receive(within: .milliseconds(200)).flatMap { Packets.unwrap($0.bytes) }
                return media != nil
            })
            #expect(media?.teid == 0x201, "UDP to port 5004 matches the dedicated bearer's filter")
            server.send(Array("web".utf8), to: IPv4Endpoint(Self.ue, port: 6000)!)
            #expect(rig.sgw.receive().flatMap { Packets.unwrap($0.bytes) }?.teid == 0x200, "anything else takes the default bearer")
            rig.path.apply(.remove(ueAddress: ue.address))
            usleep(300_000)
            server.send(Array("gone".utf8), to: ue)
            #expect(rig.sgw.drain().isEmpty)
            #expect(eventually { rig.path.statistics[.droppedNoSession] >= 1 })
        }
    }

    /// Filters of different bearers interleave by their own precedence, not by bearer.
    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
    func theLowestPrecedenceFilterWinsAcrossBearers() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            let ue = IPv4Endpoint(Self.ue, port: 0)!
            let sgwEnd = rig.sgw.endpoint
            rig.path.apply(.install(ueAddress: ue.address, bearers: [
                PGWBearerRule(uplinkTEID: 0x100, sgw: TunnelEndpoint(address: sgwEnd, teid: 0x200)),
                PGWBearerRule(uplinkTEID: 0x101, sgw: TunnelEndpoint(address: sgwEnd, teid: 0x201),
                              filters: [DownlinkFilter(protocolNumber: 17, localPorts: 5000...5010, precedence: 9)]),
                PGWBearerRule(uplinkTEID: 0x102, sgw: TunnelEndpoint(address: sgwEnd, teid: 0x202),
                              filters: [DownlinkFilter(protocolNumber: 6, precedence: 1), DownlinkFilter(localPorts: 5004...5004, precedence: 3)]),
            ]))
            let server = try rig.lab.perform(in: rig.namespace) { try UDPPeer(Self.dataNetwork, port: 30000) }
            var first: UInt32?
            #expect(eventually(polls: 50) {
                server.send(Array("rtp".utf8), to: IPv4Endpoint(Self.ue, port: 5004)!)
                first = rig.sgw.receive(within: .milliseconds(200)).flatMap { Packets.unwrap($0.bytes) }?.teid
                return first != nil
            })
            #expect(first == 0x202, "port 5004 matches precedence 3 before precedence 9")
            server.send(Array("rtp".utf8), to: IPv4Endpoint(Self.ue, port: 5005)!)
            #expect(rig.sgw.receive().flatMap { Packets.unwrap($0.bytes) }?.teid == 0x201)
        }
    }

    @Test(.enabled(if: NetworkLab.tunUnavailableReason == nil, "skipped: \(NetworkLab.tunUnavailableReason ?? "")"))
    func spoofedSourcesUnknownTunnelsAndGarbageAreDroppedAndServiceGoesOn() async throws {
        try await withOwnThread {
            let rig = try Rig()
            defer { rig.path.stop() }
            let sink = try rig.lab.perform(in: rig.namespace) { try UDPPeer(Self.dataNetwork, port: 9) }
            usleep(150_000)
            rig.sgw.send(Packets.gpdu(teid: 0x100, Packets.udp(from: "10.45.0.99", 1, to: Self.dataNetwork, 9)), to: rig.s5u.local)
            #expect(eventually { rig.path.statistics[.droppedSpoofedSource] == 1 })
            rig.sgw.send(Packets.gpdu(teid: 0x4242, Packets.udp(from: Self.ue, 1, to: Self.dataNetwork, 9)), to: rig.s5u.local)
            let indication = try #require(rig.sgw.receive().flatMap { Packets.decode($0.bytes) })
            #expect(indication.header.messageType == .errorIndication)
            rig.sgw.send([0x30, 0xFF, 0xFF, 0xFF], to: rig.s5u.local)
            #expect(eventually { rig.path.statistics[.droppedMalformed] == 1 })
            rig.sgw.send(Packets.gpdu(teid: 0x101, Packets.udp(from: Self.ue, 5004, to: Self.dataNetwork, 9, payload: "still here")), to: rig.s5u.local)
            let delivered = try #require(sink.receive())
            #expect(String(decoding: delivered.bytes, as: UTF8.self) == "still here", "the dedicated bearer's uplink reaches SGi too")
            #expect(sink.drain().isEmpty, "the spoofed packet never reached the data network")
        }
    }
}
