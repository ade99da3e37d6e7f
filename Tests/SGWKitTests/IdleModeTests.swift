import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

/// Release Access Bearers, buffering, Downlink Data Notification and delivery (TS 23.401 5.3.4.3, 5.3.5).
@Suite struct IdleModeTests {
    /// A session whose access bearers were released: its UE is idle.
    static func idleSession() throws -> (SGWHarness, TestMME, EstablishedSession) {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        _ = try sgw.deliver(mme.releaseAccessBearersRequest(sgwTEID: session.sgwS11TEID), from: Net.mme)
        return (sgw, mme, session)
    }

    @Test func idleBuffersNotifiesOnceAndModifyBearerDelivers() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        sgw.userPlane.removeAll()
        let released = try sgw.deliver(mme.releaseAccessBearersRequest(sgwTEID: session.sgwS11TEID), from: Net.mme)
        #expect(released.first?.message.type == .releaseAccessBearersResponse)
        #expect(released.first?.message[.cause()]?.value == .requestAccepted)
        #expect(released.first?.message.header.teid == session.mmeTEID)
        #expect(sgw.userPlane == [.modify(SGWBearerForwarding(s1uTEID: session.sgwS1U.teid, s5uTEID: session.sgwS5U.teid,
                                                              pgw: session.pgwS5U, downlink: .buffer))])

        let notification = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        #expect(notification.count == 1)
        let ddn = try #require(DownlinkDataNotification(notification[0].message))
        #expect(notification[0].to == Net.mme)
        #expect(ddn.header.teid == session.mmeTEID)
        #expect(ddn.ebi == 5)
        #expect(ddn.arp == TestMME.defaultQoS.arp)
        #expect(try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid)).isEmpty, "one notification per paging")
        let ack = TestMME.downlinkDataNotificationAcknowledge(to: ddn.message, sgwTEID: session.sgwS11TEID, cause: .requestAccepted)
        #expect(try sgw.deliver(ack, from: Net.mme).isEmpty)
        #expect(sgw.sgw.pendingRequests == 0)

        sgw.userPlane.removeAll()
        let enb = TestMME.enbFTEID(0x77)
        let modified = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: enb), from: Net.mme)
        #expect(modified.first?.message[.cause()]?.value == .requestAccepted)
        #expect(sgw.userPlane == [
            .modify(SGWBearerForwarding(s1uTEID: session.sgwS1U.teid, s5uTEID: session.sgwS5U.teid, pgw: session.pgwS5U,
                                        downlink: .forward(enb))),
            .deliverBuffered(s5uTEID: session.sgwS5U.teid),
        ], "no End Marker: the UE was idle, there is no old path")
        #expect(try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid)).isEmpty, "connected: nothing to notify")
    }

    @Test func pagingFailureDiscardsTheBufferAndTheNextPacketNotifiesAgain() throws {
        var (sgw, mme, session) = try Self.idleSession()
        let first = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        _ = try sgw.deliver(TestMME.downlinkDataNotificationAcknowledge(to: first[0].message, sgwTEID: session.sgwS11TEID,
                                                                       cause: .requestAccepted), from: Net.mme)
        sgw.userPlane.removeAll()
        #expect(try sgw.deliver(mme.downlinkDataNotificationFailure(sgwTEID: session.sgwS11TEID), from: Net.mme).isEmpty)
        #expect(sgw.userPlane == [.discardBuffered(s5uTEID: session.sgwS5U.teid)])
        let second = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        #expect(second.first?.message.type == .downlinkDataNotification)
        #expect(second.first?.message.header.sequenceNumber != first[0].message.header.sequenceNumber)
    }

    @Test func aRefusedNotificationDiscardsTheBuffer() throws {
        var (sgw, _, session) = try Self.idleSession()
        let notification = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        sgw.userPlane.removeAll()
        _ = try sgw.deliver(TestMME.downlinkDataNotificationAcknowledge(to: notification[0].message, sgwTEID: session.sgwS11TEID,
                                                                       cause: .unableToPageUE), from: Net.mme)
        #expect(sgw.userPlane == [.discardBuffered(s5uTEID: session.sgwS5U.teid)])
    }

    @Test func anUnansweredNotificationIsRepeatedThenTheBufferDiscarded() throws {
        var (sgw, _, session) = try Self.idleSession()
        let notification = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        let sequence = notification[0].message.header.sequenceNumber
        #expect(try sgw.expireResponseTimer(sequence: sequence).map(\.message) == [notification[0].message])
        #expect(try sgw.expireResponseTimer(sequence: sequence).count == 1)
        sgw.userPlane.removeAll()
        #expect(try sgw.expireResponseTimer(sequence: sequence).isEmpty)
        #expect(sgw.userPlane == [.discardBuffered(s5uTEID: session.sgwS5U.teid)])
    }

    @Test func aPathSwitchSendsAnEndMarkerOnTheOldPathFirst() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw, enbTEID: 0x51)
        sgw.userPlane.removeAll()
        let target = TestMME.enbFTEID(0x61, at: Net.otherENB)
        let answer = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: target), from: Net.mme)
        let modified = try #require(ModifyBearerResponse(answer[0].message))
        #expect(modified.cause?.value == .requestAccepted)
        #expect(modified.bearerContextsModified.first?.fteid(0) == session.sgwS1U)
        #expect(sgw.userPlane == [
            .endMarker(TestMME.enbFTEID(0x51)),
            .modify(SGWBearerForwarding(s1uTEID: session.sgwS1U.teid, s5uTEID: session.sgwS5U.teid, pgw: session.pgwS5U,
                                        downlink: .forward(target))),
        ])
    }

    @Test func modifyBearerForAnUnknownBearerSaysSoPerBearer() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        let answer = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, ebi: 9, enb: TestMME.enbFTEID(1)),
                                     from: Net.mme)
        let response = try #require(ModifyBearerResponse(answer[0].message))
        #expect(response.cause?.value == .contextNotFound)
        #expect(response.bearerContextsModified.first?.cause?.value == .contextNotFound)
    }
}
