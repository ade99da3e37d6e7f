import GTPv2C
@testable import MMEKit
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// NAS security as the MME enforces it (TS 24.301 4.4.4.3): after security mode, a message
/// that is unprotected, has a wrong MAC or a COUNT already used is dropped, counted, and never
/// acted on; an unverified initial message never touches the context it claims.
@Suite struct SecurityEnforcementTests {
    /// A registered, connected UE.
    static func attached() throws -> (TestNetwork, TestUE, TestENB) {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &enb)
        return (network, ue, enb)
    }

    static let switchOff = NASMessage.emm(.ueOriginatingDetachRequest(UEOriginatingDetachRequest(
        nasKeySetIdentifier: NASKeySetIdentifier(value: 0), detachType: DetachType(DetachType.epsDetach, switchOff: false),
        epsMobileIdentity: .imsi(IMSI(TestNetwork.subscriberIMSI)!))))

    @Test func anUnprotectedMessageAfterSecurityModeIsDropped() throws {
        var (network, ue, enb) = try Self.attached()
        // DETACH REQUEST may come unprotected before security, not after (4.4.4.3).
        network.sendUplink(TestUE.plain(Self.switchOff), ue: ue, enb: enb)
        #expect(network.mme.statistics.droppedNAS[.unprotected] == 1)
        #expect(network.pending(on: enb).isEmpty, "no DETACH ACCEPT")
        #expect(network.sent(.deleteSessionRequest).isEmpty)
        #expect(network.ueContext(ue)?.emmState == .registered)
        // The same message protected is acted on.
        network.sendUplink(ue.protect(Self.switchOff), ue: ue, enb: enb)
        guard case .emm(.detachAccept) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected DETACH ACCEPT")
            return
        }
    }

    @Test func aReplayedMessageIsDropped() throws {
        var (network, ue, enb) = try Self.attached()
        let request = ue.pdnConnectivityRequest(apn: "ims")
        let pdu = ue.protect(.esm(.pdnConnectivityRequest(request)))
        network.sendUplink(pdu, ue: ue, enb: enb)
        #expect(network.sent(.createSessionRequest).count == 2)
        network.sendUplink(pdu, ue: ue, enb: enb)
        #expect(network.mme.statistics.droppedNAS[.replayed] == 1)
        #expect(network.sent(.createSessionRequest).count == 2, "the replay started nothing")
    }

    @Test func aWrongMACIsDropped() throws {
        var (network, ue, enb) = try Self.attached()
        var pdu = ue.protect(Self.switchOff)
        pdu[2] ^= 0x40
        network.sendUplink(pdu, ue: ue, enb: enb)
        #expect(network.mme.statistics.droppedNAS[.macFailure] == 1)
        #expect(network.pending(on: enb).isEmpty)
        #expect(network.sent(.deleteSessionRequest).isEmpty)
        // The UE's real next message still verifies: the forgery moved no COUNT.
        network.sendUplink(ue.protect(Self.switchOff), ue: ue, enb: enb)
        #expect(network.sent(.deleteSessionRequest).count == 1)
    }

    @Test func beforeSecurityOnlyTheListedMessagesAreProcessed() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        guard case .emm(.authenticationRequest) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected AUTHENTICATION REQUEST")
            return
        }
        // ATTACH COMPLETE is not one of them.
        network.sendUplink(TestUE.plain(network.attachComplete(5)), ue: ue, enb: enb)
        #expect(network.mme.statistics.droppedNAS[.unprotected] == 1)
        #expect(network.pending(on: enb).isEmpty)
    }

    @Test func aServiceRequestWithAWrongShortMACIsDroppedAndItsConnectionReleased() throws {
        var (network, ue, enb) = try Self.attached()
        try network.goIdle(&ue, enb: enb)
        let guti = try #require(ue.guti)
        var pdu = ue.serviceRequest()
        pdu[3] ^= 0x01
        network.sendInitial(pdu, ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        #expect(network.mme.statistics.droppedNAS[.macFailure] == 1)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.sent(.modifyBearerRequest).count == 1, "only the attach's")
        let context = try #require(network.ueContext(ue))
        #expect(context.connection == nil && context.emmState == .registered)
        // A replay of a good one is refused the same way.
        let good = ue.serviceRequest()
        network.sendInitial(good, ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        _ = try network.expect(InitialContextSetupRequest.self, on: enb)
        network.sendInitial(good, ue: &ue, enb: &enb, sTMSI: STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        #expect(network.mme.statistics.droppedNAS[.replayed] == 1)
    }

    @Test func aForgedTrackingAreaUpdateDoesNotTouchTheUEItNames() throws {
        var (network, ue, enb) = try Self.attached()
        var attacker = TestNetwork.subscriber()
        attacker.guti = ue.guti
        let update = NASMessage.emm(.trackingAreaUpdateRequest(TrackingAreaUpdateRequest(
            nasKeySetIdentifier: NASKeySetIdentifier(value: 0), updateType: EPSUpdateType(EPSUpdateType.taUpdating),
            oldGUTI: .guti(try #require(ue.guti)))))
        network.sendInitial(TestUE.plain(update), ue: &attacker, enb: &enb)
        guard case .emm(.trackingAreaUpdateReject(let reject)) = try network.downlinkNAS(&attacker, enb: enb) else {
            Issue.record("expected TRACKING AREA UPDATE REJECT")
            return
        }
        #expect(reject.emmCause == .ueIdentityCannotBeDerived)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        let victim = try #require(network.ueContext(ue))
        #expect(victim.connection?.enbUES1APID == ue.enbUES1APID, "the victim kept its connection")
        #expect(victim.emmState == .registered)
        // And the victim still talks to the MME.
        network.sendUplink(ue.protect(Self.switchOff), ue: ue, enb: enb)
        guard case .emm(.detachAccept) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected DETACH ACCEPT")
            return
        }
    }

    @Test func malformedNASBeforeSecurityGetsEMMStatus() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        _ = try network.downlinkNAS(&ue, enb: enb)
        // AUTHENTICATION RESPONSE whose RES length runs past the end: invalid mandatory information.
        network.sendUplink([0x07, 0x53, 0x10, 0x01, 0x02], ue: ue, enb: enb)
        guard case .emm(.emmStatus(let status)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected EMM STATUS")
            return
        }
        #expect(status.emmCause == .invalidMandatoryInformation)
        // An unknown message type: #97.
        network.sendUplink([0x07, 0x7F], ue: ue, enb: enb)
        guard case .emm(.emmStatus(let unknown)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected EMM STATUS")
            return
        }
        #expect(unknown.emmCause == .messageTypeNonExistent)
        #expect(network.mme.statistics.malformed["nas"] == 2)
    }

    @Test func aVerifiedButMalformedESMMessageGetsAProtectedESMStatus() throws {
        var (network, ue, enb) = try Self.attached()
        // PDN CONNECTIVITY REQUEST cut after its header: the MAC is right, the message is not.
        let envelope = ue.security!.protect(encoded: ByteBuffer(bytes: [0x02, 0x07, 0xD0]))
        network.sendUplink(Array(NASPDU.protected(envelope).encoded().readableBytesView), ue: ue, enb: enb)
        guard case .esm(.esmStatus(let status)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected ESM STATUS")
            return
        }
        #expect(status.esmCause == .invalidMandatoryInformation)
        #expect(status.procedureTransactionIdentity == 7)
    }

    @Test func aMalformedInitialMessageIsAnsweredThenItsConnectionReleased() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        network.sendInitial([0x07, 0x7F], ue: &ue, enb: &enb)
        guard case .emm(.emmStatus(let status)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected EMM STATUS")
            return
        }
        #expect(status.emmCause == .messageTypeNonExistent)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        network.send(enb.ueContextReleaseComplete(mmeUES1APID: ue.mmeUES1APID!, enbUES1APID: ue.enbUES1APID), from: enb)
        #expect(network.mme.context.ues.isEmpty)
        // Too short to answer: dropped, the connection released all the same.
        network.sendInitial([0x07], ue: &ue, enb: &enb)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.statistics.droppedNAS[.undecodable] == 1)
    }
}
