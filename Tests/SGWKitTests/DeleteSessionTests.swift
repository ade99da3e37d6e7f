import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

@Suite struct DeleteSessionTests {
    @Test func deleteSessionGoesToThePGWAndTheSessionGoesWithItsAnswer() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        let request = mme.deleteSessionRequest(sgwTEID: session.sgwS11TEID)
        let toPGW = try sgw.deliver(request, from: Net.mme)
        let relayed = try #require(DeleteSessionRequest(toPGW.first?.message ?? request))
        #expect(toPGW.first?.to == Net.pgw)
        #expect(relayed.header.teid == pgw.sessions.keys.first)
        #expect(relayed.linkedEBI == 5)
        #expect(sgw.sgw.context.sessions.count == 1, "kept until the PGW answers")
        let toMME = try sgw.deliver(pgw.answer(relayed.message)!, from: Net.pgw)
        #expect(toMME.first?.to == Net.mme)
        #expect(toMME.first?.message.type == .deleteSessionResponse)
        #expect(toMME.first?.message.header.teid == session.mmeTEID)
        #expect(toMME.first?.message.header.sequenceNumber == request.header.sequenceNumber)
        #expect(toMME.first?.message[.cause()]?.value == .requestAccepted)
        #expect(sgw.userPlane == [.remove(s1uTEID: session.sgwS1U.teid, s5uTEID: session.sgwS5U.teid)])
        #expect(sgw.sgw.context.sessions.isEmpty)
        #expect(sgw.sgw.statistics.sessionsDeleted == 1)
        // The session's TEID is unknown now.
        let late = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: TestMME.enbFTEID(1)), from: Net.mme)
        #expect(late.first?.message[.cause()]?.value == .contextNotFound)
    }

    @Test func aPGWThatNeverAnswersStillLetsTheSessionGo() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        let toPGW = try sgw.deliver(mme.deleteSessionRequest(sgwTEID: session.sgwS11TEID), from: Net.mme)
        let sequence = toPGW[0].message.header.sequenceNumber
        _ = try sgw.expireResponseTimer(sequence: sequence)
        _ = try sgw.expireResponseTimer(sequence: sequence)
        let answer = try sgw.expireResponseTimer(sequence: sequence)
        #expect(answer.first?.message.type == .deleteSessionResponse)
        #expect(sgw.sgw.context.sessions.isEmpty)
    }

    @Test func deleteSessionForAnUnknownPDNConnectionIsContextNotFound() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        let answer = try sgw.deliver(mme.deleteSessionRequest(sgwTEID: session.sgwS11TEID, ebi: 7), from: Net.mme)
        #expect(answer.first?.message[.cause()]?.value == .contextNotFound)
        #expect(answer.first?.message.header.teid == session.mmeTEID)
        #expect(sgw.sgw.context.sessions.count == 1)
    }
}
