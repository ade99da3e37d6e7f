import GTPv2C
import GatewayKit
import NetworkTestSupport
import PGWKit
import Testing
import UserPlane
import Wire

/// Dedicated bearers from the APN's local policy (TS 23.401 5.4.1, 5.4.4.1).
@Suite struct DedicatedBearerTests {
    struct IMSSession {
        var pgw: PGWHarness
        var sgw: TestSGW
        var sgwS5CTEID: UInt32
        var bearerRequest: GTPv2Message
    }

    static func imsSession() throws -> IMSSession {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest(apn: "ims")
        let sent = try pgw.deliver(request)
        #expect(sent.map(\.message.type) == [.createSessionResponse, .createBearerRequest])
        return IMSSession(pgw: pgw, sgw: sgw, sgwS5CTEID: CreateSessionRequest(unchecked: request).senderFTEID!.teid,
                          bearerRequest: sent[1].message)
    }

    @Test func thePolicysBearerIsRequestedWithItsTFTAndQoS() throws {
        let session = try Self.imsSession()
        let request = try #require(CreateBearerRequest(session.bearerRequest))
        #expect(request.header.teid == session.sgwS5CTEID)
        #expect(request.linkedEBI == 5)
        let bearer = try #require(request.bearerContexts.first)
        #expect(bearer.ebi == 0, "the MME assigns the EBI")
        #expect(bearer.tft == TrafficFlowTemplate(operation: .createNew, packetFilters: Net.voice.packetFilters))
        #expect(bearer.bearerQoS == Net.voice.qos)
        #expect(bearer.fteid(1)?.interfaceType == .s5s8PGWGTPU)
        #expect(bearer.chargingID == 0x71)
    }

    @Test func anAcceptedBearerJoinsTheUserPlaneRuleAndTakesMatchingDownlink() throws {
        var session = try Self.imsSession()
        let response = session.sgw.createBearerResponse(to: session.bearerRequest, sgwS5CTEID: session.sgwS5CTEID, ebi: 6)
        #expect(try session.pgw.deliver(response).isEmpty)
        guard case .install(let rule)? = session.pgw.userPlane.last else {
            Issue.record("no rule")
            return
        }
        #expect(rule.bearers.map(\.ebi) == [5, 6])
        #expect(rule.bearers[1].packetFilters == Net.voice.packetFilters)
        #expect(rule.bearers[1].sgw == CreateBearerResponse(response)?.bearerContexts.first?.fteid(2))
        #expect(rule.bearers[1].s5uTEID == CreateBearerRequest(session.bearerRequest)?.bearerContexts.first?.fteid(1)?.teid)
        // The data path's filters for the bearer take the RTP downlink and leave TCP to the default bearer.
        let filters = rule.bearers[1].packetFilters.compactMap(DownlinkFilter.init)
        let rtp = DownlinkPacket.udp(from: IPv4Address(10, 46, 1, 20), 30_000, to: rule.ueAddress, 50_002)
        #expect(filters.contains { DownlinkPacket.matches($0, rtp) })
        var web = rtp
        web[9] = 6
        #expect(!filters.contains { DownlinkPacket.matches($0, web) })
        #expect(session.pgw.pgw.statistics.dedicatedBearersCreated == 1)

        // The rule is withdrawn: Delete Bearer, and the bearer leaves the user plane.
        let delete = try session.pgw.handle(.removePolicyRule(ueAddress: rule.ueAddress, rule: "voice"))
        let deleteMessage = try #require(delete.first?.message)
        let deleteRequest = try #require(DeleteBearerRequest(deleteMessage))
        #expect(deleteRequest.epsBearerIDs == [6])
        #expect(deleteRequest.header.teid == session.sgwS5CTEID)
        _ = try session.pgw.deliver(TestSGW.deleteBearerResponse(to: deleteRequest.message, sgwS5CTEID: session.sgwS5CTEID))
        guard case .install(let after)? = session.pgw.userPlane.last else {
            Issue.record("no rule")
            return
        }
        #expect(after.bearers.map(\.ebi) == [5])
        #expect(session.pgw.pgw.statistics.dedicatedBearersDeleted == 1)
        // And installed again on request.
        let again = try session.pgw.handle(.installPolicyRule(ueAddress: rule.ueAddress, rule: "voice"))
        #expect(again.first?.message.type == .createBearerRequest)
    }

    @Test func aRefusedBearerIsNotInstalled() throws {
        var session = try Self.imsSession()
        let rules = session.pgw.userPlane.count
        _ = try session.pgw.deliver(session.sgw.createBearerResponse(to: session.bearerRequest, sgwS5CTEID: session.sgwS5CTEID,
                                                                     ebi: 6, accept: false))
        #expect(session.pgw.userPlane.count == rules)
        #expect(session.pgw.pgw.context.sessions.first?.value.bearers.count == 1)
    }

    @Test func anUnansweredBearerRequestIsRepeatedThenGivenUp() throws {
        var session = try Self.imsSession()
        let sequence = session.bearerRequest.header.sequenceNumber
        #expect(try session.pgw.expireResponseTimer(sequence: sequence).map(\.message) == [session.bearerRequest])
        #expect(try session.pgw.expireResponseTimer(sequence: sequence).isEmpty)
        #expect(session.pgw.pgw.pendingRequests == 0)
        #expect(session.pgw.pgw.context.sessions.first?.value.bearers.count == 1)
        #expect(session.pgw.pgw.statistics.retransmissions == 1)
    }
}
