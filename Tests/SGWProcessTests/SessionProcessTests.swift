import Foundation
import GTPU
import GTPv2C
import NetworkTestSupport
import PCAP
import Synchronization
import Testing
import TestOracles
import Wire

/// The sgw process on loopback, between an MME, a PGW and an eNB the test plays: sessions over
/// S11 and S5/S8-C, G-PDUs relayed with the TEIDs swapped, idle-mode buffering with a Downlink
/// Data Notification, Error Indication, malformed GTPv2-C, metrics, SIGTERM; the capture of it
/// all decodes cleanly in tshark.
@Suite(.serialized, .enabled(if: TestEnvironment.builtProduct("sgw") != nil, "the sgw executable is not built (swift build)"))
struct SessionProcessTests {
    /// What the test's peers learnt about the session.
    struct Session {
        var sgwS11TEID: UInt32
        var sgwS1U: FTEID
        var sgwS5U: FTEID
    }

    static let pgwS5UTEID: UInt32 = 0x7002
    static let ue = "10.45.0.2"
    static let host = "10.46.0.5"

    @Test(.timeLimit(.minutes(2)))
    func aSessionCarriesTrafficGoesIdleBuffersAndIsWokenUp() async throws {
        try await withOwnThread {
            let capturePath = TestEnvironment.temporaryFile("sgw-lo.pcap")
            defer { try? FileManager.default.removeItem(atPath: capturePath) }
            let capture = try LiveCapture(interface: "lo", path: capturePath, filter: "(udp port 2123 or udp port 2152) and not host \(Loopback.rogue)")
            let captured = Mutex<Int?>(nil)
            Thread { let frames = capture.run(); captured.withLock { $0 = frames } }.start()
            usleep(300_000)  // the capture is open; let its loop start before the first packet

            let (mme, pgw, pgwUser, enb, sgw) = try Self.start()
            defer { sgw.tearDown() }

            let session = try Self.establish(mme: mme, pgw: pgw, sgw: sgw)
            try Self.modifyBearer(mme: mme, session: session, enbTEID: 0x51, sequence: 0x21, sgw: sgw)

            // Uplink: the eNB's G-PDU reaches the PGW with the PGW's TEID.
            let uplink = CoreMessages.udp(from: Self.ue, to: Self.host, "uplink")
            enb.send(CoreMessages.gpdu(teid: session.sgwS1U.teid, uplink), to: Loopback.sgwS11, port: 2152)
            let relayedUp = try #require(pgwUser.receive(), "uplink reaches the PGW's S5-U\n\(sgw.log)")
            #expect(CoreMessages.gtpu(relayedUp.bytes)?.header.teid == Self.pgwS5UTEID)
            #expect(Self.payload(relayedUp.bytes) == uplink)

            // Downlink: the PGW's G-PDU reaches the eNB with the eNB's TEID.
            let downlink = CoreMessages.udp(from: Self.host, to: Self.ue, "downlink")
            pgwUser.send(CoreMessages.gpdu(teid: session.sgwS5U.teid, downlink), to: Loopback.sgwS5, port: 2152)
            let relayedDown = try #require(enb.receive(), "downlink reaches the eNB\n\(sgw.log)")
            #expect(CoreMessages.gtpu(relayedDown.bytes)?.header.teid == 0x51)
            #expect(Self.payload(relayedDown.bytes) == downlink)

            // Idle: Release Access Bearers, then downlink is kept and the MME is told once.
            try Self.releaseAccessBearers(mme: mme, session: session, sequence: 0x22, sgw: sgw)
            let buffered = CoreMessages.udp(from: Self.host, to: Self.ue, "buffered")
            pgwUser.send(CoreMessages.gpdu(teid: session.sgwS5U.teid, buffered), to: Loopback.sgwS5, port: 2152)
            let notification = try #require(Self.response(on: mme, type: .downlinkDataNotification), "a DDN reaches the MME\n\(sgw.log)")
            #expect(notification.header.teid == 0x11, "addressed to the MME's S11 TEID")
            #expect(enb.receive(within: .milliseconds(300)) == nil, "nothing reaches the eNB while the UE is idle")
            mme.send(CoreMessages.bytes(CoreMessages.downlinkDataNotificationAcknowledge(to: notification, sgwTEID: session.sgwS11TEID)),
                     to: Loopback.sgwS11, port: 2123)

            // Connected again on another eNB TEID: the buffer is delivered there.
            try Self.modifyBearer(mme: mme, session: session, enbTEID: 0x52, sequence: 0x23, sgw: sgw)
            let delivered = try #require(enb.receive(), "the buffered packet is delivered\n\(sgw.log)")
            #expect(CoreMessages.gtpu(delivered.bytes)?.header.teid == 0x52)
            #expect(Self.payload(delivered.bytes) == buffered)

            // A G-PDU on a TEID nobody has: Error Indication back to the sender (TS 29.281 7.3.1).
            enb.send(CoreMessages.gpdu(teid: 0xDEAD_BEEF, uplink), to: Loopback.sgwS11, port: 2152)
            let indication = try #require(enb.receive(), "an Error Indication comes back\n\(sgw.log)")
            #expect(CoreMessages.gtpu(indication.bytes)?.header.messageType == .errorIndication)

            try Self.malformedControlMessagesAreAnsweredOrDropped(mme: mme, sgw: sgw)

            // The counters are published every 500 ms: read until the last of them shows.
            var metrics = ""
            #expect(eventually(polls: 40, every: .milliseconds(100)) {
                metrics = sgw.http("http://\(Loopback.sgwS11):\(Loopback.observabilityPort)/metrics") ?? ""
                return PrometheusText.value(metrics, "userplane_error_indications_total{direction=\"sent\"}") == 1
                    && (PrometheusText.value(metrics, "sgw_gtpc_malformed_messages_total") ?? 0) >= 1
            }, "\(sgw.log)")
            #expect(PrometheusText.value(metrics, "sgw_sessions") == 1, "\(metrics)")
            #expect(PrometheusText.value(metrics, "sgw_bearers") == 1, "\(metrics)")
            #expect((PrometheusText.value(metrics, "userplane_packets_total{direction=\"uplink\"}") ?? 0) >= 1, "\(metrics)")
            #expect((PrometheusText.value(metrics, "userplane_packets_total{direction=\"downlink\"}") ?? 0) >= 2, "\(metrics)")
            #expect(PrometheusText.value(metrics, "userplane_buffered_total") == 1, "\(metrics)")
            #expect(PrometheusText.value(metrics, "userplane_error_indications_total{direction=\"sent\"}") == 1, "\(metrics)")
            #expect((PrometheusText.value(metrics, "sgw_gtpc_malformed_messages_total") ?? 0) >= 1, "\(metrics)")
            #expect(sgw.http("http://\(Loopback.sgwS11):\(Loopback.observabilityPort)/readyz") != nil, "ready: the sockets are bound")

            sgw.signal(SIGTERM)
            #expect(sgw.waitForExit(timeout: .seconds(10)) == 0, "SIGTERM ends the sgw with 0\n\(sgw.log)")
            #expect(sgw.log.contains("sgw stopped"))

            usleep(300_000)  // the last frames reach the file before the loop is broken
            capture.stop()
            #expect(eventually { captured.withLock { $0 } != nil }, "the capture ends")
            #expect((captured.withLock { $0 } ?? 0) >= 12, "it saw the signalling and the G-PDUs")
            if TestEnvironment.canRunPcapCheck {
                let check = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capturePath])
                print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(check.status == 0, "pcap-check: \(check.output)")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func failedPagingDropsTheBufferAndTheNextPacketNotifiesAgain() async throws {
        try await withOwnThread {
            let (mme, pgw, pgwUser, enb, sgw) = try Self.start()
            defer { sgw.tearDown() }
            let session = try Self.establish(mme: mme, pgw: pgw, sgw: sgw)
            try Self.modifyBearer(mme: mme, session: session, enbTEID: 0x51, sequence: 0x21, sgw: sgw)
            try Self.releaseAccessBearers(mme: mme, session: session, sequence: 0x22, sgw: sgw)

            pgwUser.send(CoreMessages.gpdu(teid: session.sgwS5U.teid, CoreMessages.udp(from: Self.host, to: Self.ue, "lost")),
                         to: Loopback.sgwS5, port: 2152)
            let first = try #require(Self.response(on: mme, type: .downlinkDataNotification), "\(sgw.log)")
            mme.send(CoreMessages.bytes(CoreMessages.downlinkDataNotificationAcknowledge(to: first, sgwTEID: session.sgwS11TEID)),
                     to: Loopback.sgwS11, port: 2123)
            // The UE does not answer the paging: the MME says so (TS 29.274 7.2.11.3).
            var failure = DownlinkDataNotificationFailureIndication(teid: session.sgwS11TEID, sequenceNumber: 0x40)
            failure.cause = GTPv2Cause(.unableToPageUE)
            failure.originatingNode = .mme
            mme.send(CoreMessages.bytes(failure.message), to: Loopback.sgwS11, port: 2123)
            try sgw.waitForLog("paging failed")
            Self.settle()

            let again = CoreMessages.udp(from: Self.host, to: Self.ue, "again")
            pgwUser.send(CoreMessages.gpdu(teid: session.sgwS5U.teid, again), to: Loopback.sgwS5, port: 2152)
            let second = try #require(Self.response(on: mme, type: .downlinkDataNotification), "a new DDN after the discard\n\(sgw.log)")
            #expect(second.header.sequenceNumber != first.header.sequenceNumber)

            try Self.modifyBearer(mme: mme, session: session, enbTEID: 0x53, sequence: 0x23, sgw: sgw)
            let delivered = try #require(enb.receive(), "\(sgw.log)")
            #expect(CoreMessages.gtpu(delivered.bytes)?.header.teid == 0x53)
            #expect(Self.payload(delivered.bytes) == again, "only what came after the failed paging is delivered")
            #expect(enb.receive(within: .milliseconds(300)) == nil)
            var metrics = ""
            #expect(eventually(polls: 40, every: .milliseconds(100)) {
                metrics = sgw.http("http://\(Loopback.sgwS11):\(Loopback.observabilityPort)/metrics") ?? ""
                return PrometheusText.value(metrics, "userplane_dropped_total{reason=\"buffer_discarded\"}") == 1
            }, "\(metrics)")
            #expect(PrometheusText.value(metrics, "sgw_downlink_data_notifications_total") == 2, "\(metrics)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func s11AndS5CanShareOneSocket() async throws {
        try await withOwnThread {
            let shared = Loopback.configuration.replacingOccurrences(of: "s5c: {address: \(Loopback.sgwS5)}",
                                                                     with: "s5c: {address: \(Loopback.sgwS11)}")
            #expect(shared != Loopback.configuration)
            let (mme, pgw, pgwUser, enb, sgw) = try Self.start(configuration: shared)
            defer { sgw.tearDown() }
            #expect(sgw.log.contains("s5c=shared with s11"))
            let session = try Self.establish(mme: mme, pgw: pgw, sgw: sgw)
            try Self.modifyBearer(mme: mme, session: session, enbTEID: 0x51, sequence: 0x21, sgw: sgw)
            pgwUser.send(CoreMessages.gpdu(teid: session.sgwS5U.teid, CoreMessages.udp(from: Self.host, to: Self.ue, "shared")),
                         to: Loopback.sgwS5, port: 2152)
            #expect(enb.receive().map { CoreMessages.gtpu($0.bytes)?.header.teid } == 0x51, "\(sgw.log)")
        }
    }

    /// The test's MME, PGW (control and user plane) and eNB sockets, and the sgw started and ready.
    static func start(configuration: String = Loopback.configuration) throws -> (mme: UDPPeer, pgw: UDPPeer, pgwUser: UDPPeer, enb: UDPPeer, sgw: NetworkFunctionProcess) {
        let peers = (try UDPPeer(Loopback.mme, port: 2123), try UDPPeer(Loopback.pgw, port: 2123),
                     try UDPPeer(Loopback.pgw, port: 2152), try UDPPeer(Loopback.enb, port: 2152))
        let sgw = try NetworkFunctionProcess("sgw", configuration: configuration)
        do {
            try sgw.waitForLog("sgw starting")
            // The PGW's name is its address: discovery makes it the only candidate.
            try sgw.waitForLog("PGW replicas")
        } catch {
            sgw.tearDown()
            throw error
        }
        return (peers.0, peers.1, peers.2, peers.3, sgw)
    }

    static func releaseAccessBearers(mme: UDPPeer, session: Session, sequence: UInt32, sgw: NetworkFunctionProcess) throws {
        mme.send(CoreMessages.bytes(CoreMessages.releaseAccessBearersRequest(sequence: sequence, sgwTEID: session.sgwS11TEID)),
                 to: Loopback.sgwS11, port: 2123)
        let released = try #require(Self.response(on: mme, type: .releaseAccessBearersResponse), "\(sgw.log)")
        #expect(ReleaseAccessBearersResponse(released)?.cause?.value == .requestAccepted)
        settle()
    }

    /// Create Session from the MME, relayed to the PGW and answered by it; what the MME learns.
    static func establish(mme: UDPPeer, pgw: UDPPeer, sgw: NetworkFunctionProcess) throws -> Session {
        mme.send(CoreMessages.bytes(CoreMessages.createSessionRequest(sequence: 0x20, mmeTEID: 0x11)), to: Loopback.sgwS11, port: 2123)
        let (request, from) = try #require(pgw.receive(), "the request reaches the PGW\n\(sgw.log)")
        let relayed = try #require(CoreMessages.decode(request))
        #expect(relayed.type == .createSessionRequest)
        // From the S5/S8-C address the SGW puts in its F-TEID.
        #expect(from == (CreateSessionRequest(relayed)?.senderFTEID?.ipv4).map { "\($0):2123" })
        let sgwS5U = try #require(CreateSessionRequest(relayed)?.bearerContextsToBeCreated.first?.fteid(CreateSessionBearerFTEID.requestS5S8SGW))
        #expect(sgwS5U.ipv4 == IPv4Address(Loopback.sgwS5))
        let answer = try #require(CoreMessages.createSessionResponse(to: relayed, pgwS5CTEID: 0x7001, pgwS5UTEID: pgwS5UTEID))
        let sgwS5C = try #require(CreateSessionRequest(relayed)?.senderFTEID?.ipv4)
        pgw.send(CoreMessages.bytes(answer), to: "\(sgwS5C)", port: 2123)
        let message = try #require(Self.response(on: mme, type: .createSessionResponse), "\(sgw.log)")
        let created = try #require(CreateSessionResponse(message))
        #expect(created.cause?.value == .requestAccepted)
        #expect(message.header.teid == 0x11)
        let s11 = try #require(created.senderFTEID)
        let s1u = try #require(created.bearerContextsCreated.first?.fteid(CreateSessionBearerFTEID.responseS1USGW))
        #expect(s11.ipv4 == IPv4Address(Loopback.sgwS11) && s1u.ipv4 == IPv4Address(Loopback.sgwS11))
        return Session(sgwS11TEID: s11.teid, sgwS1U: s1u, sgwS5U: sgwS5U)
    }

    static func modifyBearer(mme: UDPPeer, session: Session, enbTEID: UInt32, sequence: UInt32, sgw: NetworkFunctionProcess) throws {
        mme.send(CoreMessages.bytes(CoreMessages.modifyBearerRequest(sequence: sequence, sgwTEID: session.sgwS11TEID, enbTEID: enbTEID)),
                 to: Loopback.sgwS11, port: 2123)
        let modified = try #require(Self.response(on: mme, type: .modifyBearerResponse), "\(sgw.log)")
        #expect(ModifyBearerResponse(modified)?.cause?.value == .requestAccepted)
        #expect(modified.header.sequenceNumber == sequence)
        settle()
    }

    /// A request missing a mandatory IE gets its response with a cause naming the problem; bytes
    /// that are not GTPv2-C at all cannot be answered and are dropped; the SGW keeps serving.
    static func malformedControlMessagesAreAnsweredOrDropped(mme: UDPPeer, sgw: NetworkFunctionProcess) throws {
        var incomplete = CreateSessionRequest(teid: 0, sequenceNumber: 0x30)
        incomplete.imsi = IMSI("001010000000002")
        mme.send(CoreMessages.bytes(incomplete.message), to: Loopback.sgwS11, port: 2123)
        let refusal = try #require(response(on: mme, type: .createSessionResponse), "\(sgw.log)")
        #expect(refusal.header.sequenceNumber == 0x30)
        #expect(CreateSessionResponse(refusal)?.cause?.value == .mandatoryIEMissing)

        // From an address the capture leaves out: tshark rightly calls these bytes malformed.
        let rogue = try UDPPeer(Loopback.rogue, port: 2123)
        rogue.send([0x48, 0x20, 0x00], to: Loopback.sgwS11, port: 2123)
        mme.send(CoreMessages.bytes(EchoRequest(teid: nil, sequenceNumber: 0x31).message), to: Loopback.sgwS11, port: 2123)
        let echo = try #require(response(on: mme, type: .echoResponse), "the SGW still answers\n\(sgw.log)")
        #expect(echo.header.sequenceNumber == 0x31)
    }

    /// The next GTPv2-C message of `type` the peer receives.
    static func response(on peer: UDPPeer, type: GTPv2MessageType) -> GTPv2Message? {
        peer.receive { CoreMessages.decode($0)?.type == type }.flatMap(CoreMessages.decode)
    }

    static func payload(_ bytes: [UInt8]) -> [UInt8]? {
        guard let message = CoreMessages.gtpu(bytes), case .gPDU(let payload) = message.body else { return nil }
        return Array(payload.readableBytesView)
    }

    /// The forwarding loops take rule changes between receives, each of which waits at most
    /// 100 ms: a packet sent sooner after the answer may still meet the old rule.
    static func settle() {
        usleep(250_000)
    }
}
