import GTPv2C
import GatewayKit
import NIOCore
import SGWKit
import Testing
import Wire

@Suite struct CreateSessionTests {
    @Test func createSessionIsRelayedToThePGWWithTheSGWsS5FTEIDs() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        let toPGW = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11), from: Net.mme)
        #expect(toPGW.count == 1)
        #expect(toPGW[0].to == Net.pgw)
        let relayed = try #require(CreateSessionRequest(toPGW[0].message))
        #expect(relayed.header.teid == 0)
        #expect(relayed.senderFTEID?.interfaceType == .s5s8SGWGTPC)
        #expect(relayed.senderFTEID?.address == Net.sgwS5C)
        #expect(relayed.pgwS5S8Address == nil, "the PGW's own address is not sent to it")
        #expect(relayed.recovery == 7, "the SGW's restart counter, not the MME's")
        #expect(relayed.imsi == mme.imsi)
        #expect(relayed.apn?.name == "internet")
        let bearer = try #require(relayed.bearerContextsToBeCreated.first)
        #expect(bearer.ebi == 5)
        #expect(bearer.bearerQoS == TestMME.defaultQoS)
        #expect(bearer.fteid(2)?.interfaceType == .s5s8SGWGTPU)
        #expect(bearer.fteid(2)?.address == Net.sgwS5U)
        #expect(sgw.armedTimers.keys.contains { $0.kind == .response && $0.owner == relayed.header.sequenceNumber })
    }

    @Test func thePGWsAnswerReachesTheMMEWithTheSGWsS11AndS1UFTEIDs() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let request = mme.createSessionRequest(mmeTEID: 0x11)
        let toPGW = try sgw.deliver(request, from: Net.mme)
        let answered = pgw.answer(toPGW[0].message)
        let pgwAnswer = try #require(answered)
        let toMME = try sgw.deliver(pgwAnswer, from: Net.pgw)
        #expect(toMME.count == 1)
        #expect(toMME[0].to == Net.mme)
        let response = try #require(CreateSessionResponse(toMME[0].message))
        #expect(response.header.teid == 0x11)
        #expect(response.header.sequenceNumber == request.header.sequenceNumber)
        #expect(response.cause?.value == .requestAccepted)
        #expect(response.senderFTEID?.interfaceType == .s11s4SGWGTPC)
        #expect(response.senderFTEID?.address == Net.sgwS11)
        #expect(response.pgwS5S8FTEID == CreateSessionResponse(pgwAnswer)?.senderFTEID)
        #expect(response.paa == PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 2)))
        #expect(response.recovery == 7)
        let bearer = try #require(response.bearerContextsCreated.first)
        let s1u = try #require(bearer.fteid(0))
        #expect(s1u.interfaceType == .s1uSGWGTPU)
        #expect(s1u.address == Net.sgwS1U)
        #expect(bearer.fteid(2) == CreateSessionResponse(pgwAnswer)?.bearerContextsCreated.first?.fteid(2))
        #expect(bearer.chargingID == 0x55)
        // The user plane forwards uplink to the PGW and drops downlink until the eNB is known.
        let s5u = try #require(CreateSessionRequest(toPGW[0].message)?.bearerContextsToBeCreated.first?.fteid(2))
        #expect(sgw.userPlane == [.install(SGWBearerForwarding(s1uTEID: s1u.teid, s5uTEID: s5u.teid,
                                                               pgw: bearer.fteid(2)!, downlink: .drop))])
        #expect(sgw.sgw.context.sessions.count == 1)
        #expect(sgw.sgw.statistics.sessionsCreated == 1)
    }

    @Test func aPGWRefusalReachesTheMMEAndNothingStays() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW(refuseWith: .missingOrUnknownAPN)
        let toPGW = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11), from: Net.mme)
        let toMME = try sgw.deliver(pgw.answer(toPGW[0].message)!, from: Net.pgw)
        let response = try #require(CreateSessionResponse(toMME[0].message))
        #expect(response.cause?.value == .missingOrUnknownAPN)
        #expect(response.header.teid == 0x11)
        #expect(sgw.sgw.context.sessions.isEmpty)
        #expect(sgw.userPlane.isEmpty)
        #expect(sgw.sgw.statistics.createSessionFailures == 1)
    }

    @Test func thePGWIsChosenAmongTheReadyReplicasForTheAPN() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        _ = try sgw.handle(.pgwCandidates(apn: "internet", [Net.otherPGW.address]))
        let elsewhere = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11), from: Net.mme)
        #expect(elsewhere.first?.to == Net.otherPGW, "the MME's PGW is not among the ready ones for the APN")
        _ = try sgw.handle(.pgwCandidates(apn: "internet", [Net.otherPGW.address, Net.pgw.address]))
        let proposed = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x12), from: Net.mme)
        #expect(proposed.first?.to == Net.pgw, "the MME's PGW is ready: it is kept")
        let otherAPN = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x13, apn: "ims"), from: Net.mme)
        #expect(otherAPN.first?.to == Net.pgw, "no list for the APN and none by default: the MME's choice")
    }

    @Test func withoutAnyPGWTheMMEHearsNoResources() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var request = CreateSessionRequest(unchecked: mme.createSessionRequest(mmeTEID: 0x11))
        request.pgwS5S8Address = nil
        let answer = try sgw.deliver(request.message, from: Net.mme)
        #expect(answer.first?.to == Net.mme)
        #expect(answer.first?.message.type == .createSessionResponse)
        #expect(answer.first?.message[.cause()]?.value == .noResourcesAvailable)
        #expect(sgw.sgw.context.sessions.isEmpty)
    }

    @Test func aNewSessionForTheSameSubscriberReplacesTheOldOne() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let old = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        let sent = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x12), from: Net.mme)
        #expect(sent.map(\.message.type) == [.deleteSessionRequest, .createSessionRequest])
        #expect(sent.first?.message.header.teid == pgw.sessions.keys.first, "the old PDN connection goes at the PGW")
        #expect(sgw.userPlane == [.remove(s1uTEID: old.sgwS1U.teid, s5uTEID: old.sgwS5U.teid)])
        #expect(sgw.sgw.context.sessions[old.sgwS11TEID] == nil)
        _ = try sgw.deliver(pgw.answer(sent[1].message)!, from: Net.pgw)
        #expect(sgw.sgw.context.sessions.count == 1)
    }

    @Test func aSecondPDNConnectionJoinsTheUEsSession() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let first = try sgw.establish(mme: &mme, pgw: &pgw)
        let toPGW = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11, apn: "ims", ebi: 6, sgwTEID: first.sgwS11TEID),
                                    from: Net.mme)
        let toMME = try sgw.deliver(pgw.answer(toPGW[0].message)!, from: Net.pgw)
        #expect(CreateSessionResponse(toMME[0].message)?.senderFTEID?.teid == first.sgwS11TEID)
        #expect(sgw.sgw.context.sessions.count == 1)
        #expect(sgw.sgw.context.sessions[first.sgwS11TEID]?.pdnConnections.keys.sorted() == [5, 6])
    }
}
