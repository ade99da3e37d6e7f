import NIOCore
import Testing
import Wire
@testable import NAS

/// Malformed messages are refused with the cause an EMM/ESM STATUS should carry (TS 24.301 clause
/// 7), and the non-imperative part keeps what it does not understand (TS 24.007 11.2.4).
struct MalformedInputTests {
    func decodeError(_ hex: String, direction: NASDirection? = nil) -> NASDecodeError? {
        do {
            _ = try NASPDU.decode(ByteBuffer(hex: hex), direction: direction)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownMessageTypeIsCause97() throws {
        let error = try #require(decodeError("07ff"))
        #expect(error.reason == .unknownMessageType(0xFF))
        #expect(error.emmCause == .messageTypeNonExistent)
        #expect(error.messageType == 0xFF)
    }

    @Test func unknownESMMessageTypeIsCause97WithTheHeaderToEcho() throws {
        let error = try #require(decodeError("6203ff"))
        #expect(error.esmCause == .messageTypeNonExistent)
        #expect(error.emmCause == nil)
        #expect(error.bearerIdentity == 6)
        #expect(error.procedureTransactionIdentity == 3)
    }

    @Test(arguments: [
        "0741",            // ATTACH REQUEST with nothing after the type
        "074172080999",    // EPS mobile identity runs past the end
        "0741720a",        // length beyond the message
        "075200",          // AUTHENTICATION REQUEST without RAND
        "075600",          // IDENTITY RESPONSE with an empty identity
        "07560203",        // IDENTITY RESPONSE with a truncated IMSI
        "0756010e",        // IDENTITY RESPONSE with a reserved identity type
        "0753021122",      // RES shorter than 4 octets
        "5200c1",          // ACTIVATE DEFAULT BEARER REQUEST without its mandatory IEs
        "5200c10109",      // ... with EPS QoS but no APN
        "075c",            // AUTHENTICATION FAILURE without a cause
    ])
    func malformedMandatoryPartIsCause96(hex: String) throws {
        let error = try #require(decodeError(hex))
        #expect(error.reason == .invalidMandatoryInformation, "\(error)")
        #expect(error.statusCause == 96)
    }

    @Test func unknownComprehensionRequiredIEIsCause96() throws {
        // EMM STATUS with an unknown IEI 0x05 (bits 8-5 = 0000).
        let error = try #require(decodeError("0760600501ff"))
        #expect(error.reason == .unknownComprehensionRequiredIE(iei: 0x05))
        #expect(error.emmCause == .invalidMandatoryInformation)
    }

    @Test func synchFailureWithoutAUTSIsCause100() throws {
        let error = try #require(decodeError("075c15"))
        #expect(error.reason == .conditionalIEError)
        #expect(error.emmCause == .conditionalIEError)
        // With AUTS it is fine; the UE sends AUTS with #21 only.
        #expect(decodeError("075c15300e" + String(repeating: "ab", count: 14)) == nil)
        #expect(decodeError("075c14") == nil)
    }

    @Test func messagesToIgnoreHaveNoStatusCause() throws {
        #expect(try #require(decodeError("")).reason == .messageTooShort)
        #expect(try #require(decodeError("07")).statusCause == nil)
        #expect(try #require(decodeError("0341")).reason == .unknownProtocolDiscriminator(3))
        #expect(try #require(decodeError("67")).reason == .reservedSecurityHeaderType(6))
        #expect(try #require(decodeError("2712345678")).reason == .messageTooShort)
        #expect(try #require(decodeError("c703a3")).statusCause == 96)
    }

    @Test func protectedMessageGivenToThePlainDecoderIsRefused() {
        #expect(throws: NASDecodeError.self) { try NASMessage.decode(ByteBuffer(hex: "2712345678000743")) }
    }

    @Test func unknownOptionalIEsAreKeptInPlace() throws {
        // ATTACH COMPLETE + unknown type 1 IE (0xA-), unknown TLV 0x4B, unknown TLV-E 0x7F.
        let bytes = ByteBuffer(hex: "0743" + "0003" + "5201c2" + "a3" + "4b021234" + "7f0003abcdef")
        let message = try NASMessage.decode(bytes)
        guard case .emm(.attachComplete(let complete)) = message else {
            Issue.record("not an attach complete")
            return
        }
        #expect(complete.optionalIEs.map(\.iei) == [0xA0, 0x4B, 0x7F])
        #expect(complete.optionalIEs.map(\.format) == [.halfOctet, .tlv, .tlvE])
        #expect(complete.optionalIEs[iei: 0x7F]?.value == ByteBuffer(hex: "abcdef"))
        #expect(message.encoded() == bytes)
    }

    @Test func repeatedAndOutOfOrderIEsRoundTripAndTheFirstCounts() throws {
        // EMM INFORMATION: local time zone twice, then the full name after it (out of order).
        let bytes = ByteBuffer(hex: "0761" + "4640" + "4621" + "430483d6e805")
        let message = try NASMessage.decode(bytes)
        guard case .emm(.emmInformation(let information)) = message else {
            Issue.record("not EMM information")
            return
        }
        #expect(information.localTimeZone == TimeZoneOffset(rawValue: 0x40))
        #expect(information.fullNetworkName != nil)
        #expect(message.encoded() == bytes)
    }

    @Test func malformedOptionalIEIsTreatedAsAbsentButKept() throws {
        // ATTACH REJECT with a T3346 of length 0 (needs 1 octet) and a trailing IE cut short.
        let bytes = ByteBuffer(hex: "0744115f00" + "1605")
        let message = try NASMessage.decode(bytes)
        guard case .emm(.attachReject(let reject)) = message else {
            Issue.record("not an attach reject")
            return
        }
        #expect(reject.emmCause == .networkFailure)
        #expect(reject.t3346 == nil)
        #expect(reject.optionalIEs.last?.format == .truncated)
        #expect(message.encoded() == bytes)
    }

    @Test func undecodableESMContainerDoesNotFailTheEMMMessage() throws {
        // ATTACH REQUEST whose ESM container holds an unknown ESM message type.
        let bytes = ByteBuffer(hex: "074171080910101010101010" + "02e0e0" + "0003020199")
        guard case .emm(.attachRequest(let request)) = try NASMessage.decode(bytes) else {
            Issue.record("not an attach request")
            return
        }
        #expect(request.esmMessageContainer.message == nil)
        let error = try #require(request.esmMessageContainer.decodingError)
        #expect(error.esmCause == .messageTypeNonExistent)
        #expect(error.procedureTransactionIdentity == 1)
    }

    @Test func detachRequestFormFollowsTheDirectionWhenGiven() throws {
        let fromNetwork = ByteBuffer(hex: "0745015302")
        #expect(try NASMessage.decode(fromNetwork, direction: .downlink) == NASMessage.decode(fromNetwork))
        guard case .emm(.ueTerminatedDetachRequest(let request)) = try NASMessage.decode(fromNetwork) else {
            Issue.record("not the network form")
            return
        }
        #expect(request.detachType.value == DetachType.reattachRequired)
        #expect(request.emmCause == .imsiUnknownInHSS)
        // Read as the UE's form it lacks an identity: cause #96.
        #expect(throws: NASDecodeError.self) { try NASMessage.decode(fromNetwork, direction: .uplink) }
    }
}
