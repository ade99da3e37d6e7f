import Testing
import NIOCore
import Wire
import CodecSamples
@testable import Diameter

@Suite struct DiameterErrorTests {
    func refusal(_ bytes: ByteBuffer) -> DiameterDecodeError? {
        do {
            _ = try DiameterMessage.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownAVPWithMandatoryBitIsRefusedWithTheAVPForFailedAVP() throws {
        var message = DiameterSamples.updateLocationRequest
        let unknown = AVP(code: 4242, flags: [.mandatory], vendorID: 99, value: .opaque(ByteBuffer(bytes: [7, 7])))
        message.avps.append(unknown)
        let error = try #require(refusal(message.encoded()))
        guard case .unknownMandatoryAVP(let avp, let decoded) = error else { Issue.record("got \(error)"); return }
        #expect(avp == unknown)
        #expect(decoded.sessionID == message.sessionID)
        #expect(error.resultCode == .avpUnsupported)
    }

    @Test func unknownAVPWithoutMandatoryBitSurvives() throws {
        var message = DiameterSamples.updateLocationRequest
        message.avps.insert(AVP(code: 4242, flags: [], vendorID: 99, value: .opaque(ByteBuffer(bytes: [1, 2, 3, 4, 5]))), at: 3)
        let bytes = message.encoded()
        let decoded = try DiameterMessage.decode(bytes)
        #expect(decoded == message)
        #expect(decoded.encoded() == bytes)
    }

    @Test func toolsCanKeepUnknownMandatoryAVPs() throws {
        var message = DiameterSamples.deviceWatchdogRequest
        message.avps.append(AVP(code: 4242, flags: [.mandatory], vendorID: nil, value: .opaque(ByteBuffer(bytes: [1]))))
        let decoded = try DiameterMessage.decode(message.encoded(), unknownMandatory: .keep)
        #expect(decoded == message)
    }

    @Test func wrongLengthForAnUnsigned32IsInvalidAVPLength() throws {
        // Origin-State-Id (Unsigned32) with 5 data octets.
        var avp = ByteBuffer()
        avp.writeU32(278); avp.writeU8(0x40); avp.writeU24(13); avp.writeBytes([0, 0, 0, 1, 2]); avp.writeBytes([0, 0, 0])
        let error = try #require(refusal(frame(avp)))
        guard case .invalidAVP(_, let header, let failed) = error else { Issue.record("got \(error)"); return }
        #expect(header.commandCode == 280)
        #expect(failed?.code == 278)
        #expect(error.resultCode == .invalidAVPLength)
    }

    @Test func invalidUTF8IsInvalidAVPValue() throws {
        var avp = ByteBuffer()
        avp.writeU32(1); avp.writeU8(0x40); avp.writeU24(10); avp.writeBytes([0xC3, 0x28]); avp.writeBytes([0, 0])
        let error = try #require(refusal(frame(avp)))
        #expect(error.resultCode == .invalidAVPValue)
    }

    @Test func avpLengthPastTheMessageIsRefused() throws {
        var avp = ByteBuffer()
        avp.writeU32(264); avp.writeU8(0x40); avp.writeU24(200); avp.writeBytes([0x61, 0x62, 0x63, 0x64])
        #expect(refusal(frame(avp)) != nil)
    }

    @Test func groupedAVPsNested100DeepAreRefusedNotFollowed() throws {
        var inner = AVP(.vendorId, unsigned32: 1)
        for _ in 0..<100 { inner = AVP(.proxyInfo, [inner]) }
        let message = DiameterMessage(header: DiameterSamples.deviceWatchdogRequest.header, avps: [inner])
        let error = try #require(refusal(message.encoded()))
        guard case .invalidAVP(let codec, _, _) = error else { Issue.record("got \(error)"); return }
        #expect(codec.kind == .nestingTooDeep(limit: DiameterMessage.maximumNesting))
    }

    @Test func versionOtherThanOneIsUnsupportedVersion() throws {
        var bytes = DiameterSamples.deviceWatchdogRequest.encoded()
        bytes.setInteger(UInt8(2), at: 0)
        guard case .unsupportedVersion(2)? = refusal(bytes) else { Issue.record("version 2 accepted"); return }
    }

    @Test func messageLengthDisagreeingWithTheBytesIsMalformed() throws {
        var bytes = DiameterSamples.deviceWatchdogRequest.encoded()
        bytes.setInteger(UInt8(bytes.readableBytes + 4), at: 3)
        guard case .malformed? = refusal(bytes) else { Issue.record("lying length accepted"); return }
    }

    /// A Device-Watchdog-Request whose only AVP is `avp`.
    func frame(_ avp: ByteBuffer) -> ByteBuffer {
        var message = DiameterSamples.deviceWatchdogRequest
        message.avps = []
        var bytes = message.encoded()
        var avp = avp
        bytes.writeBuffer(&avp)
        bytes.setInteger(UInt8(bytes.readableBytes & 0xFF), at: 3)
        bytes.setInteger(UInt16(bytes.readableBytes >> 8), at: 1)
        return bytes
    }
}
