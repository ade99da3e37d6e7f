import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

/// Create/Delete Bearer Request relayed PGW → MME and the responses back (TS 23.401 5.4.1, 5.4.4.1).
@Suite struct BearerRelayTests {
    @Test func aDedicatedBearerIsRelayedBothWaysAndInstalled() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        let request = pgw.createBearerRequest(sgwS5CTEID: session.sgwS5C.teid)
        let toMME = try sgw.deliver(request, from: Net.pgw)
        #expect(toMME.first?.to == Net.mme)
        let relayedMessage = try #require(toMME.first?.message)
        let relayed = try #require(CreateBearerRequest(relayedMessage))
        #expect(relayed.header.teid == session.mmeTEID)
        #expect(relayed.linkedEBI == 5)
        let bearer = try #require(relayed.bearerContexts.first)
        #expect(bearer.tft == TestPGW.voiceTFT)
        #expect(bearer.bearerQoS?.qci == 1)
        let sgwS1U = try #require(bearer.fteid(0))
        #expect(sgwS1U.interfaceType == .s1uSGWGTPU)
        #expect(sgwS1U.address == Net.sgwS1U)
        let pgwS5U = try #require(CreateBearerRequest(request)?.bearerContexts.first?.fteid(1))
        #expect(bearer.fteid(1) == pgwS5U)

        let toPGW = try sgw.deliver(TestMME.createBearerResponse(to: relayed.message, sgwTEID: session.sgwS11TEID, ebis: [6]),
                                    from: Net.mme)
        #expect(toPGW.first?.to == Net.pgw)
        let responseMessage = try #require(toPGW.first?.message)
        let response = try #require(CreateBearerResponse(responseMessage))
        #expect(response.header.teid == pgw.sessions.keys.first)
        #expect(response.header.sequenceNumber == request.header.sequenceNumber)
        #expect(response.cause?.value == .requestAccepted)
        let created = try #require(response.bearerContexts.first)
        #expect(created.ebi == 6)
        #expect(created.cause?.value == .requestAccepted)
        let sgwS5U = try #require(created.fteid(2))
        #expect(sgwS5U.interfaceType == .s5s8SGWGTPU)
        #expect(created.fteid(3) == pgwS5U)
        #expect(sgw.userPlane == [.install(SGWBearerForwarding(s1uTEID: sgwS1U.teid, s5uTEID: sgwS5U.teid, pgw: pgwS5U,
                                                               downlink: .forward(TestMME.enbFTEID(0x9006))))])
        #expect(sgw.sgw.context.bearerCount == 2)

        sgw.userPlane.removeAll()
        let delete = pgw.deleteBearerRequest(sgwS5CTEID: session.sgwS5C.teid, ebis: [6])
        let deleteToMME = try sgw.deliver(delete, from: Net.pgw)
        #expect(deleteToMME.first.flatMap { DeleteBearerRequest($0.message) }?.epsBearerIDs == [6])
        let deleteToPGW = try sgw.deliver(TestMME.deleteBearerResponse(to: deleteToMME[0].message, sgwTEID: session.sgwS11TEID),
                                          from: Net.mme)
        #expect(deleteToPGW.first?.message.type == .deleteBearerResponse)
        #expect(deleteToPGW.first?.message.header.sequenceNumber == delete.header.sequenceNumber)
        #expect(sgw.userPlane == [.remove(s1uTEID: sgwS1U.teid, s5uTEID: sgwS5U.teid)])
        #expect(sgw.sgw.context.bearerCount == 1)
    }

    @Test func aBearerTheUERefusesIsNotInstalled() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        let toMME = try sgw.deliver(pgw.createBearerRequest(sgwS5CTEID: session.sgwS5C.teid), from: Net.pgw)
        let toPGW = try sgw.deliver(TestMME.createBearerResponse(to: toMME[0].message, sgwTEID: session.sgwS11TEID, ebis: [6],
                                                                 accept: false), from: Net.mme)
        #expect(toPGW.first?.message[.cause()]?.value == .ueRefuses)
        #expect(sgw.userPlane.isEmpty)
        #expect(sgw.sgw.context.bearerCount == 1)
    }

    @Test func anUnansweredBearerRequestFailsTowardThePGW() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        let toMME = try sgw.deliver(pgw.createBearerRequest(sgwS5CTEID: session.sgwS5C.teid), from: Net.pgw)
        let sequence = toMME[0].message.header.sequenceNumber
        _ = try sgw.expireResponseTimer(sequence: sequence)
        _ = try sgw.expireResponseTimer(sequence: sequence)
        let failure = try sgw.expireResponseTimer(sequence: sequence)
        #expect(failure.first?.to == Net.pgw)
        #expect(failure.first?.message.type == .createBearerResponse)
        #expect(failure.first?.message[.cause()]?.value == .remotePeerNotResponding)
    }
}
