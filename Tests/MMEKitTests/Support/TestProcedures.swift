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
    /// A network with one eNB and the test subscriber, whose ATTACH REQUEST (by IMSI) is sent.
    /// With `guti`, the UE attaches with that GUTI instead.
    static func attachStarted(apn: String? = nil, informationFlag: Bool = false, guti: GUTI? = nil,
                              _ prepare: (inout TestNetwork) -> Void = { _ in }) -> (TestNetwork, TestUE, TestENB) {
        var network = TestNetwork()
        prepare(&network)
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        ue.guti = guti
        let request = ue.attachRequest(byGUTI: guti != nil, apn: apn, informationFlag: informationFlag)
        network.sendInitial(TestUE.plain(request), ue: &ue, enb: &enb)
        return (network, ue, enb)
    }

    /// A second subscriber, with the first one's keys, known to the HSS.
    mutating func secondSubscriber() -> TestUE {
        let ue = TestNetwork.subscriber("001010000000002")
        hss.add(ue.imsi, milenage: ue.milenage)
        return ue
    }

    /// An attach from security mode to Initial Context Setup answered by the eNB; returns the
    /// request that carried ATTACH ACCEPT.
    mutating func attachUntilContextSetUp(_ ue: inout TestUE, enb: inout TestENB) throws -> InitialContextSetupRequest {
        try authenticateAndSecure(&ue, enb: enb)
        let setup = try expect(InitialContextSetupRequest.self, on: enb)
        send(enb.initialContextSetupResponse(ue, to: setup).0, from: enb)
        return setup
    }

    /// A QCI 1 bearer the SGW asks for on the PDN connection of `linkedEBI`, set up by the eNB;
    /// returns the E-RAB Setup Request with the UE's ESM message in it.
    mutating func dedicatedBearerSetUp(_ ue: TestUE, enb: inout TestENB, linkedEBI: UInt8) throws -> ERABSetupRequest {
        let context = try #require(ueContext(ue))
        fromSGW(sgw.createBearerRequest(mmeTEID: context.mmeS11TEID, linkedEBI: linkedEBI))
        let setup = try expect(ERABSetupRequest.self, on: enb)
        send(enb.erabSetupResponse(ue, to: setup).0, from: enb)
        return setup
    }

    /// Two subscribers attached through one eNB.
    static func twoAttached() throws -> (TestNetwork, TestUE, TestUE, TestENB) {
        var network = TestNetwork()
        var enb = network.connectENB()
        var alice = TestNetwork.subscriber()
        try network.attach(&alice, enb: &enb)
        var bob = network.secondSubscriber()
        try network.attach(&bob, enb: &enb)
        return (network, alice, bob, enb)
    }

    /// A dedicated bearer set up by the eNB and accepted by the UE; returns its EPS bearer ID.
    mutating func activateDedicatedBearer(_ ue: inout TestUE, enb: inout TestENB, linkedEBI: UInt8) throws -> UInt8 {
        let setup = try dedicatedBearerSetUp(ue, enb: &enb, linkedEBI: linkedEBI)
        guard case .esm(.activateDedicatedEPSBearerContextRequest(let request)) = try ue.receive(try #require(setup.erabsToBeSetup?.first?.nasPDU))
        else { throw TestFailure("expected ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST") }
        let accept = ActivateDedicatedEPSBearerContextAccept(header: request.header)
        sendUplink(ue.protect(.esm(.activateDedicatedEPSBearerContextAccept(accept))), ue: ue, enb: enb)
        return request.bearerIdentity
    }

    /// A complete attach; returns the Initial Context Setup Request that carried ATTACH ACCEPT.
    @discardableResult
    mutating func attach(_ ue: inout TestUE, enb: inout TestENB, apn: String? = nil) throws -> InitialContextSetupRequest {
        sendInitial(TestUE.plain(ue.attachRequest(apn: apn)), ue: &ue, enb: &enb)
        try authenticateAndSecure(&ue, enb: enb)
        return try completeAttach(&ue, enb: &enb)
    }

    /// The AUTHENTICATION REQUEST the MME sent, answered by the UE's USIM.
    @discardableResult
    mutating func answerChallenge(_ ue: inout TestUE, enb: TestENB) throws -> AuthenticationRequest {
        guard case .emm(.authenticationRequest(let challenge)) = try downlinkNAS(&ue, enb: enb) else {
            throw TestFailure("expected AUTHENTICATION REQUEST")
        }
        let answer = ue.answer(challenge)
        sendUplink(ue.uplink(answer), ue: ue, enb: enb)
        return challenge
    }

    /// AUTHENTICATION REQUEST answered, SECURITY MODE COMMAND completed.
    mutating func authenticateAndSecure(_ ue: inout TestUE, enb: TestENB) throws {
        try answerChallenge(&ue, enb: enb)
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
