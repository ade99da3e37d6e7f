import GTPU
import NIOCore
import Testing
import Wire

/// The user plane's path: parse without copying, encapsulate without allocating.
@Suite("Fast path")
struct FastPathTests {
    static let icmp = ByteBuffer(hex: "4500001cc6230000ff01e1600a2d00020a2d000108001b1f73486998")

    private func address(of buffer: ByteBuffer) -> UnsafeRawPointer? {
        buffer.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func payloadIsASliceOfTheDatagram() throws {
        var datagram = ByteBuffer()
        GTPUMessage.encapsulate(teid: 2, payload: Self.icmp, into: &datagram)
        let view = try GTPUPacketView.parse(datagram)
        #expect(view.body == Self.icmp)
        #expect(address(of: view.body) == address(of: datagram).map { $0 + 8 })
        let message = try GTPUMessage.decode(datagram)
        guard case .gPDU(let payload) = message.body else {
            Issue.record("not a G-PDU")
            return
        }
        #expect(address(of: payload) == address(of: datagram).map { $0 + 8 })
    }

    @Test func encapsulateWritesWhatTheEncoderWrites() {
        var fast = ByteBuffer()
        GTPUMessage.encapsulate(teid: 0xDEAD_BEEF, payload: Self.icmp, into: &fast)
        #expect(fast == GTPUTestSupport.encoded(.gPDU(teid: 0xDEAD_BEEF, payload: Self.icmp)))
        #expect(fast.hex.hasPrefix("30ff001cdeadbeef"))

        let header = GTPUHeader(messageType: .gPDU, teid: 1, sequenceNumber: 9,
                                extensionHeaders: [GTPUExtensionHeader(pdcpPDUNumber: 3)])
        var general = ByteBuffer()
        GTPUMessage.encapsulate(header: header, payload: Self.icmp, into: &general)
        #expect(general == GTPUTestSupport.encoded(GTPUMessage(header: header, body: .gPDU(Self.icmp))))
    }

    @Test func prependUsesHeadroomWithoutCopying() throws {
        var packet = ByteBufferAllocator().buffer(capacity: 64)
        packet.writeRepeatingByte(0, count: 8)
        packet.writeImmutableBuffer(Self.icmp)
        packet.moveReaderIndex(forwardBy: 8)
        let before = address(of: packet)

        GTPUMessage.prependGPDUHeader(teid: 7, to: &packet)
        #expect(address(of: packet) == before.map { $0 - 8 })
        let message = try GTPUMessage.decode(packet)
        #expect(message == .gPDU(teid: 7, payload: Self.icmp))
    }

    @Test func prependWithoutHeadroomCopiesOnce() throws {
        var packet = Self.icmp
        GTPUMessage.prependGPDUHeader(teid: 7, to: &packet)
        #expect(try GTPUMessage.decode(packet) == .gPDU(teid: 7, payload: Self.icmp))
        #expect(Self.icmp.readableBytes == 28, "the original is untouched")
    }

    @Test func relayRewritesOnlyTheTEID() throws {
        var datagram = GTPUTestSupport.encoded(.gPDU(teid: 1, payload: Self.icmp, sequenceNumber: 4))
        #expect(GTPUPacketView.rewriteTEID(0x0102_0304, in: &datagram))
        #expect(try GTPUMessage.decode(datagram) == .gPDU(teid: 0x0102_0304, payload: Self.icmp, sequenceNumber: 4))
        var short = ByteBuffer(hex: "30ff00")
        #expect(!GTPUPacketView.rewriteTEID(1, in: &short))
        #expect(short.hex == "30ff00")
    }

    @Test func peekReadsOnlyTheMandatoryHeader() throws {
        // The Length field is wrong, but peeking does not look at it.
        let peeked = try GTPUPacketView.peekHeader(ByteBuffer(hex: "30fe0fff 0000abcd"))
        #expect(peeked.messageType == .endMarker)
        #expect(peeked.teid == 0xABCD)
    }
}
