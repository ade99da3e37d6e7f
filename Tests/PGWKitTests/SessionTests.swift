import GTPv2C
import GatewayKit
import PGWKit
import Testing
import Wire

@Suite struct SessionTests {
    @Test func modifyBearerMovesDownlinkToTheNewSGWTunnel() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let answer0 = try pgw.deliver(sgw.createSessionRequest())
        let created = try #require(CreateSessionResponse(answer0[0].message))
        let pgwTEID = try #require(created.senderFTEID?.teid)
        let moved = FTEID(interfaceType: .s5s8SGWGTPU, teid: 0xABC, ipv4: IPv4Address(10, 0, 2, 16))
        let answer = try pgw.deliver(sgw.modifyBearerRequest(pgwTEID: pgwTEID, sgwS5U: moved))
        #expect(answer[0].message[.cause()]?.value == .requestAccepted)
        guard case .install(let rule)? = pgw.userPlane.last else {
            Issue.record("no rule")
            return
        }
        #expect(rule.bearers.first?.sgw == moved)
        let unknown = try pgw.deliver(sgw.modifyBearerRequest(pgwTEID: 0xFFFF, sgwS5U: moved))
        #expect(unknown[0].message[.cause()]?.value == .contextNotFound)
    }

    @Test func deleteSessionReleasesTheAddressAndTheUserPlane() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let answer0 = try pgw.deliver(sgw.createSessionRequest())
        let created = try #require(CreateSessionResponse(answer0[0].message))
        let request = sgw.deleteSessionRequest(pgwTEID: created.senderFTEID!.teid)
        let answer = try pgw.deliver(request)
        #expect(answer[0].message.type == .deleteSessionResponse)
        #expect(answer[0].message[.cause()]?.value == .requestAccepted)
        #expect(answer[0].message.header.teid == 0x601, "the SGW's S5/S8-C TEID from its Create Session Request")
        #expect(pgw.userPlane.last == .remove(ueAddress: IPv4Address(10, 45, 0, 2)))
        #expect(pgw.pgw.context.pools["internet"]?.inUse == 0)
        #expect(pgw.pgw.context.sessions.isEmpty)
        let again = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: created.senderFTEID!.teid))
        #expect(again[0].message[.cause()]?.value == .contextNotFound)
    }

    @Test func anSGWRestartReleasesItsSessions() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        _ = try pgw.deliver(sgw.createSessionRequest())
        let echo = try pgw.deliver(GTPCReplies.echoRequest(sequence: 5, recovery: sgw.recovery + 1))
        #expect(echo.map(\.message.type) == [.echoResponse])
        #expect(echo.first?.message[.recovery()] == 9)
        #expect(pgw.pgw.context.sessions.isEmpty)
        #expect(pgw.userPlane.last == .remove(ueAddress: IPv4Address(10, 45, 0, 2)))
        #expect(pgw.pgw.context.pools["internet"]?.inUse == 0)
    }
}

@Suite struct PathSupervisionTests {
    @Test func sgwsWithSessionsAreEchoedWhileThereAreSessions() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let created = try pgw.deliver(sgw.createSessionRequest())
        let echo = try #require(pgw.armedTimers.keys.first { $0.kind == .echo })
        pgw.armedTimers[echo] = nil
        let requests = try pgw.handle(.timerExpired(echo))
        #expect(requests.map(\.to) == [Net.sgw])
        #expect(requests.first?.message[.recovery()] == 9)
        _ = try pgw.deliver(GTPCReplies.echoResponse(sequence: requests[0].message.header.sequenceNumber, recovery: sgw.recovery))
        #expect(pgw.pgw.pendingRequests == 0)
        // The last session goes: the next expiry sends nothing and does not re-arm.
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: CreateSessionResponse(created[0].message)!.senderFTEID!.teid))
        let next = try #require(pgw.armedTimers.keys.first { $0.kind == .echo })
        pgw.armedTimers[next] = nil
        #expect(try pgw.handle(.timerExpired(next)).isEmpty)
        #expect(!pgw.armedTimers.keys.contains { $0.kind == .echo })
    }
}
