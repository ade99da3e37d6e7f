import GTPv2C
@testable import MMEKit
import NAS
import S1AP
import Testing
import Wire

/// Whole procedures as a UE and its eNB run them, for tests about what comes after. Each
/// step's message is checked for its type; the contents are the business of the tests that
/// are about that procedure.
extension TestNetwork {
    /// A complete attach; returns the Initial Context Setup Request that carried ATTACH ACCEPT.
    @discardableResult
    mutating func attach(_ ue: inout TestUE, enb: inout TestENB, apn: String? = nil) throws -> InitialContextSetupRequest {
        sendInitial(TestUE.plain(ue.attachRequest(apn: apn)), ue: &ue, enb: &enb)
        try authenticateAndSecure(&ue, enb: enb)
        return try completeAttach(&ue, enb: &enb)
    }

    /// AUTHENTICATION REQUEST answered, SECURITY MODE COMMAND completed.
    mutating func authenticateAndSecure(_ ue: inout TestUE, enb: TestENB) throws {
        guard case .emm(.authenticationRequest(let challenge)) = try downlinkNAS(&ue, enb: enb) else {
            throw TestFailure("expected AUTHENTICATION REQUEST")
        }
        sendUplink(TestUE.plain(ue.answer(challenge)), ue: ue, enb: enb)
        let command = try downlinkPDU(&ue, enb: enb)
        sendUplink(try ue.acceptSecurityMode(command), ue: ue, enb: enb)
    }

    /// From Initial Context Setup with ATTACH ACCEPT to ATTACH COMPLETE and Modify Bearer.
    @discardableResult
    mutating func completeAttach(_ ue: inout TestUE, enb: inout TestENB) throws -> InitialContextSetupRequest {
        let request = try expect(InitialContextSetupRequest.self, on: enb)
        guard let pdu = request.erabsToBeSetup?.first?.nasPDU, case .emm(.attachAccept(let accept)) = try ue.receive(pdu),
              case .activateDefaultEPSBearerContextRequest(let activate)? = accept.esmMessageContainer.message else {
            throw TestFailure("Initial Context Setup without ATTACH ACCEPT")
        }
        ue.guti = accept.guti?.guti
        send(enb.initialContextSetupResponse(ue, to: request).0, from: enb)
        sendUplink(ue.protect(attachComplete(activate.bearerIdentity)), ue: ue, enb: enb)
        // EMM INFORMATION with the network name follows ATTACH COMPLETE.
        guard case .emm(.emmInformation) = try downlinkNAS(&ue, enb: enb) else { throw TestFailure("expected EMM INFORMATION") }
        return request
    }

    func attachComplete(_ ebi: UInt8) -> NASMessage {
        let accept = ActivateDefaultEPSBearerContextAccept(header: ESMHeader(bearerIdentity: ebi, procedureTransactionIdentity: 0))
        return .emm(.attachComplete(AttachComplete(esmMessageContainer: ESMMessageContainer(.activateDefaultEPSBearerContextAccept(accept)))))
    }

    /// The eNB asks to release the UE for inactivity; the MME's command is completed. The UE is idle after.
    mutating func goIdle(_ ue: inout TestUE, enb: TestENB) throws {
        send(enb.ueContextReleaseRequest(ue), from: enb)
        let command = try expect(UEContextReleaseCommand.self, on: enb)
        send(enb.ueContextReleaseComplete(mmeUES1APID: command.ueS1APIDs?.mmeUES1APID ?? 0, enbUES1APID: ue.enbUES1APID), from: enb)
        ue.mmeUES1APID = nil
    }

    /// SERVICE REQUEST from idle, the bearers back through Initial Context Setup.
    @discardableResult
    mutating func serviceRequest(_ ue: inout TestUE, enb: inout TestENB) throws -> InitialContextSetupRequest {
        let guti = try #require(ue.guti)
        sendInitial(ue.serviceRequest(), ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        let request = try expect(InitialContextSetupRequest.self, on: enb)
        ue.mmeUES1APID = request.mmeUES1APID
        send(enb.initialContextSetupResponse(ue, to: request).0, from: enb)
        return request
    }

    /// PDN CONNECTIVITY REQUEST for another APN, answered by E-RAB Setup and the UE's accept.
    @discardableResult
    mutating func connectPDN(_ ue: inout TestUE, enb: inout TestENB, apn: String) throws -> ActivateDefaultEPSBearerContextRequest {
        let request = ue.pdnConnectivityRequest(apn: apn)
        sendUplink(ue.protect(.esm(.pdnConnectivityRequest(request))), ue: ue, enb: enb)
        let setup = try expect(ERABSetupRequest.self, on: enb)
        guard let pdu = setup.erabsToBeSetup?.first?.nasPDU,
              case .esm(.activateDefaultEPSBearerContextRequest(let activate)) = try ue.receive(pdu) else {
            throw TestFailure("E-RAB Setup without ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST")
        }
        send(enb.erabSetupResponse(ue, to: setup).0, from: enb)
        let accept = ActivateDefaultEPSBearerContextAccept(header: ESMHeader(bearerIdentity: activate.bearerIdentity,
                                                                             procedureTransactionIdentity: activate.procedureTransactionIdentity))
        sendUplink(ue.protect(.esm(.activateDefaultEPSBearerContextAccept(accept))), ue: ue, enb: enb)
        return activate
    }
}

extension TestUE {
    /// The COUNT of the last uplink NAS message the UE sent: the one KeNB is derived with.
    var lastUplinkCount: UInt32 { security!.sendCount.value - 1 }
}
