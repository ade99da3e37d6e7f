import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

/// Echo and peer restarts seen in the Recovery IE (TS 23.007 18).
@Suite struct RestartTests {
    @Test func echoIsAnsweredWithTheSGWsRestartCounter() throws {
        var sgw = SGWHarness(recovery: 42)
        let request = GTPCReplies.echoRequest(sequence: 0x99, recovery: 1)
        let answer = try sgw.deliver(request, from: Net.mme)
        #expect(answer.first?.message.type == .echoResponse)
        #expect(answer.first?.message.header.sequenceNumber == 0x99)
        #expect(answer.first?.message[.recovery()] == 42)
    }

    @Test func aPGWRestartDeletesItsPDNConnectionsAndAsksTheMMEToReactivate() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        #expect(try sgw.deliver(GTPCReplies.echoRequest(sequence: 1, recovery: pgw.recovery), from: Net.pgw).count == 1,
                "the same counter: only the Echo Response")
        let sent = try sgw.deliver(GTPCReplies.echoRequest(sequence: 2, recovery: pgw.recovery + 1), from: Net.pgw)
        let delete = try #require(sent.first { $0.message.type == .deleteBearerRequest })
        #expect(delete.to == Net.mme)
        #expect(delete.message.header.teid == session.mmeTEID)
        #expect(DeleteBearerRequest(delete.message)?.linkedEBI == 5)
        #expect(DeleteBearerRequest(delete.message)?.cause?.value == .reactivationRequested)
        #expect(sgw.userPlane == [.remove(s1uTEID: session.sgwS1U.teid, s5uTEID: session.sgwS5U.teid)])
        #expect(sgw.sgw.context.sessions.isEmpty)
        #expect(sgw.sgw.statistics.peerRestarts == 1)
    }

    @Test func anMMERestartDropsItsSessionsAndDeletesThemAtThePGW() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        _ = try sgw.establish(mme: &mme, pgw: &pgw)
        let sent = try sgw.deliver(GTPCReplies.echoRequest(sequence: 3, recovery: mme.recovery + 1), from: Net.mme)
        let delete = try #require(sent.first { $0.message.type == .deleteSessionRequest })
        #expect(delete.to == Net.pgw)
        #expect(delete.message.header.teid == pgw.sessions.keys.first)
        #expect(sgw.sgw.context.sessions.isEmpty)
        // The PGW's answer finds nobody waiting, and nothing goes to the MME.
        #expect(try sgw.deliver(pgw.answer(delete.message)!, from: Net.pgw).isEmpty)
    }
}

/// Path supervision: Echo Requests to the peers with sessions (TS 29.274 7.1.1, TS 23.007 20).
@Suite struct PathSupervisionTests {
    @Test func peersWithSessionsAreEchoedAndARestartSeenInTheAnswerIsActedOn() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        let echo = try #require(sgw.armedTimers.first { $0.key.kind == .echo })
        #expect(echo.value == .seconds(60))
        sgw.armedTimers[echo.key] = nil
        let requests = try sgw.handle(.timerExpired(echo.key))
        #expect(Set(requests.map(\.to)) == [Net.mme, Net.pgw])
        #expect(requests.allSatisfy { $0.message.type == .echoRequest && $0.message[.recovery()] == 7 })
        #expect(sgw.armedTimers.keys.contains { $0.kind == .echo }, "armed again while there are sessions")
        #expect(try sgw.handle(.timerExpired(echo.key)).isEmpty, "a stale echo expiry does nothing")

        let toPGW = try #require(requests.first { $0.to == Net.pgw })
        let answer = try sgw.deliver(GTPCReplies.echoResponse(sequence: toPGW.message.header.sequenceNumber,
                                                              recovery: pgw.recovery + 1), from: Net.pgw)
        #expect(answer.map(\.message.type) == [.deleteBearerRequest], "the PGW restarted: its PDN connection goes")
        #expect(sgw.sgw.context.sessions[session.sgwS11TEID] == nil)
    }

    @Test func aPeerThatNeverAnswersIsAPathFailure() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        _ = try sgw.establish(mme: &mme, pgw: &pgw)
        let echo = try #require(sgw.armedTimers.keys.first { $0.kind == .echo })
        sgw.armedTimers[echo] = nil
        let requests = try sgw.handle(.timerExpired(echo))
        let toPGW = try #require(requests.first { $0.to == Net.pgw })
        for _ in 0..<3 { _ = try sgw.expireResponseTimer(sequence: toPGW.message.header.sequenceNumber) }
        #expect(sgw.sgw.statistics.pathFailures == 1)
        #expect(sgw.sgw.context.sessions.count == 1, "a path failure alone deletes nothing")
    }
}
