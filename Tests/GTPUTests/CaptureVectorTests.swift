import GTPU
import NIOCore
import Testing
import Wire

/// G-PDUs taken from the reference captures (../shared/pcaps/reference), cut to the GTP-U message.
@Suite("G-PDUs from the reference captures")
struct CaptureVectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let source: String
        let hex: String
        let teid: UInt32
        let sequenceNumber: UInt16?
        /// The inner packet's first octets: its IP version and header.
        let payloadPrefix: String
        let payloadLength: Int
        var testDescription: String { source }
    }

    static let vectors: [Vector] = [
        // testattach.pcapng frame 75: eNB → SGW, S flag set, ICMPv6 Router Solicitation.
        Vector(source: "testattach #75 (S flag, ICMPv6)",
               hex: "32ff003400000002000000006000000000083afffe800000000000000000000000000002"
                   + "ff02000000000000000000000000000285007d3500000000",
               teid: 2, sequenceNumber: 0, payloadPrefix: "6000000000083aff", payloadLength: 48),
        // testattach.pcapng frame 79: ICMP echo request from the UE.
        Vector(source: "testattach #79 (ICMP)",
               hex: "30ff001c000000024500001cc6230000ff01e1600a2d00020a2d000108001b1f73486998",
               teid: 2, sequenceNumber: nil, payloadPrefix: "4500001c", payloadLength: 28),
        // volte.pcapng frame 203: AMR-WB RTP over the QCI-1 bearer.
        Vector(source: "volte #203 (RTP)",
               hex: "30ff002f0000002145b8002fdfd10000ff112b70c0a865020a048015c38879fa001b883f"
                   + "8068000700000a00862a84d4f4c00000000200",
               teid: 0x21, sequenceNumber: nil, payloadPrefix: "45b8002f", payloadLength: 47),
        // volte.pcapng frame 125: a TCP segment to the P-CSCF.
        Vector(source: "volte #125 (TCP)",
               hex: "30ff00280000001f45000028d3150000ff0638f5c0a865030a0480159f3a13c498d1b6be"
                   + "cd56698e5010aeec17af0000",
               teid: 0x1f, sequenceNumber: nil, payloadPrefix: "45000028", payloadLength: 40),
    ]

    @Test(arguments: vectors)
    func decodesAndReencodesIdentically(_ vector: Vector) throws {
        let bytes = ByteBuffer(hex: vector.hex)
        let message = try GTPUMessage.decode(bytes)
        #expect(message.name == "T-PDU")
        #expect(message.header.teid == vector.teid)
        #expect(message.header.sequenceNumber == vector.sequenceNumber)
        #expect(message.header.nPDUNumber == nil)
        #expect(message.header.extensionHeaders.isEmpty)
        guard case .gPDU(let payload) = message.body else {
            Issue.record("not a G-PDU: \(message)")
            return
        }
        #expect(payload.readableBytes == vector.payloadLength)
        #expect(payload.hex.hasPrefix(vector.payloadPrefix))
        #expect(GTPUTestSupport.encoded(message) == bytes)
    }

    @Test(arguments: vectors)
    func fastPathAgreesWithTheDecoder(_ vector: Vector) throws {
        let bytes = ByteBuffer(hex: vector.hex)
        let view = try GTPUPacketView.parse(bytes)
        #expect(view.messageType == .gPDU)
        #expect(view.teid == vector.teid)
        #expect(view.sequenceNumber == vector.sequenceNumber)
        #expect(view.messageLength == bytes.readableBytes)
        #expect(view.body.readableBytes == vector.payloadLength)
        let peeked = try GTPUPacketView.peekHeader(bytes)
        #expect(peeked.messageType == .gPDU && peeked.teid == vector.teid)
    }

    /// The capture's datagram carries 164 zero octets after the 36 the Length field covers (the
    /// sender padded its buffer); tshark ignores them and so do we.
    @Test func paddingAfterTheMessageIsIgnored() throws {
        let message = ByteBuffer(hex: Self.vectors[1].hex)
        var datagram = message
        datagram.writeRepeatingByte(0, count: 164)
        let decoded = try GTPUMessage.decode(datagram)
        #expect(GTPUTestSupport.encoded(decoded) == message)
        let view = try GTPUPacketView.parse(datagram)
        #expect(view.messageLength == 36)
        #expect(view.body.readableBytes == 28)
    }
}
