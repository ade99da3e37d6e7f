import Testing
import NIOCore
import Wire
import CodecSamples
@testable import GTPv2C

@Suite struct GTPv2ValidationTests {
    func refusal(_ message: GTPv2Message) -> GTPv2DecodeError? {
        do {
            _ = try GTPv2Message.decode(message.encoded())
            return nil
        } catch {
            return error
        }
    }

    @Test func missingMandatoryIEIsNamedForCause70() throws {
        var request = GTPv2Samples.createSessionRequest
        request.apn = nil
        let error = try #require(refusal(request.message))
        guard case .mandatoryIEMissing(let key, let header) = error else { Issue.record("got \(error)"); return }
        #expect(key == GTPv2IEKey(.apn))
        #expect(header.sequenceNumber == 0x1234)
        #expect(error.cause == GTPv2Cause(.mandatoryIEMissing, offendingIE: GTPv2IEKey(.apn)))
    }

    @Test func missingSenderFTEIDIsNamedWithItsInstance() throws {
        var request = GTPv2Samples.createSessionRequest
        request.senderFTEID = nil
        let error = try #require(refusal(request.message))
        guard case .mandatoryIEMissing(let key, _) = error else { Issue.record("got \(error)"); return }
        #expect(key == GTPv2IEKey(.fteid, instance: 0))
    }

    @Test func missingEBIInsideABearerContextIsMissing() throws {
        var request = GTPv2Samples.createSessionRequest
        request.bearerContextsToBeCreated = [BearerContext(ies: [GTPv2IE(.bearerQoS(BearerQoS(qci: 9,
            arp: AllocationRetentionPriority(priorityLevel: 1, mayPreempt: false, preemptable: false))))])]
        let error = try #require(refusal(request.message))
        guard case .mandatoryIEMissing(let key, _) = error else { Issue.record("got \(error)"); return }
        #expect(key == GTPv2IEKey(.ebi))
    }

    @Test func undecodableMandatoryIEIsIncorrectForCause69() throws {
        var request = GTPv2Samples.createSessionRequest.message
        request.remove(GTPv2IEKey(.ratType))
        request.ies.append(GTPv2IE(.raw(.ratType, ByteBuffer(bytes: [6, 6]))))
        let error = try #require(refusal(request))
        guard case .mandatoryIEIncorrect(let key, _) = error else { Issue.record("got \(error)"); return }
        #expect(key == GTPv2IEKey(.ratType))
        #expect(error.cause.value == .mandatoryIEIncorrect)
    }

    @Test func rejectingResponseOnlyNeedsItsCause() throws {
        var response = CreateSessionResponse(teid: 1, sequenceNumber: 2)
        response.cause = GTPv2Cause(.missingOrUnknownAPN)
        #expect(refusal(response.message) == nil)
        var accepting = CreateBearerResponse(teid: 1, sequenceNumber: 2)
        accepting.cause = GTPv2Cause(.requestAccepted)
        #expect(refusal(accepting.message) != nil, "an accepting Create Bearer Response needs its Bearer Contexts")
    }

    @Test func causeCarriesTheOffendingIE() throws {
        var response = CreateSessionResponse(teid: 1, sequenceNumber: 2)
        response.cause = GTPv2Cause(.mandatoryIEMissing, offendingIE: GTPv2IEKey(.fteid, instance: 1))
        let bytes = response.message.encoded()
        // Cause IE: type 2, length 6, value 70, flags 0, offending type 87, length 0, instance 1.
        #expect(Array(bytes.readableBytesView.suffix(10)) == [0x02, 0x00, 0x06, 0x00, 70, 0x00, 87, 0x00, 0x00, 0x01])
        let decoded = try #require(CreateSessionResponse(try GTPv2Message.decode(bytes)))
        #expect(decoded.cause?.offendingIE == GTPv2IEKey(.fteid, instance: 1))
    }

    @Test func bearerContextsNestedTooDeepAreRefused() {
        var inner = GTPv2IE(.ebi(5))
        for _ in 0..<8 { inner = GTPv2IE(.bearerContext(BearerContext(ies: [inner]))) }
        var message = GTPv2Samples.echoRequest.message
        message.ies.append(inner)
        guard case .malformed(let error, _)? = refusal(message) else { Issue.record("deep nesting accepted"); return }
        #expect(error.kind == .nestingTooDeep(limit: GTPv2IECodec.maximumNesting))
    }
}

extension GTPv2DecodeError: Equatable {
    public static func == (lhs: GTPv2DecodeError, rhs: GTPv2DecodeError) -> Bool {
        lhs.description == rhs.description
    }
}
