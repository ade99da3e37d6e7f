import GTPU
import NIOCore
import Testing
import Wire

/// decode(encode(v)) == v for messages built from typed fields, one or more per message type.
@Suite("Round trips of built messages")
struct RoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let message: GTPUMessage
        var testDescription: String { name }
    }

    static let privateExtension = GTPUPrivateExtension(identifier: 10415, value: ByteBuffer(hex: "0102030405"))
    static let pduSessionContainer = GTPUExtensionHeader(pduSessionContainer: ByteBuffer(hex: "1009"))!

    static let cases: [Case] = [
        Case(name: "G-PDU", message: .gPDU(teid: 0x1234_5678, payload: ByteBuffer(hex: "4500001c00000000"))),
        Case(name: "G-PDU, empty payload", message: .gPDU(teid: 1, payload: ByteBuffer())),
        Case(name: "G-PDU, sequence and N-PDU number",
             message: .gPDU(teid: 9, payload: ByteBuffer(hex: "60"), sequenceNumber: 65535).with { $0.header.nPDUNumber = 255 }),
        Case(name: "G-PDU, typed extension headers",
             message: .gPDU(teid: 0xFFFF_FFFF, payload: ByteBuffer(hex: "45"), extensionHeaders: [
                 GTPUExtensionHeader(udpPort: 40000), GTPUExtensionHeader(pdcpPDUNumber: 7),
                 GTPUExtensionHeader(longPDCPPDUNumber: 0x2_0001), GTPUExtensionHeader(serviceClassIndicator: 3),
                 pduSessionContainer,
             ])),
        Case(name: "G-PDU, unknown extension header",
             message: .gPDU(teid: 3, payload: ByteBuffer(hex: "45"), extensionHeaders: [
                 GTPUExtensionHeader(type: GTPUExtensionHeaderType(rawValue: 0xE7), content: ByteBuffer(hex: "0102030405060708090a"))!,
             ])),
        Case(name: "Echo Request", message: .echoRequest(sequenceNumber: 77)),
        Case(name: "Echo Request, Private Extension", message: GTPUMessage(
            header: GTPUHeader(messageType: .echoRequest, teid: 0, sequenceNumber: 1),
            body: .echoRequest(.init(privateExtension: privateExtension)))),
        Case(name: "Echo Response", message: .echoResponse(sequenceNumber: 77)),
        Case(name: "Echo Response, restart counter and unknown TLVs", message: GTPUMessage(
            header: GTPUHeader(messageType: .echoResponse, teid: 0, sequenceNumber: 2),
            body: .echoResponse(.init(recovery: 9, privateExtension: privateExtension, otherElements: [
                .unknown(type: GTPUInformationElementType(rawValue: 230), value: ByteBuffer(hex: "0a0b")),
                .unknown(type: GTPUInformationElementType(rawValue: 231), value: ByteBuffer(hex: "00000000")),
            ])))),
        Case(name: "Echo Response, repeated Recovery", message: GTPUMessage(
            header: GTPUHeader(messageType: .echoResponse, teid: 0, sequenceNumber: 3),
            body: .echoResponse(.init(recovery: 1, otherElements: [.recovery(2)])))),
        Case(name: "Error Indication, IPv4",
             message: .errorIndication(teid: 0xCAFE, localAddress: .v4(IPv4Address(10, 0, 0, 1)), sequenceNumber: 5)),
        Case(name: "Error Indication, IPv6, UDP Port, Private Extension", message: GTPUMessage(
            header: GTPUHeader(messageType: .errorIndication, teid: 0, sequenceNumber: 0,
                               extensionHeaders: [GTPUExtensionHeader(udpPort: 33000)]),
            body: .errorIndication(.init(teid: 1, peerAddress: IPAddress("fd00::1")!, privateExtension: privateExtension)))),
        Case(name: "Supported Extension Headers Notification",
             message: .supportedExtensionHeadersNotification([.udpPort, .pdcpPDUNumber, .longPDCPPDUNumber])),
        Case(name: "Supported Extension Headers Notification, empty list",
             message: .supportedExtensionHeadersNotification([])),
        Case(name: "End Marker", message: .endMarker(teid: 0x42)),
        Case(name: "End Marker, Private Extension", message: GTPUMessage(
            header: GTPUHeader(messageType: .endMarker, teid: 8),
            body: .endMarker(.init(privateExtension: GTPUPrivateExtension(identifier: 1, value: ByteBuffer()))))),
        Case(name: "Tunnel Status, kept raw", message: GTPUMessage(
            header: GTPUHeader(messageType: .tunnelStatus, teid: 0, sequenceNumber: 4),
            body: .other(.tunnelStatus, ByteBuffer(hex: "ff00020001")))),
        Case(name: "unknown type, kept raw", message: GTPUMessage(
            header: GTPUHeader(messageType: GTPUMessageType(rawValue: 100), teid: 6),
            body: .other(GTPUMessageType(rawValue: 100), ByteBuffer(hex: "deadbeef")))),
        Case(name: "fields receivers ignore", message: .gPDU(teid: 1, payload: ByteBuffer(hex: "45")).with {
            $0.header.nPDUNumber = 1
            $0.header.ignored.spareBit = true
            $0.header.ignored.extensionFlagWithoutHeaders = true
            $0.header.ignored.sequenceNumber = 0xBEEF
        }),
        Case(name: "next type octet with the E flag clear", message: .gPDU(teid: 1, payload: ByteBuffer(), sequenceNumber: 1).with {
            $0.header.ignored.nextExtensionHeaderType = 0x85
            $0.header.ignored.nPDUNumber = 0x11
        }),
    ]

    @Test(arguments: cases)
    func decodeOfEncodeIsIdentity(_ test: Case) throws {
        let bytes = GTPUTestSupport.encoded(test.message)
        let decoded = try GTPUMessage.decode(bytes)
        #expect(decoded == test.message)
        #expect(GTPUTestSupport.encoded(decoded) == bytes)
    }

    @Test func headerLengthFieldCountsEverythingAfterTheTEID() throws {
        let message = Self.cases[3].message
        let bytes = GTPUTestSupport.encoded(message)
        let length = bytes.getInteger(at: 2, endianness: .big, as: UInt16.self)
        #expect(length.map(Int.init) == bytes.readableBytes - 8)
        #expect(message.header.encodedLength == bytes.readableBytes - 1)
    }

    @Test func informationElementsGoOutInAscendingTypeOrder() throws {
        // Built out of order; written in type order, as conforming peers send them.
        let message = GTPUMessage(
            header: GTPUHeader(messageType: .errorIndication, teid: 0, sequenceNumber: 0),
            body: .errorIndication(.init(teid: 1, peerAddress: .v4(IPv4Address(1, 2, 3, 4)), otherElements: [
                .unknown(type: GTPUInformationElementType(rawValue: 200), value: ByteBuffer()),
                .unknown(type: GTPUInformationElementType(rawValue: 130), value: ByteBuffer()),
            ])))
        let bytes = GTPUTestSupport.encoded(message)
        #expect(bytes.hex == "321a0016000000000000000010000000018200008500040102030" + "4c80000")
    }

    @Test func settingTheBodyKeepsTheHeaderTypeInStep() {
        var message = GTPUMessage.echoRequest(sequenceNumber: 1)
        message.body = .endMarker(.init())
        #expect(message.header.messageType == .endMarker)
        message.header = GTPUHeader(messageType: .gPDU, teid: 5)
        #expect(message.header.messageType == .endMarker)
        #expect(message.name == "End Marker")
    }

    @Test func messageNamesAreTsharks() {
        #expect(GTPUMessageType.gPDU.name == "T-PDU")
        #expect(GTPUMessageType.echoRequest.name == "Echo request")
        #expect(GTPUMessageType.endMarker.name == "End Marker")
        #expect(GTPUMessageType(rawValue: 100).name == "Unknown (100)")
        #expect(GTPUMessage.gPDU(teid: 0x2a, payload: ByteBuffer(hex: "45")).description == "T-PDU teid=0x2a payload=1B")
    }
}
