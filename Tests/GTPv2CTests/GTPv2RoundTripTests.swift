import Testing
import NIOCore
import Wire
import CodecSamples
@testable import GTPv2C

@Suite struct GTPv2RoundTripTests {
    @Test(arguments: GTPv2Samples.all)
    func builtMessageSurvivesEncodeAndDecode(_ message: GTPv2Message) throws {
        let bytes = message.encoded()
        let decoded = try GTPv2Message.decode(bytes)
        #expect(decoded == message)
        #expect(decoded.encoded() == bytes)
        #expect(decoded.rawKnownIEs.isEmpty, "every modelled IE decodes typed: \(decoded.rawKnownIEs)")
    }

    @Test func createSessionRequestViewReadsBackWhatWasSet() throws {
        let sample = GTPv2Samples.createSessionRequest
        let decoded = try #require(CreateSessionRequest(try GTPv2Message.decode(sample.message.encoded())))
        #expect(decoded.imsi == GTPv2Samples.imsi)
        #expect(decoded.msisdn?.digits == "491711234567")
        #expect(decoded.mei?.digits == "3569360012345678")
        #expect(decoded.apn?.name == "internet")
        #expect(decoded.senderFTEID == FTEID(interfaceType: .s11MMEGTPC, teid: 1, ipv4: GTPv2Samples.mmeAddress))
        #expect(decoded.pgwS5S8Address?.ipv4 == GTPv2Samples.pgwAddress)
        #expect(decoded.ratType == .eutran)
        #expect(decoded.servingNetwork?.description == "001-01")
        #expect(decoded.userLocation?.tai?.tac == 1)
        #expect(decoded.apnAMBR == AMBR(uplink: 1_000_000, downlink: 2_000_000))
        #expect(decoded.pco?.contains(.pcscfIPv4Address) == true)
        let bearer = try #require(decoded.bearerContextsToBeCreated.first)
        #expect(bearer.ebi == 5)
        #expect(bearer.bearerQoS?.qci == 9)
        #expect(bearer.bearerQoS?.arp.priorityLevel == 9)
        #expect(decoded.indication?.daf == true)
    }

    @Test func createBearerRequestCarriesTheVoiceTFT() throws {
        let decoded = try #require(CreateBearerRequest(try GTPv2Message.decode(GTPv2Samples.createBearerRequest.message.encoded())))
        let bearer = try #require(decoded.bearerContexts.first)
        #expect(bearer.tft == GTPv2Samples.voiceTFT)
        #expect(bearer.bearerQoS?.qci == 1)
        #expect(bearer.bearerQoS?.guaranteedBitRateDownlink == 128)
        #expect(decoded.linkedEBI == 5)
    }

    @Test func deleteBearerRequestListsBearerIDsWithInstanceOne() throws {
        var request = DeleteBearerRequest(teid: 1, sequenceNumber: 1)
        request.epsBearerIDs = [6, 7]
        let decoded = try #require(DeleteBearerRequest(try GTPv2Message.decode(request.message.encoded())))
        #expect(decoded.epsBearerIDs == [6, 7])
        #expect(decoded.linkedEBI == nil)
    }

    @Test func unknownIEsSurviveInPlace() throws {
        var message = GTPv2Samples.echoRequest.message
        let opaque = GTPv2IE(.raw(GTPv2IEType(rawValue: 200), ByteBuffer(bytes: [1, 2, 3])), instance: 2)
        message.ies.insert(opaque, at: 0)
        let decoded = try GTPv2Message.decode(message.encoded())
        #expect(decoded.ies.first == opaque)
        #expect(decoded.encoded() == message.encoded())
    }

    @Test func spareBitsOfTheInstanceOctetAreKept() throws {
        // Echo Request, Recovery IE with the CR/spare nibble set to 0x5.
        let bytes: [UInt8] = [0x40, 0x01, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0x03, 0x00, 0x01, 0x50, 0x07]
        let decoded = try GTPv2Message.decode(ByteBuffer(bytes: bytes))
        #expect(decoded.ies.first?.spare == 5)
        #expect(Array(decoded.encoded().readableBytesView) == bytes)
    }

    @Test func nonCanonicalContentIsKeptRawAndStillReencodes() throws {
        // A PDN Type IE with spare bits set is not canonical: kept as bytes, written back as is.
        var message = GTPv2Samples.echoRequest.message
        message.ies.append(GTPv2IE(.raw(.pdnType, ByteBuffer(bytes: [0xF9]))))
        let decoded = try GTPv2Message.decode(message.encoded())
        #expect(decoded.rawKnownIEs.map(\.type) == [.pdnType])
        #expect(decoded.encoded() == message.encoded())
        #expect(decoded[GTPv2Field.pdnType()] == nil)
    }

    @Test func selectionModeWithOnesInItsSpareBitsStaysTyped() throws {
        var message = GTPv2Samples.echoRequest.message
        message.ies.append(GTPv2IE(.raw(.selectionMode, ByteBuffer(bytes: [0xFC]))))
        let decoded = try GTPv2Message.decode(message.encoded())
        #expect(decoded[GTPv2Field.selectionMode()] == .msOrNetworkProvidedSubscriptionVerified)
        #expect(decoded.encoded() == message.encoded())
    }
}
