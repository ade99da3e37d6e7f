import GTPv2C
@testable import MMEKit
import NAS
import S1AP
import Testing
import Wire

/// Additional PDN connectivity and dedicated bearers (TS 23.401 5.10.2, 5.4.1, 5.4.4.1).
@Suite struct BearerTests {
    /// A registered UE with its `ims` PDN connection (default bearer 6).
    static func withIMS() throws -> (TestNetwork, TestUE, TestENB) {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.connectPDN(&ue, enb: &enb, apn: "ims")
        return (network, ue, enb)
    }

    @Test func imsPDNConnectivity() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.ueContext(ue)?.sgwS11TEID)
        let request = ue.pdnConnectivityRequest(apn: "ims")
        network.sendUplink(ue.protect(.esm(.pdnConnectivityRequest(request))), ue: ue, enb: enb)
        let csr = CreateSessionRequest(unchecked: try #require(network.sent(.createSessionRequest).last))
        #expect(csr.header.teid == sgwTEID, "the UE's SGW already has its S11 tunnel")
        #expect(csr.apn?.name == "ims")
        #expect(csr.bearerContextsToBeCreated.first?.ebi == 6)
        #expect(csr.bearerContextsToBeCreated.first?.bearerQoS?.qci == 5)
        let setup = try network.expect(ERABSetupRequest.self, on: enb)
        let item = try #require(setup.erabsToBeSetup?.first)
        #expect(item.erabID == 6)
        #expect(item.erabLevelQoSParameters.qci == 5)
        guard case .esm(.activateDefaultEPSBearerContextRequest(let activate)) = try ue.receive(item.nasPDU) else {
            Issue.record("expected ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST")
            return
        }
        #expect(activate.bearerIdentity == 6)
        #expect(activate.procedureTransactionIdentity == request.procedureTransactionIdentity)
        #expect(activate.accessPointName.name == "ims")
        #expect(activate.protocolConfigurationOptions == TestSGW.grantedPCO)
        let (response, teids) = enb.erabSetupResponse(ue, to: setup)
        network.send(response, from: enb)
        #expect(network.sent(.modifyBearerRequest).count == 1, "waits for the UE's accept")
        let accept = ActivateDefaultEPSBearerContextAccept(header: activate.header)
        network.sendUplink(ue.protect(.esm(.activateDefaultEPSBearerContextAccept(accept))), ue: ue, enb: enb)
        let modify = ModifyBearerRequest(unchecked: try #require(network.sent(.modifyBearerRequest).last))
        #expect(modify.bearerContextsToBeModified.map(\.ebi) == [6])
        #expect(modify.bearerContextsToBeModified.first?.fteid(0)?.teid == teids[6])
        #expect(network.ueContext(ue)?.pdnConnections.map(\.state) == [.active, .active])
        #expect(network.mme.context.activeSessions == 2)
    }

    @Test func aPDNConnectionToAnUnsubscribedAPNIsRejected() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        network.sendUplink(ue.protect(.esm(.pdnConnectivityRequest(ue.pdnConnectivityRequest(apn: "unknown")))), ue: ue, enb: enb)
        guard case .esm(.pdnConnectivityReject(let reject)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected PDN CONNECTIVITY REJECT")
            return
        }
        #expect(reject.esmCause == .missingOrUnknownAPN)
        // A second connection to the same APN is refused too.
        network.sendUplink(ue.protect(.esm(.pdnConnectivityRequest(ue.pdnConnectivityRequest(apn: "internet")))), ue: ue, enb: enb)
        guard case .esm(.pdnConnectivityReject(let again)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected PDN CONNECTIVITY REJECT")
            return
        }
        #expect(again.esmCause == .multiplePDNConnectionsForAGivenAPNNotAllowed)
        #expect(network.sent(.createSessionRequest).count == 1)
    }

    @Test func dedicatedBearerActivation() throws {
        var (network, ue, enb) = try Self.withIMS()
        let context = try #require(network.ueContext(ue))
        network.fromSGW(network.sgw.createBearerRequest(mmeTEID: context.mmeS11TEID, linkedEBI: 6))
        let setup = try network.expect(ERABSetupRequest.self, on: enb)
        let item = try #require(setup.erabsToBeSetup?.first)
        #expect(item.erabID == 7)
        #expect(item.erabLevelQoSParameters.qci == 1)
        #expect(item.erabLevelQoSParameters.gbrQosInformation?.erabGuaranteedBitrateDL == 128_000)
        #expect(item.transportLayerAddress.transportLayerAddresses == [.v4(TestSGW.userPlane)])
        guard case .esm(.activateDedicatedEPSBearerContextRequest(let activate)) = try ue.receive(item.nasPDU) else {
            Issue.record("expected ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST")
            return
        }
        #expect(activate.bearerIdentity == 7)
        #expect(activate.linkedBearerIdentity == 6)
        #expect(activate.epsQoS.qci == 1)
        #expect(activate.epsQoS.bitRates?.guaranteedDownlink == 128)
        #expect(activate.tft.template == TestSGW.voiceTFT)
        let (response, teids) = enb.erabSetupResponse(ue, to: setup)
        network.send(response, from: enb)
        #expect(network.sent(.createBearerResponse).isEmpty, "waits for the UE")
        let accept = ActivateDedicatedEPSBearerContextAccept(header: activate.header)
        network.sendUplink(ue.protect(.esm(.activateDedicatedEPSBearerContextAccept(accept))), ue: ue, enb: enb)
        let answer = CreateBearerResponse(unchecked: try #require(network.sent(.createBearerResponse).last))
        #expect(answer.header.teid == context.sgwS11TEID)
        #expect(answer.cause?.value == .requestAccepted)
        let bearer = try #require(answer.bearerContexts.first)
        #expect(bearer.ebi == 7)
        #expect(bearer.cause?.value == .requestAccepted)
        #expect(bearer.fteid(0)?.teid == teids[7] && bearer.fteid(0)?.ipv4 == enb.userPlane)
        #expect(bearer.fteid(1)?.ipv4 == TestSGW.userPlane)
        #expect(network.ueContext(ue)?.pdnConnections[1].bearers.map(\.ebi) == [6, 7])
        #expect(network.mme.statistics.dedicatedBearersActivated == 1)
    }

    @Test func aDedicatedBearerTheUERefusesIsReportedToTheSGW() throws {
        var (network, ue, enb) = try Self.withIMS()
        _ = try network.dedicatedBearerSetUp(ue, enb: &enb, linkedEBI: 6)
        let reject = ActivateDedicatedEPSBearerContextReject(header: ESMHeader(bearerIdentity: 7, procedureTransactionIdentity: 0),
                                                             esmCause: .insufficientResources)
        network.sendUplink(ue.protect(.esm(.activateDedicatedEPSBearerContextReject(reject))), ue: ue, enb: enb)
        let answer = CreateBearerResponse(unchecked: try #require(network.sent(.createBearerResponse).last))
        #expect(answer.cause?.value == .requestRejected)
        #expect(answer.bearerContexts.first?.cause?.value == .ueRefuses)
        #expect(network.ueContext(ue)?.pdnConnections[1].bearers.count == 1)
    }

    @Test func dedicatedBearerDeactivation() throws {
        var (network, ue, enb) = try Self.withIMS()
        let context = try #require(network.ueContext(ue))
        #expect(try network.activateDedicatedBearer(&ue, enb: &enb, linkedEBI: 6) == 7)

        network.fromSGW(network.sgw.deleteBearerRequest(mmeTEID: context.mmeS11TEID, ebis: [7]))
        let release = try network.expect(ERABReleaseCommand.self, on: enb)
        #expect(release.erabsToBeReleased?.map(\.erabID) == [7])
        guard case .esm(.deactivateEPSBearerContextRequest(let deactivate)) = try ue.receive(try #require(release.nasPDU)) else {
            Issue.record("expected DEACTIVATE EPS BEARER CONTEXT REQUEST")
            return
        }
        #expect(deactivate.bearerIdentity == 7)
        #expect(deactivate.esmCause == .regularDeactivation)
        network.send(enb.erabReleaseResponse(ue, ebis: [7]), from: enb)
        let done = DeactivateEPSBearerContextAccept(header: deactivate.header)
        network.sendUplink(ue.protect(.esm(.deactivateEPSBearerContextAccept(done))), ue: ue, enb: enb)
        let answer = DeleteBearerResponse(unchecked: try #require(network.sent(.deleteBearerResponse).last))
        #expect(answer.cause?.value == .requestAccepted)
        #expect(answer.bearerContexts.first?.ebi == 7)
        #expect(answer.bearerContexts.first?.cause?.value == .requestAccepted)
        #expect(network.ueContext(ue)?.pdnConnections[1].bearers.map(\.ebi) == [6])
    }

    @Test func aBearerRequestForAnIdleUEWaitsForPaging() throws {
        var (network, ue, enb) = try Self.withIMS()
        try network.goIdle(&ue, enb: enb)
        let context = try #require(network.ueContext(ue))
        network.fromSGW(network.sgw.createBearerRequest(mmeTEID: context.mmeS11TEID, linkedEBI: 6))
        _ = try network.expect(Paging.self, on: enb)
        #expect(network.sent(.createBearerResponse).isEmpty)
        try network.serviceRequest(&ue, enb: &enb)
        // Both PDN connections modified, then the held request runs.
        #expect(network.sent(.modifyBearerRequest).count == 4)
        let setup = try network.expect(ERABSetupRequest.self, on: enb)
        #expect(setup.erabsToBeSetup?.first?.erabID == 7)
    }

    @Test func bearerRequestsForUnknownTunnelsAreRefused() throws {
        var network = TestNetwork()
        network.fromSGW(network.sgw.createBearerRequest(mmeTEID: 0xABCD, linkedEBI: 5))
        let answer = CreateBearerResponse(unchecked: try #require(network.sent(.createBearerResponse).last))
        #expect(answer.cause?.value == .contextNotFound)
        #expect(answer.header.teid == 0)
        network.fromSGW(network.sgw.downlinkDataNotification(mmeTEID: 0xABCD))
        let acknowledge = DownlinkDataNotificationAcknowledge(unchecked: try #require(network.sent(.downlinkDataNotificationAcknowledge).last))
        #expect(acknowledge.cause?.value == .contextNotFound)
    }
}
