import NIOCore
import PCAP
import Testing
import Wire

@Suite("SCTP user message reassembly")
struct SCTPReassemblyTests {
    typealias P = PacketFactory

    @Test("a message in B, middle and E fragments is yielded once, by the frame of its last fragment")
    func fragmentedInOrder() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 10, ssn: 4, "Hello, ", ending: false)]),
            P.sctp([P.data(tsn: 11, ssn: 4, "fragmented ", beginning: false, ending: false)]),
            P.sctp([P.data(tsn: 12, ssn: 4, "world", beginning: false)]),
        ])
        #expect(payloads.map(\.text) == ["Hello, fragmented world"])
        #expect(payloads.map(\.frame) == [3])
        #expect(payloads.first?.transport == .sctp(stream: 0, ppid: 18, unordered: false))
        #expect(dissector.statistics[.sctpFragmentHeld] == 2)
    }

    @Test("fragments that arrive out of order (E before B, as in a real capture) still make the message")
    func fragmentedOutOfOrder() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 1, "before")]),
            P.sctp([P.data(tsn: 4, "C", beginning: false)]),
            P.sctp([P.data(tsn: 2, "A", ending: false)]),
            P.sctp([P.data(tsn: 3, "B", beginning: false, ending: false)]),
        ])
        #expect(payloads.map(\.text) == ["before", "ABC"])
        #expect(payloads.map(\.frame) == [1, 4])
    }

    @Test("bundled chunks: every DATA chunk of a packet is a message, control chunks in between are skipped")
    func bundledChunks() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([.selectiveAcknowledgement(cumulativeTSN: 77, advertisedReceiverWindow: 1000),
                    P.data(tsn: 20, stream: 1, ssn: 0, ppid: 18, "one"),
                    P.data(tsn: 21, stream: 2, ssn: 0, ppid: 46, "three"),
                    .heartbeat(information: P.bytes("x")),
                    P.data(tsn: 22, stream: 1, ssn: 1, ppid: 18, "seven!!", unordered: true)]),
        ])
        #expect(payloads.map(\.text) == ["one", "three", "seven!!"])
        #expect(payloads.map(\.transport) == [.sctp(stream: 1, ppid: 18, unordered: false),
                                              .sctp(stream: 2, ppid: 46, unordered: false),
                                              .sctp(stream: 1, ppid: 18, unordered: true)])
        #expect(Set(payloads.map(\.frame)) == [1])
    }

    @Test("a retransmitted TSN is dropped, in a packet of its own or bundled with new data")
    func duplicateTSN() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 5, "first")]),
            P.sctp([P.data(tsn: 5, "first")]),
            P.sctp([P.data(tsn: 5, "first"), P.data(tsn: 6, "second")]),
            P.sctp([P.data(tsn: 7, "fragment", ending: false)]),
            P.sctp([P.data(tsn: 7, "fragment", ending: false)]),
            P.sctp([P.data(tsn: 8, "ed", beginning: false)]),
        ])
        #expect(payloads.map(\.text) == ["first", "second", "fragmented"])
        #expect(dissector.statistics[.sctpDuplicateTSN] == 3)
    }

    @Test("TSNs older than the first one seen are new once when the capture began mid-association")
    func midAssociation() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 100, "hundred")]),
            P.sctp([P.data(tsn: 99, "late")]),
            P.sctp([P.data(tsn: 99, "late")]),
        ])
        #expect(payloads.map(\.text) == ["hundred", "late"])
    }

    @Test("after an INIT, TSNs before its initial TSN are not new")
    func initStartsDirection() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp(tag: 0, [.initiation(SCTPInitiation(initiateTag: 1, initialTSN: 1000))]),
            P.sctp([P.data(tsn: 1000, "a")]),
            P.sctp([P.data(tsn: 999, "stale")]),
            P.sctp([P.data(tsn: 1001, "b")]),
        ])
        #expect(payloads.map(\.text) == ["a", "b"])
        #expect(dissector.statistics[.sctpNoData] == 1)
    }

    @Test("the two directions of an association are reassembled apart")
    func directions() throws {
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 1, "to server, ", ending: false)]),
            P.sctp(from: P.server, to: P.client, [P.data(tsn: 1, "to client")]),
            P.sctp([P.data(tsn: 2, "done", beginning: false)]),
        ])
        #expect(payloads.map(\.text) == ["to client", "to server, done"])
    }

    @Test("I-DATA: fragments ordered by FSN, messages of two streams interleaved, PPID from the first fragment")
    func iData() throws {
        func chunk(_ tsn: UInt32, stream: UInt16, mid: UInt32, fsn: UInt32, _ text: String, b: Bool, e: Bool) -> SCTPChunk {
            .iData(SCTPIDataChunk(tsn: tsn, streamIdentifier: stream, messageIdentifier: mid,
                                  payloadProtocolIdentifier: 46, fragmentSequenceNumber: fsn, userData: P.bytes(text),
                                  beginning: b, ending: e))
        }
        var dissector = Dissector()
        let payloads = try dissector.feed([
            P.sctp([chunk(1, stream: 1, mid: 0, fsn: 0, "alpha-", b: true, e: false)]),
            P.sctp([chunk(2, stream: 2, mid: 0, fsn: 0, "beta-", b: true, e: false)]),
            P.sctp([chunk(4, stream: 1, mid: 0, fsn: 2, "end", b: false, e: true)]),
            P.sctp([chunk(5, stream: 2, mid: 0, fsn: 1, "two", b: false, e: true)]),
            P.sctp([chunk(3, stream: 1, mid: 0, fsn: 1, "middle-", b: false, e: false)]),
        ])
        #expect(payloads.map(\.text) == ["beta-two", "alpha-middle-end"])
        #expect(payloads.map(\.frame) == [4, 5])
        #expect(payloads.map(\.transport) == [.sctp(stream: 2, ppid: 46, unordered: false),
                                              .sctp(stream: 1, ppid: 46, unordered: false)])
    }

    @Test("chunk padding: a 3-byte message and the chunk after it, and a last chunk with its padding cut off")
    func padding() throws {
        var dissector = Dissector()
        var packet = try P.sctp([P.data(tsn: 1, "abc"), P.data(tsn: 2, "defgh")])
        let unpadded = packet.getSlice(at: packet.readerIndex, length: packet.readableBytes - 3)!
        // Fix the IP total length so only the SCTP padding is missing.
        packet = unpadded
        packet.setInteger(UInt16(packet.readableBytes), at: 2, endianness: .big)
        let payloads = dissector.feed([packet])
        #expect(payloads.map(\.text) == ["abc", "defgh"])
    }

    @Test("a chunk with an impossible length is counted, the chunks before it still delivered")
    func badChunk() throws {
        var dissector = Dissector()
        var packet = try P.sctp([P.data(tsn: 1, "good"), .cookieAcknowledgement])
        packet.setInteger(UInt16(2), at: packet.writerIndex - 2, endianness: .big) // COOKIE-ACK length 2
        let payloads = dissector.feed([packet])
        #expect(payloads.map(\.text) == ["good"])
        #expect(dissector.statistics[.sctpBadChunk] == 1)
    }

    @Test("fragments beyond the pending limit are dropped and counted")
    func pendingLimit() throws {
        var limits = DissectorLimits()
        limits.sctpPendingBytes = 10
        var dissector = Dissector(limits: limits)
        let payloads = try dissector.feed([
            P.sctp([P.data(tsn: 1, "0123456789abc", ending: false)]),
            P.sctp([P.data(tsn: 2, "end", beginning: false)]),
            P.sctp([P.data(tsn: 3, "whole")]),
        ])
        #expect(payloads.map(\.text) == ["whole"])
        #expect(dissector.statistics[.sctpFragmentsEvicted] == 1)
    }
}

@Suite("SCTP over UDP")
struct SCTPOverUDPTests {
    typealias P = PacketFactory

    @Test("datagrams on UDP port 9899 (RFC 6951) are dissected as SCTP")
    func encapsulated() throws {
        let sctp = try SCTPPacket(sourcePort: 36412, destinationPort: 36412, verificationTag: 1,
                                  chunks: [P.data(tsn: 1, "s1ap over udp")]).encode()
        let packet = try P.udp(from: IPEndpoint(P.client.address, 9899), to: IPEndpoint(P.server.address, 9899), sctp)
        var dissector = Dissector()
        let payloads = dissector.feed([packet])
        #expect(payloads.map(\.text) == ["s1ap over udp"])
        #expect(payloads.first?.transport == .sctp(stream: 0, ppid: 18, unordered: false))
        #expect(payloads.first?.source == IPEndpoint(P.client.address, 36412))

        var plain = Dissector(sctpOverUDPPorts: [])
        #expect(plain.feed([packet]).first?.transport == .udp)
    }
}
