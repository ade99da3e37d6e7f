import APER
import NIOCore
import Testing
import Wire
@testable import S1AP

/// TS 36.413 section 10: what a receiver does with IEs and procedures it does not understand,
/// missing IEs and undecodable messages, and the Error Indication that answers them.
@Suite("S1AP criticality handling")
struct S1APCriticalityTests {
    /// The Initial UE Message sample with one more IE.
    static func initialUEMessage(adding id: ProtocolIEID, _ criticality: Criticality) -> S1APMessage {
        var message = S1APSamples.initialUEMessage.message
        message.ies.append(ProtocolIEField(id: id, criticality: criticality, value: [0x12, 0x34]))
        return message
    }

    @Test func unknownIEWithIgnoreIsKept() throws {
        let sent = Self.initialUEMessage(adding: 9999, .ignore)
        let message = try S1APMessage.decode(sent.encoded())
        #expect(message == sent)
        #expect(message.encodedBytes == sent.encodedBytes)
        #expect(message.notifications == nil)
        #expect(InitialUEMessage(message)?.nasPDU == S1APSamples.attachRequest)
    }

    @Test func unknownIEWithNotifyIsKeptAndReported() throws {
        let message = try S1APMessage.decode(Self.initialUEMessage(adding: 9999, .notify).encoded())
        let notified = try #require(message.notifications)
        #expect(notified == [S1APIEDiagnostic(id: 9999, criticality: .notify, typeOfError: .notUnderstood)])
        let indication = ErrorIndication(notifying: message.errorContext, ies: notified)
        #expect(indication.cause == .protocol(.abstractSyntaxErrorIgnoreAndNotify))
        #expect(indication.enbUES1APID == 100 && indication.mmeUES1APID == nil)
        #expect(indication.criticalityDiagnostics?.iesCriticalityDiagnostics?.first?.ieID == 9999)
    }

    @Test func unknownIEWithRejectIsRefusedWithWhatTheAnswerNeeds() throws {
        // Also an IE that exists but not in this message: MME-UE-S1AP-ID in an Initial UE Message.
        var sent = Self.initialUEMessage(adding: 9999, .reject)
        sent.ies.append(ProtocolIEField(id: .mmeUES1APID, criticality: .reject, value: MMEUES1APIDCodec.encoded(7)))
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(sent.encoded()) }
        guard case .rejected(let context, let ies, let message) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(context.procedureCode == .initialUEMessage && context.triggeringMessage == .initiatingMessage)
        #expect(context.procedureCriticality == .ignore && context.enbUES1APID == 100)
        #expect(ies == [S1APIEDiagnostic(id: 9999, criticality: .reject, typeOfError: .notUnderstood),
                        S1APIEDiagnostic(id: .mmeUES1APID, criticality: .reject, typeOfError: .notUnderstood)])
        #expect(message == sent)

        // The Error Indication that answers it, through the codec and back.
        let indication = ErrorIndication(answering: error)
        #expect(indication.cause == .protocol(.abstractSyntaxErrorReject))
        #expect(indication.enbUES1APID == 100)
        let answer = try #require(ErrorIndication(try S1APMessage.decode(indication.encoded())))
        let diagnostics = try #require(answer.criticalityDiagnostics)
        #expect(diagnostics.procedureCode == .initialUEMessage)
        #expect(diagnostics.triggeringMessage == .initiatingMessage)
        #expect(diagnostics.procedureCriticality == .ignore)
        #expect(diagnostics.iesCriticalityDiagnostics?.map(\.ieID) == [9999, .mmeUES1APID])
        #expect(diagnostics.iesCriticalityDiagnostics?.map(\.typeOfError) == [.notUnderstood, .notUnderstood])
    }

    @Test func missingMandatoryIEs() throws {
        // NAS-PDU (reject) missing: refused. EUTRAN-CGI (ignore) missing: accepted.
        var view = S1APSamples.initialUEMessage
        view.nasPDU = nil
        view.eutranCGI = nil
        #expect(view.missingMandatoryIEs == [.nasPDU, .eutranCGI])
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(view.encoded()) }
        guard case .rejected(_, let ies, _) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(ies == [S1APIEDiagnostic(id: .nasPDU, criticality: .reject, typeOfError: .missing)])
        #expect(ErrorIndication(answering: error).criticalityDiagnostics?.iesCriticalityDiagnostics?.first?.typeOfError == .missing)

        var partial = S1APSamples.initialUEMessage
        partial.eutranCGI = nil
        #expect(try S1APMessage.decode(partial.encoded()) == partial.message)
    }

    @Test func repeatedIEIsAFalselyConstructedMessage() throws {
        var message = S1APSamples.uplinkNASTransport.message
        message.ies.append(ProtocolIEField(id: .nasPDU, criticality: .reject, value: NASPDUCodec.encoded([0x07, 0x53])))
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(message.encoded()) }
        #expect(error == .falselyConstructed(context: message.errorContext, repeated: .nasPDU, message: message))
        #expect(error.cause == .protocol(.abstractSyntaxErrorFalselyConstructedMessage))
    }

    @Test func unknownProcedures() throws {
        // Procedure 200 does not exist; with criticality ignore the message is kept as it came.
        var message = S1APMessage(kind: .initiatingMessage, procedureCode: 200, criticality: .ignore)
        message.ies.append(ProtocolIEField(id: .mmeUES1APID, criticality: .reject, value: MMEUES1APIDCodec.encoded(7)))
        let kept = try S1APMessage.decode(message.encoded())
        #expect(kept == message && kept.spec == nil && kept.mmeUES1APID == 7)
        #expect(kept.name == "procedure 200 initiatingMessage")
        // With reject, refused: the answer names the procedure and the UE.
        message.criticality = .reject
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(message.encoded()) }
        #expect(error == .rejected(context: message.errorContext, ies: [], message: message))
        let indication = ErrorIndication(answering: error)
        #expect(indication.mmeUES1APID == 7 && indication.criticalityDiagnostics?.procedureCode == 200)
        // A message type a modelled procedure does not have (Paging has no outcome).
        let outcome = S1APMessage(kind: .successfulOutcome, procedureCode: .paging, criticality: .reject)
        #expect(throws: S1APDecodeError.self) { try S1APMessage.decode(outcome.encoded()) }
    }

    @Test func undecodableValuesAreTransferSyntaxErrors() throws {
        // The TAI of an Initial UE Message cut short: its IE value no longer decodes.
        var message = S1APSamples.initialUEMessage.message
        message.ies.set(.tai, .reject, encoding: [0x00, 0x00, 0xF1])
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(message.encoded()) }
        guard case .malformed(let codecError, let context) = error else {
            Issue.record("expected a transfer syntax error, got \(error)")
            return
        }
        #expect(context?.procedureCode == .initialUEMessage && context?.enbUES1APID == 100)
        #expect(codecError.offset > 0)
        #expect(error.cause == .protocol(.transferSyntaxError))
        // A PDU cut anywhere: a transfer syntax error, with the header context when there is one.
        let bytes = S1APSamples.initialUEMessage.message.encodedBytes
        for length in 0..<bytes.count {
            let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(bytes: Array(bytes.prefix(length))) }
            guard case .malformed(_, let context) = error else {
                Issue.record("cut at \(length): \(error)")
                continue
            }
            #expect((context != nil) == (length >= 3))
        }
        // Trailing octets after the PDU.
        #expect(throws: S1APDecodeError.self) { try S1APMessage.decode(bytes: bytes + [0]) }
    }

    @Test func reportedCapturesRefusal() throws {
        // What an eNB sent in testattach.pcapng frame 39 (our own rebuild of it): id-pagingDRX (44),
        // Paging's IE, instead of id-DefaultPagingDRX (137) in an S1 Setup Request, with
        // criticality reject. The MME answers with S1 Setup Failure carrying these diagnostics.
        // (Default Paging DRX is mandatory but with criticality ignore, so its absence is not reported.)
        var request = S1APSamples.s1SetupRequest
        request.defaultPagingDRX = nil
        request.enbName = nil
        request.message.ies.append(ProtocolIEField(id: .pagingDRX, criticality: .reject, value: PagingDRX.encoded(.v32)))
        let error = try #require(throws: S1APDecodeError.self) { try S1APMessage.decode(request.encoded()) }
        var failure = S1SetupFailure()
        failure.cause = error.cause
        failure.criticalityDiagnostics = error.criticalityDiagnostics
        let diagnostics = try #require(S1SetupFailure(try S1APMessage.decode(failure.encoded()))?.criticalityDiagnostics)
        #expect(diagnostics.iesCriticalityDiagnostics?.map(\.ieID) == [.pagingDRX])
        #expect(diagnostics.iesCriticalityDiagnostics?.map(\.typeOfError) == [.notUnderstood])
        #expect(diagnostics.procedureCode == .s1Setup && diagnostics.procedureCriticality == .reject)
    }
}
