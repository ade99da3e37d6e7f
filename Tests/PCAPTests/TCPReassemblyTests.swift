import NIOCore
import PCAP
import Testing
import Wire

@Suite("TCP stream reassembly")
struct TCPReassemblyTests {
    typealias P = PacketFactory

    @Test("handshake, then data in both directions, each direction its own flow")
    func handshakeAndData() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 999, flags: .syn),
            P.tcp(from: P.server, to: P.client, seq: 4999, ack: 1000, flags: [.syn, .ack]),
            P.tcp(seq: 1000, ack: 5000),
            P.tcp(seq: 1000, ack: 5000, flags: [.ack, .psh], "request"),
            P.tcp(from: P.server, to: P.client, seq: 5000, ack: 1007, flags: [.ack, .psh], "answer"),
        ])
        #expect(payloads.map(\.text) == ["request", "answer"])
        #expect(payloads.map(\.frame) == [4, 5])
        #expect(payloads.map(\.transport) == [.tcp(connection: 0), .tcp(connection: 0)])
        #expect(payloads[0].flow == payloads[1].flow.reversed)
        #expect(dissector.statistics[.tcpNoPayload] == 3)
    }

    @Test("out-of-order segments are held until the gap fills, then delivered by the filling frame")
    func outOfOrder() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 100, "aaaa"),
            P.tcp(seq: 112, "cccc"),
            P.tcp(seq: 116, "dddd"),
            P.tcp(seq: 104, "bbbbbbbb"),
        ])
        #expect(payloads.map(\.text) == ["aaaa", "bbbbbbbbccccdddd"])
        #expect(payloads.map(\.frame) == [1, 4])
        #expect(dissector.statistics[.tcpOutOfOrderHeld] == 2)
    }

    @Test("exact retransmissions are dropped, partial overlaps give only their new bytes")
    func retransmissionAndOverlap() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 1, flags: .syn),
            P.tcp(seq: 2, "0123456789"),
            P.tcp(seq: 2, "0123456789"),
            P.tcp(seq: 7, "56789abcde"),
            P.tcp(seq: 4, "234"),
            P.tcp(seq: 17, "fg"),
        ])
        #expect(payloads.map(\.text) == ["0123456789", "abcde", "fg"])
        #expect(dissector.statistics[.tcpRetransmission] == 2)
        #expect(dissector.statistics[.tcpPartialOverlap] == 1)
    }

    @Test("overlapping held segments: the stream takes each byte once")
    func overlappingHeldSegments() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 0, "ab"),
            P.tcp(seq: 6, "ghij"),
            P.tcp(seq: 4, "efgh"),
            P.tcp(seq: 6, "gh"),
            P.tcp(seq: 2, "cd"),
        ])
        #expect(payloads.map(\.text) == ["ab", "cdefghij"])
    }

    @Test("a capture that starts mid-stream begins at the first segment with data, not at a keep-alive")
    func midStream() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 7_000_000 - 1), // keep-alive: one byte behind the stream
            P.tcp(seq: 7_000_000, "first"),
            P.tcp(seq: 7_000_005, "second"),
            P.tcp(seq: 6_999_990, "old bytes!"), // sent before the capture began: a retransmission to us
        ])
        #expect(payloads.map(\.text) == ["first", "second"])
        #expect(dissector.statistics[.tcpRetransmission] == 1)
    }

    @Test("sequence numbers wrap around 2^32")
    func wrapAround() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 0xFFFF_FFFC, flags: .syn),
            P.tcp(seq: 0xFFFF_FFFD, "abc"),
            P.tcp(seq: 0x0000_0003, "ghi"),
            P.tcp(seq: 0x0000_0000, "def"),
        ])
        #expect(payloads.map(\.text) == ["abc", "defghi"])
    }

    @Test("FIN ends a direction once its bytes are in; a new SYN on the 4-tuple starts a new connection")
    func finAndNewConnection() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.tcp(seq: 10, flags: .syn),
            P.tcp(seq: 16, flags: [.fin, .ack], "world"), // FIN ahead of a gap: waits for "hello"
            P.tcp(seq: 11, "hello"),
            P.tcp(seq: 16, "world"), // after close
            P.tcp(seq: 500, flags: .syn),
            P.tcp(seq: 501, "again"),
            P.tcp(from: P.server, to: P.client, seq: 900, flags: [.rst]),
            P.tcp(from: P.server, to: P.client, seq: 900, "late"),
        ])
        #expect(payloads.map(\.text) == ["helloworld", "again"])
        #expect(payloads.map(\.transport) == [.tcp(connection: 0), .tcp(connection: 1)])
        #expect(dissector.statistics[.tcpAfterClose] == 2)
    }

    @Test("past the out-of-order limit the gap is given up and the next bytes flagged")
    func gapSkippedAtLimit() throws {
        var limits = DissectorLimits()
        limits.tcpOutOfOrderSegments = 2
        var dissector = Dissector(limits: limits)
        let payloads = try dissector.feed([
            P.tcp(seq: 0, "aa"),
            P.tcp(seq: 4, "cc"), // "bb" at 2 never comes
            P.tcp(seq: 6, "dd"),
            P.tcp(seq: 8, "ee"),
            P.tcp(seq: 10, "ff"),
        ])
        #expect(payloads.map(\.text) == ["aa", "ccddee", "ff"])
        #expect(payloads.map(\.followsGap) == [false, true, false])
        #expect(payloads.map(\.frame) == [1, 4, 5])
        #expect(dissector.statistics[.tcpGapSkipped] == 1)
    }

    @Test("finish() delivers what is still held behind a gap")
    func finishFlushes() throws {
        var dissector = Dissector()
        var payloads = try dissector.feed([try P.tcp(seq: 0, "aa"), P.tcp(seq: 4, "cc"), P.tcp(seq: 8, "ee")])
        payloads += dissector.finish()
        #expect(payloads.map(\.text) == ["aa", "cc", "ee"])
        #expect(payloads.map(\.followsGap) == [false, true, true])
        #expect(payloads.map(\.frame) == [1, 3, 3])
    }

    @Test("flows inside tunnels are kept apart from each other and from outer flows")
    func tunnelsDoNotCollide() throws {
        var dissector = Dissector()
        let segment = try P.tcp(seq: 1, "SIP")
        let s1u = TunnelID(outerSource: IPAddress("10.0.0.1")!, outerDestination: IPAddress("10.0.0.2")!, key: 1)
        let s5u = TunnelID(outerSource: IPAddress("10.0.0.2")!, outerDestination: IPAddress("10.0.0.3")!, key: 7)
        var payloads = dissector.dissectIPPacket(segment, frame: 1, time: P.time, tunnel: s1u)
        payloads += dissector.dissectIPPacket(segment, frame: 2, time: P.time, tunnel: s5u)
        payloads += dissector.dissect(P.frame(3, segment))
        payloads += dissector.dissectIPPacket(segment, frame: 4, time: P.time, tunnel: s1u)
        #expect(payloads.map(\.frame) == [1, 2, 3])
        #expect(payloads.map(\.tunnel) == [s1u, s5u, nil])
        #expect(dissector.statistics.frames == 1)
    }
}
