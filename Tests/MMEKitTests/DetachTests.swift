import Diameter
import GTPv2C
@testable import MMEKit
import NAS
import S1AP
import Testing
import Wire

/// Detach (TS 23.401 5.3.8, TS 24.301 5.5.2): from the UE, with and without switch-off, and
/// from the network, with T3422.
@Suite struct DetachTests {
    static func detachRequest(switchOff: Bool) -> NASMessage {
        .emm(.ueOriginatingDetachRequest(UEOriginatingDetachRequest(
            nasKeySetIdentifier: NASKeySetIdentifier(value: 0), detachType: DetachType(DetachType.epsDetach, switchOff: switchOff),
            epsMobileIdentity: .imsi(IMSI(TestNetwork.subscriberIMSI)!))))
    }

    /// Delete Session for the default bearer with the Operation Indication, then UE Context
    /// Release Command with cause "detach", and the UE context is gone.
    static func expectSessionsDeletedAndReleased(_ network: inout TestNetwork, _ enb: TestENB, sgwTEID: UInt32) throws {
        let delete = DeleteSessionRequest(unchecked: try #require(network.sent(.deleteSessionRequest).last))
        #expect(delete.header.teid == sgwTEID)
        #expect(delete.linkedEBI == 5)
        #expect(delete.indication?.operationIndication == true)
        let release = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(release.cause == .nas(.detach))
        #expect(network.mme.context.ues.isEmpty)
        #expect(network.sgw.sessions.isEmpty)
        #expect(network.mme.statistics.sessionsDeleted == 1)
    }

    @Test func ueInitiatedDetachIsAcceptedThenSessionsGo() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.sgw.sessions.first).sgwTEID
        network.sendUplink(ue.protect(Self.detachRequest(switchOff: false)), ue: ue, enb: enb)
        guard case .emm(.detachAccept) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected DETACH ACCEPT")
            return
        }
        try Self.expectSessionsDeletedAndReleased(&network, enb, sgwTEID: sgwTEID)
        #expect(network.mme.statistics.detaches == 1)
    }

    @Test func switchOffDetachIsNotAnswered() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.sgw.sessions.first).sgwTEID
        try network.goIdle(&ue, enb: enb)
        // From idle, in an Initial UE Message, integrity protected.
        network.sendInitial(ue.initial(Self.detachRequest(switchOff: true)), ue: &ue, enb: &enb)
        try Self.expectSessionsDeletedAndReleased(&network, enb, sgwTEID: sgwTEID)
        #expect(network.pending(on: enb).isEmpty)
    }

    @Test func networkInitiatedDetachWaitsForTheUE() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.sgw.sessions.first).sgwTEID
        network.deliver(.detach(ue.imsi, reattachRequired: true))
        guard case .emm(.ueTerminatedDetachRequest(let request)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected DETACH REQUEST")
            return
        }
        #expect(request.detachType.value == DetachType.reattachRequired)
        #expect(network.armed(.t3422).count == 1)
        #expect(network.sent(.deleteSessionRequest).isEmpty, "sessions stay until the UE accepts")
        network.sendUplink(ue.protect(.emm(.detachAccept(DetachAccept()))), ue: ue, enb: enb)
        #expect(network.armed(.t3422).isEmpty)
        try Self.expectSessionsDeletedAndReleased(&network, enb, sgwTEID: sgwTEID)
    }

    @Test func t3422RetransmitsFourTimesThenDetachesLocally() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.sgw.sessions.first).sgwTEID
        network.deliver(.detach(ue.imsi, reattachRequired: false))
        let first = try network.downlinkPDU(&ue, enb: enb)
        for _ in 0..<4 {
            network.fire(.t3422)
            #expect(try network.downlinkPDU(&ue, enb: enb) == first, "the same DETACH REQUEST again")
        }
        #expect(network.mme.statistics.nasRetransmissions == 4)
        network.fire(.t3422)
        try Self.expectSessionsDeletedAndReleased(&network, enb, sgwTEID: sgwTEID)
        #expect(network.timers.isEmpty)
    }

    @Test func anIdleUEIsDetachedImplicitly() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        try network.goIdle(&ue, enb: enb)
        network.deliver(.detach(ue.imsi, reattachRequired: true))
        #expect(network.pending(on: enb).isEmpty, "no paging, no signalling")
        #expect(network.sent(.deleteSessionRequest).count == 1)
        #expect(network.mme.context.ues.isEmpty)
    }

    @Test func cancelLocationForWithdrawnSubscriptionDetachesWithoutReattach() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        var header = DiameterHeader(flags: [.request], commandCode: 317, applicationID: DiameterApplication.s6a.rawValue,
                                    hopByHop: 77, endToEnd: 88)
        header.flags.insert(.request)
        let request = DiameterMessage(header: header, avps: [
            AVP(.sessionId, "hss;1;1"), AVP(.authSessionState, enumerated: 1), AVP(.originHost, TestHSS.host),
            AVP(.originRealm, TestHSS.realm), AVP(.destinationRealm, "epc.mnc001.mcc001.3gppnetwork.org"),
            AVP(.userName, TestNetwork.subscriberIMSI), AVP(.cancellationType, enumerated: 2),
        ])
        network.sendToMME(diameter: request)
        network.drain()
        let answer = try #require(network.diameterSent.last)
        #expect(answer.commandCode == 317 && !answer.isRequest)
        #expect(answer.resultCode == 2001)
        #expect(answer.header.hopByHop == 77)
        #expect(answer.sessionID == "hss;1;1")
        guard case .emm(.ueTerminatedDetachRequest(let detach)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected DETACH REQUEST")
            return
        }
        #expect(detach.detachType.value == DetachType.reattachNotRequired)
    }

    @Test func aNetworkDetachOfAUETheENBLosesEndsWithoutIt() throws {
        var (network, ue, enb) = try SecurityEnforcementTests.attached()
        let sgwTEID = try #require(network.sgw.sessions.first).sgwTEID
        network.deliver(.detach(ue.imsi, reattachRequired: true))
        _ = try network.downlinkPDU(&ue, enb: enb)
        network.send(enb.ueContextReleaseRequest(ue, cause: .radioNetwork(.radioConnectionWithUeLost)), from: enb)
        #expect(network.armed(.t3422).isEmpty)
        try Self.expectSessionsDeletedAndReleased(&network, enb, sgwTEID: sgwTEID)
    }
}
