import GTPv2C
@testable import MMEKit
import NIOCore
import S1AP
import Testing
import Wire

/// The non-UE-associated S1AP procedures and the protocol's error handling (TS 36.413 8.7, 10).
@Suite struct S1APManagementTests {
    @Test func s1SetupFromAnotherPLMNIsRefused() throws {
        var network = TestNetwork()
        let enb = TestENB(association: ENBAssociationID(50), plmn: PLMN(mcc: "999", mnc: "99")!, tac: 1, macroID: 7)
        network.deliver(.s1apAssociationUp(enb.association, outboundStreams: 2))
        network.send(enb.s1SetupRequest(), from: enb, stream: 0)
        let failure = try network.expect(S1SetupFailure.self, on: enb)
        #expect(failure.cause == .misc(.unknownPLMN))
        #expect(failure.timeToWait == .v10s)
        #expect(network.mme.context.setUpENBs == 0)
        #expect(network.mme.statistics.s1SetupFailures == 1)
        // Until it sets up, its UE messages are refused.
        var ue = TestNetwork.subscriber()
        ue.enbUES1APID = 1
        network.send(enb.initialUEMessage(ue, nas: TestUE.plain(ue.attachRequest())), from: enb)
        let refused = try network.expect(ErrorIndication.self, on: enb)
        #expect(refused.cause == .protocol(.messageNotCompatibleWithReceiverState))
        #expect(refused.enbUES1APID == 1)
        #expect(network.mme.context.ues.isEmpty)
    }

    @Test func s1SetupWithoutAServedTrackingAreaIsRefused() throws {
        var network = TestNetwork()
        let enb = TestENB(association: ENBAssociationID(51), plmn: TestNetwork.plmn, tac: 99, macroID: 8)
        network.deliver(.s1apAssociationUp(enb.association, outboundStreams: 2))
        network.send(enb.s1SetupRequest(), from: enb, stream: 0)
        #expect(try network.expect(S1SetupFailure.self, on: enb).cause == .misc(.unspecified))
    }

    @Test func severalENBsKeepTheirOwnUEs() throws {
        var network = TestNetwork()
        var first = network.connectENB(tac: 1)
        var second = network.connectENB(tac: 2, macroID: 0x19B02)
        var alice = TestNetwork.subscriber()
        try network.attach(&alice, enb: &first)
        var bob = network.secondSubscriber()
        try network.attach(&bob, enb: &second)
        #expect(network.mme.context.connectedUEs == 2)
        // A full Reset of the second eNB idles Bob alone.
        var reset = Reset()
        reset.cause = .misc(.omIntervention)
        reset.resetType = .s1Interface(.resetAll)
        network.send(reset.message, from: second, stream: 0)
        _ = try network.expect(ResetAcknowledge.self, on: second)
        #expect(network.ueContext(bob)?.connection == nil)
        #expect(network.ueContext(alice)?.connection != nil)
        #expect(network.sent(.releaseAccessBearersRequest).count == 1)
        // Bob comes back on the first eNB.
        try network.serviceRequest(&bob, enb: &first)
        #expect(network.mme.context.connectedUEs == 2)
    }

    @Test func aPartialResetReleasesTheListedConnections() throws {
        var (network, alice, bob, enb) = try TestNetwork.twoAttached()
        var reset = Reset()
        reset.cause = .radioNetwork(.unspecified)
        let item = UEAssociatedLogicalS1ConnectionItem(mmeUES1APID: bob.mmeUES1APID, enbUES1APID: bob.enbUES1APID)
        reset.resetType = .partOfS1Interface([item])
        network.send(reset.message, from: enb, stream: 0)
        let acknowledge = try network.expect(ResetAcknowledge.self, on: enb)
        #expect(acknowledge.ueAssociatedLogicalS1ConnectionListResAck?.first?.mmeUES1APID == bob.mmeUES1APID)
        #expect(network.ueContext(bob)?.connection == nil)
        #expect(network.ueContext(alice)?.connection != nil)
    }

    @Test func anErrorIndicationAboutAnUnknownUEIdlesIt() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        network.send(S1APBuild.errorIndication(.radioNetwork(.unknownMmeUeS1apId), mmeUES1APID: ue.mmeUES1APID,
                                               enbUES1APID: ue.enbUES1APID), from: enb)
        #expect(network.ueContext(ue)?.connection == nil)
        #expect(network.mme.statistics.errorIndicationsReceived == 1)
        #expect(network.pending(on: enb).isEmpty, "no Error Indication about an Error Indication")
        _ = ue
    }

    @Test func messagesForUnknownUEsGetErrorIndications() throws {
        let (attached, ue, enb) = try SecurityEnforcementTests.attached()
        var network = attached
        var stranger = ue
        stranger.mmeUES1APID = 0xFFFF
        network.sendUplink([0x07, 0x43], ue: stranger, enb: enb)
        let unknown = try network.expect(ErrorIndication.self, on: enb)
        #expect(unknown.cause == .radioNetwork(.unknownMmeUeS1apId))
        #expect(unknown.mmeUES1APID == 0xFFFF)
        // The right MME-UE-S1AP-ID with another eNB-UE-S1AP-ID: an unknown pair.
        stranger = ue
        stranger.enbUES1APID = 4242
        network.sendUplink([0x07, 0x43], ue: stranger, enb: enb)
        #expect(try network.expect(ErrorIndication.self, on: enb).cause == .radioNetwork(.unknownPairUeS1apId))
        #expect(network.ueContext(ue)?.connection?.enbUES1APID == ue.enbUES1APID, "the real UE is untouched")
    }

    @Test func malformedS1APIsAnsweredWithErrorIndication() throws {
        var network = TestNetwork()
        let enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        ue.enbUES1APID = 7
        var bytes = Array(enb.initialUEMessage(ue, nas: TestUE.plain(ue.attachRequest())).encoded().readableBytesView)
        bytes.removeLast(5)
        network.deliver(.s1ap(enb.association, stream: 1, ByteBuffer(bytes: bytes)))
        let indication = try network.expect(ErrorIndication.self, on: enb)
        #expect(indication.cause == .protocol(.transferSyntaxError))
        #expect(indication.criticalityDiagnostics?.procedureCode == .initialUEMessage)
        #expect(network.mme.statistics.malformed["s1ap"] == 1)
        // A mandatory IE missing (eNB-UE-S1AP-ID, criticality reject): abstract syntax error.
        var missing = InitialUEMessage(enb.initialUEMessage(ue, nas: TestUE.plain(ue.attachRequest())))!
        missing.enbUES1APID = nil
        network.send(missing.message, from: enb)
        #expect(try network.expect(ErrorIndication.self, on: enb).cause == .protocol(.abstractSyntaxErrorReject))
        #expect(network.mme.context.ues.isEmpty)
    }

    @Test func unsupportedProceduresAreRefused() throws {
        var network = TestNetwork()
        let enb = network.connectENB()
        let required = try #require(S1APSamples.sample("HandoverRequired"))
        network.send(required, from: enb)
        #expect(try network.expect(ErrorIndication.self, on: enb).cause == .protocol(.messageNotCompatibleWithReceiverState))
    }

    @Test func anENBThatSetsUpAgainOnANewAssociationReplacesTheOld() throws {
        var network = TestNetwork()
        var old = network.connectENB()
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &old)
        let restarted = network.connectENB()
        #expect(network.closed == [old.association])
        #expect(network.mme.context.enbs[old.association] == nil)
        #expect(network.ueContext(ue)?.connection == nil, "the UE's connection went with the old association")
        #expect(network.mme.context.setUpENBs == 1)
        _ = restarted
    }

    @Test func aLostAssociationIdlesItsUEs() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        network.deliver(.s1apAssociationDown(enb.association))
        #expect(network.ueContext(ue)?.connection == nil)
        #expect(network.ueContext(ue)?.emmState == .registered)
        #expect(network.sent(.releaseAccessBearersRequest).count == 1)
        #expect(network.mme.context.setUpENBs == 0)
        _ = ue
    }

    @Test func configurationUpdateChangesThePagedAreas() throws {
        var network = TestNetwork()
        let enb = network.connectENB(tac: 1)
        var update = ENBConfigurationUpdate()
        update.supportedTAs = [SupportedTAsItem(tac: 2, broadcastPLMNs: [PLMNIdentity(TestNetwork.plmn)])]
        network.send(update.message, from: enb, stream: 0)
        _ = try network.expect(ENBConfigurationUpdateAcknowledge.self, on: enb)
        #expect(network.mme.context.enbs[enb.association]?.trackingAreas == [TAI(plmn: TestNetwork.plmn, tac: 2)])
        update.supportedTAs = [SupportedTAsItem(tac: 9, broadcastPLMNs: [PLMNIdentity(TestNetwork.plmn)])]
        network.send(update.message, from: enb, stream: 0)
        #expect(try network.expect(ENBConfigurationUpdateFailure.self, on: enb).cause == .misc(.unknownPLMN))
    }

    @Test func anENBUES1APIDUsedAgainMeansTheOldConnectionIsGone() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        var newcomer = network.secondSubscriber()
        newcomer.enbUES1APID = ue.enbUES1APID
        network.send(enb.initialUEMessage(newcomer, nas: TestUE.plain(newcomer.attachRequest())), from: enb)
        #expect(network.ueContext(ue)?.connection == nil, "the old UE's connection is gone")
        #expect(network.ueContext(ue)?.emmState == .registered)
        #expect(network.sent(.releaseAccessBearersRequest).count == 1)
        guard case .emm(.authenticationRequest) = try network.downlinkNAS(&newcomer, enb: enb) else {
            Issue.record("expected AUTHENTICATION REQUEST for the newcomer")
            return
        }
    }
}
