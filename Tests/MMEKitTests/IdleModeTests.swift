import GTPv2C
@testable import MMEKit
import MobileCrypto
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// ECM-IDLE and back (TS 23.401 5.3.4, 5.3.5, 5.3.3): S1 release on inactivity, service
/// request, paging on downlink data, tracking area updates.
@Suite struct IdleModeTests {
    @Test func inactivityReleasesAccessBearersThenTheContext() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let session = try #require(network.sgw.sessions.first)
        network.send(enb.ueContextReleaseRequest(ue), from: enb)
        let release = ReleaseAccessBearersRequest(unchecked: try #require(network.sent(.releaseAccessBearersRequest).last))
        #expect(release.header.teid == session.sgwTEID)
        #expect(release.originatingNode == .mme)
        let command = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(command.cause == .radioNetwork(.userInactivity))
        #expect(command.ueS1APIDs?.mmeUES1APID == ue.mmeUES1APID)
        #expect(command.ueS1APIDs?.enbUES1APID == ue.enbUES1APID)
        #expect(network.sgw.enbFTEIDs.isEmpty)
        network.send(enb.ueContextReleaseComplete(mmeUES1APID: ue.mmeUES1APID!, enbUES1APID: ue.enbUES1APID), from: enb)
        let context = try #require(network.ueContext(ue))
        #expect(context.connection == nil)
        #expect(context.emmState == .registered)
        #expect(network.mme.context.idleUEs == 1 && network.mme.context.connectedUEs == 0)
    }

    @Test func serviceRequestBringsTheBearersBackWithAFreshKeNB() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        let guti = try #require(ue.guti)
        let pdu = ue.serviceRequest()
        network.sendInitial(pdu, ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        let request = try network.expect(InitialContextSetupRequest.self, on: enb)
        ue.mmeUES1APID = request.mmeUES1APID
        // KeNB from the uplink COUNT of the SERVICE REQUEST itself.
        #expect(request.securityKey == KeyDerivation.kenb(kasme: try #require(ue.kasme), uplinkNASCount: ue.lastUplinkCount).bytes)
        let erab = try #require(request.erabsToBeSetup?.first)
        #expect(erab.erabID == 5 && erab.nasPDU == nil)
        #expect(erab.gtpTEID != 0)
        let (response, teids) = enb.initialContextSetupResponse(ue, to: request)
        network.send(response, from: enb)
        let modify = ModifyBearerRequest(unchecked: try #require(network.sent(.modifyBearerRequest).last))
        #expect(modify.bearerContextsToBeModified.first?.fteid(0)?.teid == teids[5])
        #expect(network.sgw.enbFTEIDs[5]?.teid == teids[5])
        #expect(network.ueContext(ue)?.connection != nil)
        #expect(network.mme.statistics.serviceRequests == 1)
    }

    @Test func downlinkDataPagesInTheUEsTrackingAreasOnly() throws {
        // Seventeen TACs: the TAI list holds sixteen, so the eNB of the last is not paged.
        var network = TestNetwork(tacs: Array(1...17))
        var enb = network.connectENB(tac: 1)
        let near = network.connectENB(tac: 2, macroID: 0x19B02)
        let far = network.connectENB(tac: 17, macroID: 0x19B03)
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &enb)
        try network.goIdle(&ue, enb: enb)
        let context = try #require(network.ueContext(ue))
        let sgwTEID = try #require(context.sgwS11TEID)
        network.fromSGW(network.sgw.downlinkDataNotification(mmeTEID: context.mmeS11TEID))
        let acknowledge = DownlinkDataNotificationAcknowledge(unchecked: try #require(network.sent(.downlinkDataNotificationAcknowledge).last))
        #expect(acknowledge.cause?.value == .requestAccepted)
        #expect(acknowledge.header.teid == sgwTEID)
        for paged in [enb, near] {
            let paging = try network.expect(Paging.self, on: paged)
            #expect(paging.uePagingID == .sTMSI(STMSI(mmeC: 1, mTMSI: try #require(ue.guti).mTMSI)))
            #expect(paging.ueIdentityIndexValue == UInt32(1 % 1024), "IMSI 001010000000001 mod 1024")
            #expect(paging.cnDomain == .ps)
            #expect(paging.taiList?.count == 16)
        }
        #expect(network.pending(on: far).isEmpty)
        #expect(network.streams(on: near).last == 0, "paging is not UE-associated")
        #expect(network.armed(.t3413).count == 1)
        // The UE answers from the other eNB: paging stops.
        let guti = try #require(ue.guti)
        var nearENB = near
        network.sendInitial(ue.serviceRequest(), ue: &ue, enb: &nearENB, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        _ = try network.expect(InitialContextSetupRequest.self, on: near)
        #expect(network.armed(.t3413).isEmpty)
    }

    @Test func unansweredPagingIsRepeatedThenReportedToTheSGW() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        let context = try #require(network.ueContext(ue))
        network.fromSGW(network.sgw.downlinkDataNotification(mmeTEID: context.mmeS11TEID))
        _ = try network.expect(Paging.self, on: enb)
        network.fire(.t3413)
        _ = try network.expect(Paging.self, on: enb)
        network.fire(.t3413)
        #expect(network.pending(on: enb).isEmpty)
        let failure = DownlinkDataNotificationFailureIndication(
            unchecked: try #require(network.sent(.downlinkDataNotificationFailureIndication).last))
        #expect(failure.cause?.value == .ueNotResponding)
        #expect(failure.header.teid == context.sgwS11TEID)
        #expect(network.mme.statistics.pagings == 1)
    }

    static func trackingAreaUpdate(_ ue: TestUE, periodic: Bool, active: Bool = false) -> NASMessage {
        var request = TrackingAreaUpdateRequest(
            nasKeySetIdentifier: NASKeySetIdentifier(value: ue.security?.keySetIdentifier ?? 0),
            updateType: EPSUpdateType(periodic ? EPSUpdateType.periodicUpdating : EPSUpdateType.taUpdating, active: active),
            oldGUTI: .guti(ue.guti!))
        request.epsBearerContextStatus = EPSBearerContextStatus(activeBearers: [5])
        return .emm(.trackingAreaUpdateRequest(request))
    }

    @Test func periodicUpdateFromIdleIsAcceptedThenReleased() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        network.sendInitial(ue.initial(Self.trackingAreaUpdate(ue, periodic: true)), ue: &ue, enb: &enb)
        guard case .emm(.trackingAreaUpdateAccept(let accept)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected TRACKING AREA UPDATE ACCEPT")
            return
        }
        #expect(accept.updateResult == .taUpdated)
        #expect(accept.t3412 == GPRSTimer(9, unit: .decihours))
        #expect(accept.epsBearerContextStatus?.activeBearers == [5])
        #expect(accept.taiList?.tais.first == enb.tai)
        #expect(accept.guti == nil, "same GUTI: no TRACKING AREA UPDATE COMPLETE expected")
        let command = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(command.cause == .nas(.normalRelease))
        #expect(network.mme.statistics.trackingAreaUpdates == 1)
    }

    @Test func updateFromANewTrackingAreaGetsANewTAIList() throws {
        var network = TestNetwork(tacs: Array(1...20))
        var enb = network.connectENB(tac: 1)
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &enb)
        try network.goIdle(&ue, enb: enb)
        var moved = network.connectENB(tac: 20, macroID: 0x19B09)
        network.sendInitial(ue.initial(Self.trackingAreaUpdate(ue, periodic: false)), ue: &ue, enb: &moved)
        guard case .emm(.trackingAreaUpdateAccept(let accept)) = try network.downlinkNAS(&ue, enb: moved) else {
            Issue.record("expected TRACKING AREA UPDATE ACCEPT")
            return
        }
        let tais = try #require(accept.taiList?.tais)
        #expect(tais.first == moved.tai)
        #expect(tais.count == 16)
        #expect(network.ueContext(ue)?.tai == moved.tai)
    }

    @Test func updateWithTheActiveFlagSetsTheBearersUp() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        network.sendInitial(ue.initial(Self.trackingAreaUpdate(ue, periodic: false, active: true)), ue: &ue, enb: &enb)
        guard case .emm(.trackingAreaUpdateAccept) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected TRACKING AREA UPDATE ACCEPT")
            return
        }
        let request = try network.expect(InitialContextSetupRequest.self, on: enb)
        #expect(request.securityKey == KeyDerivation.kenb(kasme: try #require(ue.kasme), uplinkNASCount: ue.lastUplinkCount).bytes)
        network.send(enb.initialContextSetupResponse(ue, to: request).0, from: enb)
        #expect(network.sent(.modifyBearerRequest).count == 2)
    }

    @Test func updateWithAnUnknownGUTIIsRejected() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        ue.guti = GUTI(plmn: TestNetwork.plmn, mmeGroupID: 0x8001, mmeCode: 1, mTMSI: 42)
        network.sendInitial(TestUE.plain(Self.trackingAreaUpdate(ue, periodic: true)), ue: &ue, enb: &enb)
        guard case .emm(.trackingAreaUpdateReject(let reject)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected TRACKING AREA UPDATE REJECT")
            return
        }
        #expect(reject.emmCause == .ueIdentityCannotBeDerived)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        let complete = enb.ueContextReleaseComplete(mmeUES1APID: ue.mmeUES1APID!, enbUES1APID: ue.enbUES1APID)
        network.send(complete, from: enb)
        #expect(network.mme.context.ues.isEmpty)
    }

    @Test func aServiceRequestFromAnUnknownSTMSIIsReleased() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        network.sendInitial(ue.serviceRequest(), ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: 1, mTMSI: 0xDEAD))
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.ueContext(ue)?.connection == nil)
    }
}
