import Diameter
import GTPv2C
@testable import MMEKit
import NAS
import S1AP
import Testing
import Wire

/// Retransmission timers (TS 24.301 10.2) and request timeouts on S6a and S11: each expiry
/// resends the same message, the last one ends the procedure. Timers fire when the test says.
@Suite struct TimerTests {
    /// Fires `kind` four times, checking the same NAS-PDU is sent again each time, then a fifth.
    static func expireFiveTimes(_ kind: MMETimerID.Kind, _ network: inout TestNetwork, _ ue: inout TestUE, _ enb: TestENB,
                                first: [UInt8]) throws {
        for attempt in 1...4 {
            network.fire(kind)
            #expect(try network.downlinkPDU(&ue, enb: enb) == first, "retransmission \(attempt) differs")
        }
        #expect(network.mme.statistics.nasRetransmissions == 4)
        network.fire(kind)
    }

    @Test func t3460AbortsTheAttachAfterFourRetransmissions() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        let first = try network.downlinkPDU(&ue, enb: enb)
        try Self.expireFiveTimes(.t3460, &network, &ue, enb, first: first)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.statistics.attachFailures["t3460-expired"] == 1)
        #expect(network.mme.context.ues.isEmpty)
        #expect(network.timers.isEmpty)
    }

    @Test func t3460GuardsSecurityModeCommandToo() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        try network.answerChallenge(&ue, enb: enb)
        let command = try network.downlinkPDU(&ue, enb: enb)
        network.fire(.t3460)
        let again = try network.downlinkPDU(&ue, enb: enb)
        #expect(again == command)
        // The UE answers the retransmission: the attach goes on.
        network.sendUplink(try ue.acceptSecurityMode(again), ue: ue, enb: enb)
        _ = try network.completeAttach(&ue, enb: &enb)
        #expect(network.mme.statistics.attachSuccesses == 1)
    }

    @Test func t3470AbortsTheIdentificationAfterFourRetransmissions() throws {
        var (network, ue, enb) = TestNetwork.attachStarted(guti: GUTI(plmn: TestNetwork.plmn, mmeGroupID: 0x7777, mmeCode: 9, mTMSI: 1))
        let first = try network.downlinkPDU(&ue, enb: enb)
        try Self.expireFiveTimes(.t3470, &network, &ue, enb, first: first)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.statistics.attachFailures["t3470-expired"] == 1)
    }

    @Test func t3489AbortsTheAttachWhenTheUEKeepsItsESMInformation() throws {
        var (network, ue, enb) = TestNetwork.attachStarted(informationFlag: true)
        try network.authenticateAndSecure(&ue, enb: enb)
        let first = try network.downlinkPDU(&ue, enb: enb)
        try Self.expireFiveTimes(.t3489, &network, &ue, enb, first: first)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.statistics.attachFailures["t3489-expired"] == 1)
        #expect(network.diameterSent.count == 1, "no Update Location without the APN")
    }

    @Test func t3450ResendsAttachAcceptThenDeletesTheSession() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        let setup = try network.attachUntilContextSetUp(&ue, enb: &enb)
        let accept = try #require(setup.erabsToBeSetup?.first?.nasPDU)
        // Retransmitted in Downlink NAS Transport, the same protected PDU.
        try Self.expireFiveTimes(.t3450, &network, &ue, enb, first: accept)
        #expect(network.sent(.deleteSessionRequest).count == 1)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.statistics.attachFailures["t3450-expired"] == 1)
        #expect(network.mme.context.ues.isEmpty)
        #expect(network.sgw.sessions.isEmpty)
    }

    @Test func aLateAttachCompleteAfterARetransmissionIsFine() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        _ = try network.attachUntilContextSetUp(&ue, enb: &enb)
        network.fire(.t3450)
        _ = try ue.receive(try network.downlinkPDU(&ue, enb: enb))
        network.sendUplink(ue.protect(network.attachComplete(5)), ue: ue, enb: enb)
        #expect(network.armed(.t3450).isEmpty)
        #expect(network.mme.statistics.attachSuccesses == 1)
    }

    @Test func anUnansweredS6aRequestIsResentThenTheAttachRejected() throws {
        var (network, ue, enb) = TestNetwork.attachStarted { $0.hss.requests.holding = true }
        let original = try #require(network.diameterSent.last)
        for _ in 0..<2 {
            network.fire(.s6aResponse)
            let again = try #require(network.diameterSent.last)
            #expect(again.header.hopByHop == original.header.hopByHop)
            #expect(again.header.endToEnd == original.header.endToEnd)
            #expect(again.header.flags.contains(.retransmitted))
            #expect(again.sessionID == original.sessionID)
        }
        #expect(network.diameterSent.count == 3)
        network.fire(.s6aResponse)
        guard case .emm(.attachReject(let reject)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == .networkFailure)
        #expect(network.mme.statistics.s6aRetransmissions == 2)
        // The HSS answers at last: the MME has forgotten the request.
        network.hss.requests.holding = false
        network.sendToMME(diameter: network.hss.answer(network.hss.requests.held[0]))
        network.drain()
        #expect(network.pending(on: enb).count == 1, "only the release command")
        #expect(network.logs.contains { $0.message.contains("no pending request") })
    }

    @Test func anUnansweredCreateSessionIsResentThenTheAttachRejected() throws {
        var (network, ue, enb) = TestNetwork.attachStarted { $0.sgw.requests.holding = true }
        try network.authenticateAndSecure(&ue, enb: enb)
        let original = try #require(network.sent(.createSessionRequest).last)
        network.fire(.s11Response)
        network.fire(.s11Response)
        let resent = network.sent(.createSessionRequest)
        #expect(resent.count == 3)
        #expect(resent.allSatisfy { $0 == original }, "same message, same sequence number")
        network.fire(.s11Response)
        guard case .emm(.attachReject(let reject)) = try network.downlinkNAS(&ue, enb: enb),
              case .pdnConnectivityReject(let pdnReject)? = reject.esmMessageContainer?.message else {
            Issue.record("expected ATTACH REJECT with PDN CONNECTIVITY REJECT")
            return
        }
        #expect(pdnReject.esmCause == .networkFailure)
        #expect(network.mme.statistics.s11Retransmissions == 2)
    }

    @Test func aStaleTimerExpiryIsIgnored() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        let armed = try #require(network.armed(.t3460).first)
        try network.answerChallenge(&ue, enb: enb)
        _ = try network.downlinkPDU(&ue, enb: enb)
        // The authentication's T3460 was stopped; its expiry arriving late changes nothing.
        network.deliver(.timerExpired(armed))
        #expect(network.pending(on: enb).isEmpty)
        #expect(network.mme.statistics.nasRetransmissions == 0)
    }
}
