import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

/// TS 29.274 7.6: retransmitted requests are answered, not acted on twice; unanswered requests
/// are sent again with the same sequence number and fail after N3 transmissions.
@Suite struct TransactionTests {
    @Test func aDuplicateCreateSessionIsDroppedWhileInProgressThenAnsweredFromTheCache() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let request = mme.createSessionRequest(mmeTEID: 0x11)
        let toPGW = try sgw.deliver(request, from: Net.mme)
        #expect(try sgw.deliver(request, from: Net.mme).isEmpty, "still waiting for the PGW: nothing sent twice")
        let toMME = try sgw.deliver(pgw.answer(toPGW[0].message)!, from: Net.pgw)
        let again = try sgw.deliver(request, from: Net.mme)
        #expect(again.count == 1)
        #expect(again[0].to == Net.mme)
        #expect(again[0].message == toMME[0].message, "the same answer, from the cache")
        #expect(sgw.sgw.context.sessions.count == 1)
        #expect(sgw.sgw.statistics.duplicateRequests == 2)
        #expect(sgw.userPlane.count == 1, "the bearer was installed once")
    }

    @Test func aDuplicateModifyBearerDoesNotTouchTheUserPlaneAgain() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw, modify: false)
        let modify = mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: TestMME.enbFTEID(0x51))
        let first = try sgw.deliver(modify, from: Net.mme)
        let rules = sgw.userPlane.count
        let second = try sgw.deliver(modify, from: Net.mme)
        #expect(second.map(\.message) == first.map(\.message))
        #expect(sgw.userPlane.count == rules)
    }

    @Test func anAnswerIsForgottenWhenItsCacheTimerExpires() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw, modify: false)
        let modify = mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: TestMME.enbFTEID(0x51))
        _ = try sgw.deliver(modify, from: Net.mme)
        // The Modify Bearer Response's cache entry: the newest one, kept T3 × (N3 + 1).
        let cached = try #require(sgw.armedTimers.filter { $0.key.kind == .answerCache }.max { $0.key.generation < $1.key.generation })
        #expect(cached.value == .seconds(9))
        let before = sgw.sgw.context.sessions.count
        sgw.armedTimers[cached.key] = nil
        _ = try sgw.handle(.timerExpired(cached.key))
        let rules = sgw.userPlane.count
        _ = try sgw.deliver(modify, from: Net.mme)
        #expect(sgw.userPlane.count > rules, "a request seen after the cache lifetime is a new one")
        #expect(sgw.sgw.context.sessions.count == before)
    }

    @Test func anUnansweredRequestIsSentAgainWithTheSameSequenceThenFails() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        let request = mme.createSessionRequest(mmeTEID: 0x11)
        let toPGW = try sgw.deliver(request, from: Net.mme)
        let sequence = toPGW[0].message.header.sequenceNumber
        for _ in 0..<2 {
            let again = try sgw.expireResponseTimer(sequence: sequence)
            #expect(again.count == 1)
            #expect(again[0].message == toPGW[0].message, "a retransmission is the same message")
            #expect(again[0].to == Net.pgw)
        }
        #expect(sgw.sgw.statistics.retransmissions == 2)
        let failure = try sgw.expireResponseTimer(sequence: sequence)
        #expect(failure.count == 1)
        #expect(failure[0].to == Net.mme)
        #expect(failure[0].message.header.sequenceNumber == request.header.sequenceNumber)
        #expect(failure[0].message[.cause()]?.value == .remotePeerNotResponding)
        #expect(sgw.sgw.context.sessions.isEmpty)
        #expect(sgw.sgw.pendingRequests == 0)
    }

    @Test func aStaleTimerExpiryDoesNothing() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let toPGW = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11), from: Net.mme)
        let timer = try #require(sgw.armedTimers.keys.first { $0.kind == .response })
        _ = try sgw.deliver(pgw.answer(toPGW[0].message)!, from: Net.pgw)
        #expect(sgw.armedTimers[timer] == nil, "the answer disarmed it")
        #expect(try sgw.handle(.timerExpired(timer)).isEmpty)
        #expect(sgw.sgw.context.sessions.count == 1)
    }
}
