import Testing
import NIOCore
import Wire
import CodecSamples
@testable import Diameter

@Suite struct DiameterRoundTripTests {
    @Test(arguments: DiameterSamples.all)
    func sampleSurvivesEncodeAndDecode(_ message: DiameterMessage) throws {
        let bytes = message.encoded()
        #expect(Int(bytes.getInteger(at: 0, as: UInt32.self)! & 0xFF_FFFF) == bytes.readableBytes)
        let decoded = try DiameterMessage.decode(bytes)
        #expect(decoded == message, "the builder used the dictionary's data type for every AVP")
        #expect(decoded.encoded() == bytes)
        #expect(decoded.missingRequiredAVPs.isEmpty, "\(decoded.name) lacks \(decoded.missingRequiredAVPs)")
    }

    @Test func everyCommandHasARequestAndAnAnswer() {
        let pairs = Set(DiameterSamples.all.map { "\($0.commandCode)/\($0.applicationID)/\($0.isRequest)" })
        #expect(pairs.count == DiameterSamples.all.count)
        for code: UInt32 in [257, 280, 282, 316, 317, 318, 319, 320, 321, 323, 300, 301, 302, 303, 304, 305, 272, 258, 265, 275, 274] {
            #expect(DiameterSamples.all.contains { $0.commandCode == code && $0.isRequest }, "request \(code)")
            #expect(DiameterSamples.all.contains { $0.commandCode == code && !$0.isRequest }, "answer \(code)")
        }
    }

    @Test func updateLocationAnswerReadsBack() throws {
        let ula = try DiameterMessage.decode(DiameterSamples.updateLocationAnswer.encoded())
        #expect(ula.name == "Update-Location Answer")
        #expect(ula.resultCode == 2001)
        #expect(ula.sessionID?.hasPrefix("mme.epc") == true)
        let profile = try #require(ula[.subscriptionData]?[.apnConfigurationProfile])
        let apns = profile.all(.apnConfiguration).compactMap { $0[.serviceSelection]?.value.text }
        #expect(apns == ["internet", "ims"])
        #expect(profile.all(.apnConfiguration).last?[.epsSubscribedQoSProfile]?[.qosClassIdentifier]?.value == .enumerated(5))
    }

    @Test func everyDataTypeRoundTrips() throws {
        let avps: [AVP] = [
            AVP(code: 9001, flags: [], vendorID: nil, value: .opaque(ByteBuffer(bytes: [1, 2, 3]))),
            AVP(.sessionId, "a;b;ü"),
            AVP(.hostIPAddress, address: .v4(IPv4Address(192, 0, 2, 1))),
            AVP(.hostIPAddress, address: .v6(IPv6Address("2001:db8::1")!)),
            AVP(.hostIPAddress, .address(.other(family: 8, ByteBuffer(bytes: Array("4917".utf8))))),
            AVP(.eventTimestamp, .time(3_900_000_000)),
            AVP(.ccRequestNumber, unsigned32: 0xFFFF_FFFF),
            AVP(.ccInputOctets, unsigned64: 1 << 40),
            AVP(.exponent, integer32: -3),
            AVP(.valueDigits, .integer64(-1 << 40)),
        ]
        let message = DiameterMessage(header: DiameterHeader(flags: [.request], commandCode: 272, applicationID: 4,
                                                             hopByHop: 1, endToEnd: 2), avps: avps)
        let decoded = try DiameterMessage.decode(message.encoded())
        #expect(decoded.avps == avps)
        #expect(decoded.avps[1].value.text == "a;b;ü")
    }

    @Test func paddingIsZeroAndCountedInTheMessageNotTheAVP() {
        let avp = AVP(.userName, "abcde")
        let bytes = avp.encoded()
        #expect(bytes.readableBytes == 16)
        #expect(bytes.getInteger(at: 5, as: UInt16.self) == 0 && bytes.getInteger(at: 7, as: UInt8.self) == 13)
        #expect(Array(bytes.readableBytesView.suffix(3)) == [0, 0, 0])
    }

    @Test func vendorSpecificAVPCarriesItsVendor() {
        let bytes = AVP(.visitedPLMNId, octets: [0x00, 0xF1, 0x10]).encoded()
        // Code 1407, flags V|M, length 15, vendor 10415.
        #expect(Array(bytes.readableBytesView.prefix(12)) == [0, 0, 0x05, 0x7F, 0xC0, 0, 0, 15, 0, 0, 0x28, 0xAF])
    }
}
