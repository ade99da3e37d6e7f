import Foundation
import NIOCore
import PCAP
import Testing
import TestOracles
import Wire

@Suite("Generated captures pass tshark and read back")
struct TrafficCaptureWriterTests {
    let mme = IPAddress("10.10.0.2")!
    let sgw = IPAddress("10.10.0.3")!
    let hss = IPAddress("10.10.0.4")!
    let enb = IPAddress("10.20.0.10")!

    /// What the test writes, in order, and expects the dissector to give back.
    struct Sent: Equatable, CustomStringConvertible {
        var source: IPEndpoint
        var destination: IPEndpoint
        var kind: String
        var bytes: [UInt8]
        var description: String { "\(kind) \(source) > \(destination) \(bytes.count) bytes" }
    }

    /// UDP (GTPv2-C), TCP (Diameter on 3868, one answer larger than the MSS), SCTP (S1AP with PPID 18
    /// on 36412, Diameter with PPID 46 on 3868, one message large enough to be fragmented).
    func writeSampleCapture(to path: String, framing: TrafficCaptureWriter.Framing) throws -> [Sent] {
        let writer = try TrafficCaptureWriter(path: path, framing: framing)
        var sent: [Sent] = []
        func udp(_ payload: ByteBuffer, _ from: IPEndpoint, _ to: IPEndpoint) throws {
            try writer.writeUDP(payload, from: from, to: to)
            sent.append(Sent(source: from, destination: to, kind: "udp", bytes: Array(payload.readableBytesView)))
        }
        func tcp(_ payload: ByteBuffer, _ from: IPEndpoint, _ to: IPEndpoint) throws {
            try writer.writeTCP(payload, from: from, to: to)
            sent.append(Sent(source: from, destination: to, kind: "tcp", bytes: Array(payload.readableBytesView)))
        }
        func sctp(_ payload: ByteBuffer, _ from: IPEndpoint, _ to: IPEndpoint, ppid: UInt32, stream: UInt16) throws {
            try writer.writeSCTP(payload, from: from, to: to, stream: stream, ppid: ppid)
            sent.append(Sent(source: from, destination: to, kind: "sctp/\(stream)/\(ppid)",
                             bytes: Array(payload.readableBytesView)))
        }
        let s11MME = IPEndpoint(mme, 2123), s11SGW = IPEndpoint(sgw, 2123)
        let s6aMME = IPEndpoint(mme, 40123), s6aHSS = IPEndpoint(hss, 3868)
        let s1ENB = IPEndpoint(enb, 36412), s1MME = IPEndpoint(mme, 36412)
        let sctpMME = IPEndpoint(mme, 50000), sctpHSS = IPEndpoint(hss, 3868)

        try udp(SamplePayloads.gtpv2EchoRequest, s11MME, s11SGW)
        try tcp(SamplePayloads.diameterWatchdog(request: true, hopByHop: 1), s6aMME, s6aHSS)
        try tcp(SamplePayloads.diameterWatchdog(request: false, hopByHop: 1, padding: 3000), s6aHSS, s6aMME)
        try sctp(SamplePayloads.s1apResetAcknowledge, s1ENB, s1MME, ppid: 18, stream: 0)
        try sctp(SamplePayloads.diameterWatchdog(request: true, hopByHop: 2), sctpMME, sctpHSS, ppid: 46, stream: 0)
        try sctp(SamplePayloads.diameterWatchdog(request: false, hopByHop: 2, padding: 2500), sctpHSS, sctpMME,
                 ppid: 46, stream: 0)
        try udp(SamplePayloads.gtpv2EchoRequest, s11SGW, s11MME)
        for round in 0..<3 {
            try sctp(SamplePayloads.s1apResetAcknowledge, s1MME, s1ENB, ppid: 18, stream: UInt16(round))
            try tcp(SamplePayloads.diameterWatchdog(request: true, hopByHop: 10 + UInt32(round)), s6aHSS, s6aMME)
        }
        try writer.closeTCP(from: s6aMME, to: s6aHSS)
        try writer.closeSCTP(from: s1ENB, to: s1MME)
        try writer.close()
        return sent
    }

    /// What the dissector yields for the file, in the same shape as `Sent`.
    func readBack(_ path: String) throws -> (received: [Sent], statistics: DissectionStatistics) {
        let dissection = try CaptureDissection(path: path)
        let received = dissection.payloads.map { payload -> Sent in
            let kind = switch payload.transport {
            case .udp: "udp"
            case .tcp: "tcp"
            case .sctp(let stream, let ppid, _): "sctp/\(stream)/\(ppid)"
            case .other(let number): "other/\(number)"
            }
            return Sent(source: payload.source, destination: payload.destination, kind: kind, bytes: payload.byteArray)
        }
        return (received, dissection.statistics)
    }

    @Test("reader and dissector give back every payload written", arguments: [TrafficCaptureWriter.Framing.ethernet, .rawIP])
    func roundTrip(framing: TrafficCaptureWriter.Framing) throws {
        let path = TestEnvironment.temporaryFile("roundtrip.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sent = try writeSampleCapture(to: path, framing: framing)
        let (received, statistics) = try readBack(path)
        // TCP payloads may arrive split into segments; join consecutive pieces of one direction.
        #expect(Self.joiningTCP(received) == sent)
        #expect(statistics[.tcpRetransmission] == 0 && statistics[.sctpDuplicateTSN] == 0)
        #expect(statistics[.sctpFragmentHeld] > 0, "the large SCTP message should have been fragmented")
    }

    @Test("tshark finds no malformed frame and no expert error (pcap-check), checksums included",
          .enabled(if: TestEnvironment.canRunPcapCheck,
                   "skipped: needs tshark and ../shared/tools/pcap-check (both are required when CI=true)"))
    func pcapCheck() throws {
        guard TestEnvironment.tsharkPath != nil, TestEnvironment.hasPcapCheck else {
            Issue.record("tshark or \(TestEnvironment.pcapCheck.path) is missing")
            return
        }
        let path = TestEnvironment.temporaryFile("check.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try writeSampleCapture(to: path, framing: .ethernet)
        let check = try TestEnvironment.run("/bin/bash", [TestEnvironment.pcapCheck.path, path])
        print(check.output)
        #expect(check.status == 0, "pcap-check: \(check.output)")
        #expect(check.output.contains("s1ap") && check.output.contains("diameter") && check.output.contains("gtpv2"))

        // pcap-check leaves checksums unverified; verify every one of them here.
        let validation = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                          "-o", "tcp.check_checksum:TRUE", "-o", "sctp.checksum:CRC-32C",
                          "-d", "tcp.port==3868,diameter"]
        let bad = try TShark.fields(path, filter: "ip.checksum.status==0 || udp.checksum.status==0 || "
                                        + "tcp.checksum.status==0 || sctp.checksum.status==0 || _ws.expert.severity>=warning",
                                    ["frame.number", "_ws.expert.message"], extra: validation)
        #expect(bad.isEmpty, "frames with a bad checksum or an expert warning: \(bad)")
        let good = try TShark.fields(path, filter: "sctp.checksum.status==1", ["frame.number"], extra: validation)
        #expect(!good.isEmpty, "tshark should have verified SCTP checksums")
    }

    @Test("a packet that cannot be built is a write error naming the file")
    func unbuildable() throws {
        let path = TestEnvironment.temporaryFile("refused.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TrafficCaptureWriter(path: path)
        let v4 = IPEndpoint(mme, 1), v6 = IPEndpoint(IPAddress("2001:db8::1")!, 1)
        #expect(throws: PcapError.self) { try writer.writeUDP(ByteBuffer(string: "x"), from: v4, to: v6) }
        #expect(throws: PcapError.self) { try writer.writeSCTP(ByteBuffer(), from: v4, to: IPEndpoint(sgw, 1), ppid: 18) }
        try writer.writeUDP(ByteBuffer(string: "still fine"), from: v4, to: IPEndpoint(sgw, 1))
        try writer.close()
        #expect(try PcapReader.readAll(path: path).count == 1)
    }

    static func joiningTCP(_ payloads: [Sent]) -> [Sent] {
        var joined: [Sent] = []
        for payload in payloads {
            if payload.kind == "tcp", let last = joined.last, last.kind == "tcp", last.source == payload.source,
               last.destination == payload.destination {
                joined[joined.count - 1].bytes += payload.bytes
            } else {
                joined.append(payload)
            }
        }
        return joined
    }
}
