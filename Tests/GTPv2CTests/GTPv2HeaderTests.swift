import Testing
import NIOCore
import CodecSamples
@testable import GTPv2C

@Suite struct GTPv2HeaderTests {
    @Test func headerWithoutTEIDIsEightOctets() throws {
        let bytes = GTPv2Samples.echoRequest.message.encoded()
        #expect(Array(bytes.readableBytesView.prefix(8)) == [0x40, 0x01, 0x00, 0x09, 0x00, 0x00, 0x42, 0x00])
    }

    @Test func headerWithTEIDAndPriority() throws {
        var message = GTPv2Samples.deleteSessionResponse.message
        message.header.messagePriority = 0xA
        let bytes = message.encoded()
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == 0x4C)
        #expect(bytes.getInteger(at: 4, as: UInt32.self) == 1)
        #expect(bytes.getInteger(at: 11, as: UInt8.self) == 0xA0)
        let decoded = try GTPv2Message.decode(bytes)
        #expect(decoded.header.messagePriority == 0xA)
        #expect(decoded.header.teid == 1)
        #expect(decoded.header.sequenceNumber == 0x1236)
    }

    @Test func lengthCountsEverythingAfterTheFirstFourOctets() {
        let bytes = GTPv2Samples.createSessionRequest.message.encoded()
        #expect(Int(bytes.getInteger(at: 2, as: UInt16.self)!) == bytes.readableBytes - 4)
    }

    @Test func piggybackedMessagesShareOneDatagram() throws {
        let response = GTPv2Samples.createSessionResponse.message
        let request = GTPv2Samples.createBearerRequest.message
        var datagram = ByteBuffer()
        GTPv2Message.encodeDatagram([response, request], into: &datagram)
        let messages = try GTPv2Message.decodeDatagram(datagram)
        #expect(messages.map(\.type) == [.createSessionResponse, .createBearerRequest])
        #expect(messages[0].header.piggybacked)
        #expect(!messages[1].header.piggybacked)
        var again = ByteBuffer()
        GTPv2Message.encodeDatagram(messages, into: &again)
        #expect(again == datagram)
    }

    @Test func version1IsRefusedWithItsVersion() {
        let bytes: [UInt8] = [0x32, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00]
        #expect(throws: GTPv2DecodeError.self) { try GTPv2Message.decode(ByteBuffer(bytes: bytes)) }
        do {
            _ = try GTPv2Message.decode(ByteBuffer(bytes: bytes))
        } catch {
            guard case .unsupportedVersion(1) = error else { Issue.record("got \(error)"); return }
            #expect(error.cause.value == .versionNotSupportedByNextPeer)
        }
    }

    @Test func lengthPastTheEndIsMalformed() throws {
        var bytes = Array(GTPv2Samples.echoRequest.message.encoded().readableBytesView)
        bytes[3] = 0x20
        do {
            _ = try GTPv2Message.decode(ByteBuffer(bytes: bytes))
            Issue.record("decoded a message whose length runs past the datagram")
        } catch {
            guard case .malformed(_, let header) = error else { Issue.record("got \(error)"); return }
            #expect(header.messageType == .echoRequest)
            #expect(error.cause.value == .invalidLength)
        }
    }

    @Test func shortHeaderIsMalformedHeader() {
        do {
            _ = try GTPv2Message.decode(ByteBuffer(bytes: [0x48, 0x20, 0x00]))
            Issue.record("decoded three octets")
        } catch {
            guard case .malformedHeader(let codec) = error else { Issue.record("got \(error)"); return }
            #expect(codec.offset == 2)
        }
    }
}
