import GTPU
import NIOCore
import Testing
import Wire

/// Signalling messages the reference captures lack, written by hand from TS 29.281 and checked
/// with tshark 4.0 (decoded as shown in the comments, no malformed or expert-error flags).
@Suite("Signalling vectors checked with tshark")
struct SignallingVectorTests {
    private func roundTrip(_ hex: String) throws -> GTPUMessage {
        let bytes = ByteBuffer(hex: hex)
        let message = try GTPUMessage.decode(bytes)
        #expect(GTPUTestSupport.encoded(message) == bytes, "re-encoding \(message) changed the octets")
        return message
    }

    @Test func echoRequest() throws {
        // tshark: Echo request, TEID 0, Sequence number 1.
        let message = try roundTrip("32010004 00000000 00010000")
        #expect(message == .echoRequest(sequenceNumber: 1))
        #expect(message.name == "Echo request")
    }

    @Test func echoResponse() throws {
        // tshark: Echo response, Sequence number 1, Recovery: 0.
        let message = try roundTrip("32020006 00000000 00010000 0e00")
        #expect(message == .echoResponse(sequenceNumber: 1))
        #expect(message.name == "Echo response")
    }

    @Test func errorIndicationIPv4() throws {
        // tshark: Error indication, TEID Data I 0x00000abc, GSN address 127.0.0.2.
        let message = try roundTrip("321a0010 00000000 00000000 10 00000abc 85 0004 7f000002")
        #expect(message == .errorIndication(teid: 0xABC, localAddress: .v4(IPv4Address(127, 0, 0, 2))))
        #expect(message.name == "Error indication")
    }

    @Test func errorIndicationIPv6() throws {
        // tshark: GSN address IPv6: 2001:db8::1.
        let message = try roundTrip("321a001c 00000000 00000000 10 00000abc 85 0010 20010db8000000000000000000000001")
        guard case .errorIndication(let body) = message.body else {
            Issue.record("not an Error Indication: \(message)")
            return
        }
        #expect(body.teid == 0xABC)
        #expect(body.peerAddress == IPAddress("2001:db8::1"))
    }

    @Test func errorIndicationWithUDPPortExtensionHeader() throws {
        // tshark: Extension header (UDP Port number), UDP Port: 2152, then the two IEs.
        let message = try roundTrip("361a0014 00000000 00000040 01086800 10 00000abc 85 0004 7f000002")
        #expect(message == .errorIndication(teid: 0xABC, localAddress: .v4(IPv4Address(127, 0, 0, 2)),
                                            extensionHeaders: [GTPUExtensionHeader(udpPort: 2152)]))
    }

    @Test func supportedExtensionHeadersNotification() throws {
        // tshark: Extension Header Types List, length 2: UDP Port number, PDU Session container.
        // The list's length is one octet though its type is above 127 (TS 29.281 8.5).
        let message = try roundTrip("321f0008 00000000 00000000 8d024085")
        #expect(message == .supportedExtensionHeadersNotification([.udpPort, .pduSessionContainer]))
        #expect(message.name == "Supported extension header notification")
    }

    @Test func endMarker() throws {
        // tshark: End Marker, TEID 1.
        let message = try roundTrip("30fe0000 00000001")
        #expect(message == .endMarker(teid: 1))
        #expect(message.name == "End Marker")
    }

    @Test func endMarkerWithPrivateExtension() throws {
        // tshark: Private Extension, identifier 1, value aabbccdd.
        let message = try roundTrip("32fe000d 00000001 00000000 ff0006 0001 aabbccdd")
        guard case .endMarker(let body) = message.body else {
            Issue.record("not an End Marker: \(message)")
            return
        }
        #expect(body.privateExtension == GTPUPrivateExtension(identifier: 1, value: ByteBuffer(hex: "aabbccdd")))
        #expect(body.otherElements.isEmpty)
    }

    @Test func gPDUWithSequenceAndNPDUNumber() throws {
        // tshark: T-PDU, Sequence number 0x1234, N-PDU Number 0x09, data abcd.
        let message = try roundTrip("33ff0006 00000007 12340900 abcd")
        #expect(message == .gPDU(teid: 7, payload: ByteBuffer(hex: "abcd"), sequenceNumber: 0x1234)
            .with { $0.header.nPDUNumber = 9 })
    }

    @Test func gPDUWithEveryTypedExtensionHeader() throws {
        // tshark: Long PDCP Sequence Number 262143, Service Class Indicator, UDP Port 2152,
        // PDCP Sequence Number 4660, T-PDU Data dead.
        let message = try roundTrip("34ff001a 00000001 00000082 0203ffff 00000020 012a0040 010868c0 01123400 dead")
        let headers = message.header.extensionHeaders
        #expect(headers.map(\.type) == [.longPDCPPDUNumber, .serviceClassIndicator, .udpPort, .pdcpPDUNumber])
        #expect(headers[0].longPDCPPDUNumber == 0x3_FFFF)
        #expect(headers[1].serviceClassIndicator == 0x2A)
        #expect(headers[2].udpPort == 2152)
        #expect(headers[3].pdcpPDUNumber == 0x1234)
        #expect(message.header.sequenceNumber == nil)
        #expect(message.header.ignored == GTPUHeader.IgnoredFields())
    }
}
