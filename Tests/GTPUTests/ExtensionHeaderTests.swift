import GTPU
import NIOCore
import Testing
import Wire

@Suite("Extension headers")
struct ExtensionHeaderTests {
    @Test func typedHeadersHaveTheSpecifiedLayout() {
        #expect(GTPUExtensionHeader(udpPort: 2152).content.hex == "0868")
        #expect(GTPUExtensionHeader(pdcpPDUNumber: 0x1234).content.hex == "1234")
        #expect(GTPUExtensionHeader(longPDCPPDUNumber: 0xFFFF_FFFF).content.hex == "03ffff000000")
        #expect(GTPUExtensionHeader(serviceClassIndicator: 0x2A).content.hex == "2a00")
        #expect(GTPUExtensionHeader(udpPort: 1).lengthInUnits == 1)
        #expect(GTPUExtensionHeader(longPDCPPDUNumber: 1).lengthInUnits == 2)
    }

    @Test func accessorsReadOnlyTheirOwnTypeAndLength() {
        #expect(GTPUExtensionHeader(udpPort: 5).udpPort == 5)
        #expect(GTPUExtensionHeader(udpPort: 5).pdcpPDUNumber == nil)
        #expect(GTPUExtensionHeader(pdcpPDUNumber: 5).udpPort == nil)
        #expect(GTPUExtensionHeader(longPDCPPDUNumber: 0x2_0001).longPDCPPDUNumber == 0x2_0001)
        #expect(GTPUExtensionHeader(serviceClassIndicator: 4).serviceClassIndicator == 4)
        // A UDP Port header with room for more than a port: well chained, but not the one 5.2.2.1 defines.
        let long = GTPUExtensionHeader(type: .udpPort, content: ByteBuffer(hex: "086800000000"))
        #expect(long != nil && long?.udpPort == nil)
        let container = GTPUExtensionHeader(pduSessionContainer: ByteBuffer(hex: "0009"))
        #expect(container?.pduSessionContainer == ByteBuffer(hex: "0009"))
        #expect(container?.udpPort == nil)
    }

    @Test func contentMustBeFourNMinusTwoOctets() {
        #expect(GTPUExtensionHeader(type: .udpPort, content: ByteBuffer(hex: "08")) == nil)
        #expect(GTPUExtensionHeader(type: .udpPort, content: ByteBuffer(hex: "086800")) == nil)
        #expect(GTPUExtensionHeader(pduSessionContainer: ByteBuffer(hex: "000900")) == nil)
        #expect(GTPUExtensionHeader(type: .noMoreExtensionHeaders, content: ByteBuffer(hex: "0000")) == nil)
        let largest = ByteBuffer(repeating: 0, count: GTPUExtensionHeader.maximumContentLength)
        #expect(GTPUExtensionHeader(type: .ranContainer, content: largest)?.lengthInUnits == 255)
        let tooLarge = ByteBuffer(repeating: 0, count: GTPUExtensionHeader.maximumContentLength + 4)
        #expect(GTPUExtensionHeader(type: .ranContainer, content: tooLarge) == nil)
    }

    @Test func comprehensionComesFromTheTwoHighBits() {
        #expect(GTPUExtensionHeaderType.serviceClassIndicator.comprehension == .notRequired)
        #expect(GTPUExtensionHeaderType.udpPort.comprehension == .notRequiredAndNotForwarded)
        #expect(GTPUExtensionHeaderType.pduSessionContainer.comprehension == .requiredByEndpoint)
        #expect(GTPUExtensionHeaderType.pdcpPDUNumber.comprehension == .requiredByAll)
    }

    @Test func chainIsReadInPlaceAndInOrder() throws {
        let bytes = ByteBuffer(hex: "34ff001a 00000001 00000082 0203ffff 00000020 012a0040 010868c0 01123400 dead")
        let view = try GTPUPacketView.parse(bytes)
        #expect(view.extensionHeaders.firstType == .longPDCPPDUNumber)
        #expect(view.extensionHeaders.map(\.type) == [.longPDCPPDUNumber, .serviceClassIndicator, .udpPort, .pdcpPDUNumber])
        #expect(view.extensionHeaders.first(ofType: .udpPort)?.udpPort == 2152)
        #expect(view.extensionHeaders.bytes.readableBytes == 20)
        #expect(view.body.hex == "dead")
    }

    @Test func extensionFlagWithAnEmptyChain() throws {
        // E set, next type 0: no headers, and the flag survives a round trip.
        let bytes = ByteBuffer(hex: "34ff0005 00000001 00000000 45")
        let message = try GTPUMessage.decode(bytes)
        #expect(message.header.extensionHeaders.isEmpty)
        #expect(message.header.ignored.extensionFlagWithoutHeaders)
        #expect(GTPUTestSupport.encoded(message) == bytes)
    }
}
