import Diameter
import Foundation
import GTPv2C
import NetworkTestSupport
import NIOCore
import PCAP
import Testing
import TestOracles
import Wire

/// The pgw process with a PCRF the test plays on Gx (`TestPCRF`, a DiameterPeer node found by
/// name) and the SGW it plays on S5/S8 (`SessionProcessTests`' helpers), in a namespace of the
/// test's own: ready only once the Gx link is OPEN; Create Session waits for CCA-I, whose PCC rule
/// becomes a QCI 1 bearer with the rule's TFT that takes the downlink its Flow-Description matches;
/// RAR removes it (the RAA on the wire before the Delete Bearer Request) and a RAR for an unknown
/// session gets 5002; Delete Session sends
/// CCR-T; a refusing PCRF refuses the session; the PCRF going away makes the pgw not ready until
/// it is back, and a session works again then. The capture of Gx and GTP decodes in pcap-check.
@Suite(.serialized, .enabled(if: pgwNamespaceProblem == nil || TestEnvironment.isCI, "skipped: \(pgwNamespaceProblem ?? "")"))
struct GxProcessTests {
    typealias SGW = SessionProcessTests
    static let pcrfAddress = "127.0.0.84"
    static let pcrfName = "pcrf.vcore.test"
    static let pgwHost = "pgw.vcore.test"
    /// A data-network host inside the rule's remote range, and one outside it.
    static let mediaServer = "10.46.0.5"
    static let otherHost = SGW.host
    static let ruleName = "voice-1"
    static let voiceRule = AVP(.chargingRuleInstall, [AVP(.chargingRuleDefinition, [
        AVP(.chargingRuleName, octets: ByteBuffer(string: ruleName)),
        AVP(.flowInformation, [AVP(.flowDescription, "permit out 17 from 10.46.0.0/24 to assigned 50000-50100"),
                               AVP(.flowDirection, enumerated: 3)]),
        AVP(.qosInformation, [AVP(.qosClassIdentifier, enumerated: 1),
                              AVP(.maxRequestedBandwidthUL, unsigned32: 128_000), AVP(.maxRequestedBandwidthDL, unsigned32: 128_000),
                              AVP(.guaranteedBitrateUL, unsigned32: 64_000), AVP(.guaranteedBitrateDL, unsigned32: 64_000),
                              AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: 2),
                                                                 AVP(.preEmptionCapability, enumerated: 1),
                                                                 AVP(.preEmptionVulnerability, enumerated: 0)])]),
        AVP(.precedence, unsigned32: 100),
    ])])

    @Test(.timeLimit(.minutes(3)))
    func pccRulesBecomeBearersAndTheGxLinkComesBack() async throws {
        guard SGW.canRun() else { return }
        if TestEnvironment.isCI { #expect(TestEnvironment.canRunPcapCheck, "CI needs tshark and ../shared/tools/pcap-check") }
        let lab = NetworkLab("vcgx")
        defer { lab.tearDown() }
        let namespace = try lab.namespace("pgw")
        let capturePath = TestEnvironment.temporaryFile("pgw-gx-lo.pcap")
        defer { try? FileManager.default.removeItem(atPath: capturePath) }
        let (capture, control, user, mediaServer, otherHost) = try await withOwnThread {
            for host in [Self.mediaServer, Self.otherHost] { try lab.inside(namespace, ["address", "add", "\(host)/32", "dev", "lo"]) }
            try lab.hosts(namespace, [(Self.pcrfAddress, Self.pcrfName)])
            let capture = try RunningCapture(in: namespace, interface: "lo", path: capturePath,
                                             filter: "tcp port 3868 or udp port 2123 or udp port 2152")
            usleep(300_000)  // the capture is open; let its loop start before the first packet
            return try lab.perform(in: namespace) {
                (capture, try UDPPeer(SGW.sgwAddress, port: 2123), try UDPPeer(SGW.sgwAddress, port: 2152),
                 try UDPPeer(Self.mediaServer, port: 7000), try UDPPeer(Self.otherHost, port: 7000))
            }
        }
        defer { _ = capture.stop() }

        // 1. Not ready while no PCRF listens; ready once the link to it is OPEN (CER/CEA).
        let pgw = try await withOwnThread {
            let pgw = try NetworkFunctionProcess("pgw", configuration: SGW.configuration(pcrf: Self.pcrfName), namespace: namespace)
            try pgw.waitForLog("pgw starting")
            #expect(eventually(polls: 40, every: .milliseconds(100)) { SGW.http(pgw, "/healthz") != "" }, "alive\n\(pgw.log)")
            #expect(Self.readiness(pgw) == 503, "not ready before the PCRF is there")
            return pgw
        }
        defer { pgw.tearDown() }
        let pcrf = TestPCRF(in: namespace, address: Self.pcrfAddress)
        // A failure ends the test before its last step stops the PCRF.
        defer { Task { [pcrf] in await pcrf.stop() } }
        pcrf.answerInitialRequests(.accept([Self.voiceRule]))
        try await pcrf.start()
        #expect(await pcrf.waitForPGW(timeout: .seconds(40)), "the pgw connects to the PCRF by name\n\(pgw.log)")
        #expect(pcrf.openPeers.map(\.originHost) == [Self.pgwHost])
        #expect(pcrf.openPeers.first?.applications.contains(.gx) == true, "the pgw advertises Gx in its CER")
        #expect(try await withOwnThread { eventually(polls: 50, every: .milliseconds(100)) { Self.readiness(pgw) == 200 } },
                "ready once Gx is open\n\(pgw.log)")

        // 2. Create Session: CCR-I first; CCA-I's rule becomes a QCI 1 bearer with the rule's TFT.
        let (ue, pgwControl, gxSession) = try await withOwnThread {
            control.send(SGW.bytes(SGW.createSessionRequest(sequence: 0x10)), to: SGW.pgwAddress, port: 2123)
            let answer = try #require(SGW.message(on: control, .createSessionResponse), "\(pgw.log)")
            let created = try #require(CreateSessionResponse(answer))
            #expect(created.cause?.value == .requestAccepted, "\(pgw.log)")
            let ue = try #require(created.paa?.ipv4, "a UE address")
            let ccr = try #require(pcrf.creditControlRequests(type: 1).first, "CCR-I reached the PCRF before the answer")
            Self.expectInitialRequest(ccr, ue: ue)

            let bearerRequest = try #require(SGW.message(on: control, .createBearerRequest), "the rule's bearer\n\(pgw.log)")
            #expect(bearerRequest.header.teid == SGW.sgwS5CTEID)
            #expect(CreateBearerRequest(bearerRequest)?.linkedEBI == 5)
            let requested = try #require(CreateBearerRequest(bearerRequest)?.bearerContexts.first)
            #expect(requested.bearerQoS == BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: false, preemptable: true),
                                                     maximumBitRateUplink: 128, maximumBitRateDownlink: 128,
                                                     guaranteedBitRateUplink: 64, guaranteedBitRateDownlink: 64))
            #expect(requested.tft?.operation == .createNew)
            #expect(requested.tft?.packetFilters == [PacketFilter(direction: .bidirectional, id: 1, precedence: 100, components: [
                .protocolIdentifier(17), .ipv4RemoteAddress(IPv4Address(10, 46, 0, 0), mask: IPv4Address(255, 255, 255, 0)),
                .localPortRange(50000, 50100),
            ])], "the Flow-Description's protocol, remote range and UE ports")
            let pgwDedicated = try #require(requested.fteid(1), "the pgw's S5/S8-U F-TEID for the bearer")
            control.send(SGW.bytes(SGW.createBearerResponse(to: bearerRequest, pgwUser: pgwDedicated)), to: SGW.pgwAddress, port: 2123)
            try pgw.waitForLog("established as EBI 6")
            return (ue, try #require(created.senderFTEID), try #require(ccr.sessionID))
        }

        // The rule's downlink (UDP from 10.46.0.0/24 to ports 50000-50100) takes the dedicated bearer; the rest the default one.
        try await withOwnThread {
            #expect(Self.downlink(from: mediaServer, to: ue, port: 50010, arrivesOn: SGW.sgwDedicatedTEID, user), "\(pgw.log)")
            #expect(Self.downlink(from: mediaServer, to: ue, port: 6000, arrivesOn: SGW.sgwDefaultTEID, user, polls: 1), "another port")
            #expect(Self.downlink(from: otherHost, to: ue, port: 50010, arrivesOn: SGW.sgwDefaultTEID, user, polls: 1), "another source")
            #expect(Self.metricsSettle(pgw, ["pgw_sessions": 1, "pgw_bearers": 2]))
        }

        // 3. RAR removing the rule: RAA 2001, then Delete Bearer for EBI 6; a RAR for no session: 5002.
        let removal = try await pcrf.reAuth(sessionID: gxSession, pgwHost: Self.pgwHost,
                                            [AVP(.chargingRuleRemove, [AVP(.chargingRuleName, octets: ByteBuffer(string: Self.ruleName))])])
        #expect(removal.resultCode == 2001, "\(removal)")
        #expect(removal.sessionID == gxSession)
        try await withOwnThread {
            let delete = try #require(SGW.message(on: control, .deleteBearerRequest), "\(pgw.log)")
            #expect(delete.header.teid == SGW.sgwS5CTEID)
            #expect(DeleteBearerRequest(unchecked: delete).epsBearerIDs == [6])
            control.send(SGW.bytes(DeleteBearerResponse.accepting(delete, teid: SGW.sgwS5CTEID)), to: SGW.pgwAddress, port: 2123)
            #expect(Self.metricsSettle(pgw, ["pgw_bearers": 1, "pgw_dedicated_bearers_deleted_total": 1]), "\(pgw.log)")
            #expect(Self.downlink(from: mediaServer, to: ue, port: 50010, arrivesOn: SGW.sgwDefaultTEID, user), "the rule's flow is back on the default bearer")
        }
        let unknown = try await pcrf.reAuth(sessionID: "\(Self.pgwHost);no-such-session;1", pgwHost: Self.pgwHost, [])
        #expect(unknown.resultCode == 5002, "DIAMETER_UNKNOWN_SESSION_ID: \(unknown)")

        // 4. Delete Session: CCR-T for the same Gx session, and the session is gone.
        try await withOwnThread {
            var delete = DeleteSessionRequest(teid: pgwControl.teid, sequenceNumber: 0x11)
            delete.linkedEBI = 5
            control.send(SGW.bytes(delete.message), to: SGW.pgwAddress, port: 2123)
            let deleted = try #require(SGW.message(on: control, .deleteSessionResponse), "\(pgw.log)")
            #expect(deleted[.cause()] == GTPv2Cause(.requestAccepted))
            #expect(eventually(polls: 50, every: .milliseconds(100)) { pcrf.creditControlRequests(type: 3).count == 1 }, "CCR-T\n\(pgw.log)")
            let termination = pcrf.creditControlRequests(type: 3).first
            #expect(termination?.sessionID == gxSession)
            #expect(termination?[.ccRequestNumber]?.value.unsigned32 == 1, "CCR-I was number 0")
            #expect(termination?[.terminationCause]?.value.unsigned32 == 1, "DIAMETER_LOGOUT")
            #expect(Self.metricsSettle(pgw, ["pgw_sessions": 0, "pgw_bearers": 0, "pgw_pool_addresses_in_use{apn=\"internet\"}": 0]))
        }

        // 5. A PCRF that refuses CCR-I (DIAMETER_ERROR_INITIAL_PARAMETERS): cause 94, nothing left.
        pcrf.answerInitialRequests(.refuse(experimentalResult: 5140))
        try await withOwnThread {
            control.send(SGW.bytes(SGW.createSessionRequest(sequence: 0x12)), to: SGW.pgwAddress, port: 2123)
            let answer = try #require(SGW.message(on: control, .createSessionResponse), "\(pgw.log)")
            #expect(answer[.cause()] == GTPv2Cause(.requestRejected), "\(pgw.log)")
            #expect(CreateSessionResponse(answer)?.paa == nil, "no address for a refused session")
            #expect(pcrf.creditControlRequests(type: 1).count == 2)
            #expect(Self.metricsSettle(pgw, ["pgw_sessions": 0, "pgw_policy_failures_total": 1, "pgw_create_session_rejections_total": 1,
                                             "pgw_pool_addresses_in_use{apn=\"internet\"}": 0]))
            #expect(pcrf.creditControlRequests(type: 3).count == 1, "no CCR-T for a session that never was")
        }

        // 6. The PCRF goes away (DPR): not ready; back: ready again, and a session gets its CCA-I.
        await pcrf.stop()
        #expect(try await withOwnThread { eventually(polls: 50, every: .milliseconds(100)) { Self.readiness(pgw) == 503 } },
                "not ready without the PCRF\n\(pgw.log)")
        pcrf.answerInitialRequests(.accept([]))
        try await pcrf.start()
        #expect(await pcrf.waitForPGW(timeout: .seconds(60)), "the pgw reconnects\n\(pgw.log)")
        try await withOwnThread {
            #expect(eventually(polls: 50, every: .milliseconds(100)) { Self.readiness(pgw) == 200 }, "ready again\n\(pgw.log)")
            control.send(SGW.bytes(SGW.createSessionRequest(sequence: 0x13)), to: SGW.pgwAddress, port: 2123)
            let answer = try #require(SGW.message(on: control, .createSessionResponse), "\(pgw.log)")
            #expect(answer[.cause()] == GTPv2Cause(.requestAccepted), "\(pgw.log)")
            #expect(pcrf.creditControlRequests(type: 1).count == 3)

            pgw.signal(SIGTERM)
            #expect(pgw.waitForExit(timeout: .seconds(15)) == 0, "SIGTERM ends the pgw with 0\n\(pgw.log)")
            usleep(300_000)  // the last frames reach the file before the loop is broken
            let frames = capture.stop()
            #expect((frames ?? 0) >= 30, "it saw Gx, GTPv2-C and the G-PDUs: \(frames.map { "\($0)" } ?? "the capture did not end")")
            // 3's RAA left before the Delete Bearer Request it led to, as PGWKit orders them.
            let sent = try Self.signallingSent(in: capturePath)
            let raa = sent.firstIndex(of: "Re-Auth Answer 2001"), deleteBearer = sent.firstIndex(of: "Delete Bearer Request")
            #expect(raa != nil && deleteBearer != nil && raa! < deleteBearer!, "the pgw sent, in order: \(sent)")
            if TestEnvironment.canRunPcapCheck {
                let check = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capturePath])
                print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(check.status == 0, "pcap-check: \(check.output)")
                #expect(check.output.contains("diameter") && check.output.contains("gtpv2") && check.output.contains("gtp "), "\(check.output)")
            }
        }
        await pcrf.stop()
    }

    /// CCR-I (TS 29.212 5.6.2) as PGWKit builds it: IMSI, the UE's address, APN, IP-CAN and RAT
    /// type, APN-AMBR and the default bearer's QoS of the Create Session Request.
    static func expectInitialRequest(_ ccr: DiameterMessage, ue: IPv4Address) {
        func child(_ avp: AVP?, _ definition: AVPDefinition) -> AVP? { avp?.value.children?.first { $0.isA(definition) } }
        #expect(ccr.commandCode == 272 && ccr.applicationID == DiameterApplication.gx.rawValue && ccr.isRequest)
        #expect(ccr[.authApplicationId]?.value.unsigned32 == DiameterApplication.gx.rawValue)
        #expect(ccr[.originHost]?.value.text == pgwHost)
        #expect(ccr[.destinationRealm]?.value.text == "vcore.test")
        #expect(ccr[.ccRequestNumber]?.value.unsigned32 == 0)
        #expect(child(ccr[.subscriptionId], .subscriptionIdType)?.value.unsigned32 == 1, "END_USER_IMSI")
        #expect(child(ccr[.subscriptionId], .subscriptionIdData)?.value.text == "001010000000003")
        #expect(ccr[.framedIPAddress]?.value.octets == ByteBuffer(bytes: ue.octets), "the UE's address from the pool")
        #expect(ccr[.calledStationId]?.value.text == "internet")
        #expect(ccr[.ipCANType]?.value.unsigned32 == 5, "3GPP-EPS")
        #expect(ccr[.ratType]?.value.unsigned32 == 1004, "EUTRAN")
        #expect(child(ccr[.qosInformation], .apnAggregateMaxBitrateUL)?.value.unsigned32 == 50_000_000)
        #expect(child(ccr[.qosInformation], .apnAggregateMaxBitrateDL)?.value.unsigned32 == 150_000_000)
        #expect(child(ccr[.defaultEPSBearerQoS], .qosClassIdentifier)?.value.unsigned32 == 9)
        #expect(child(child(ccr[.defaultEPSBearerQoS], .allocationRetentionPriority), .priorityLevel)?.value.unsigned32 == 8)
    }

    /// The Diameter messages (with their Result-Code) and GTPv2-C messages the pgw sent to the
    /// PCRF and the SGW, in the order the capture saw them on the wire.
    static func signallingSent(in path: String) throws -> [String] {
        var dissector = Dissector()
        var gx: [Int: DiameterFramer] = [:]  // by TCP connection: the pgw connects again in step 6
        var sent: [String] = []
        for payload in try PcapReader.readAll(path: path).flatMap({ dissector.dissect($0) }) {
            if case .tcp(let connection) = payload.transport, payload.destination.port == 3868 {
                gx[connection, default: DiameterFramer()].append(payload.bytes)
                while let bytes = try gx[connection]?.next() {
                    let message = try DiameterMessage.decode(bytes)
                    sent.append(message.name + (message.resultCode.map { " \($0)" } ?? ""))
                }
            } else if case .udp = payload.transport, payload.destination == IPEndpoint(IPAddress(SGW.sgwAddress)!, 2123) {
                sent.append("\(try GTPv2Message.decode(payload.bytes).type)")
            }
        }
        return sent
    }

    /// Sends UDP from `host` to the UE's `port` until a G-PDU comes out of the pgw (at most
    /// `polls` times); whether it came on `teid` (a rule change reaches the forwarding loops a
    /// moment after the control plane made it).
    static func downlink(from host: UDPPeer, to ue: IPv4Address, port: UInt16, arrivesOn teid: UInt32, _ user: UDPPeer,
                         polls: Int = 30) -> Bool {
        _ = user.drain(for: .milliseconds(100))
        return eventually(polls: polls, every: .milliseconds(100)) {
            host.send(Array("downlink to \(port)".utf8), to: "\(ue)", port: port)
            return SGW.gpdu(on: user, within: .seconds(1))?.teid == teid
        }
    }

    /// Whether the pgw's /metrics show these values (published every 500 ms) within the polls.
    static func metricsSettle(_ pgw: NetworkFunctionProcess, _ expected: [String: Int]) -> Bool {
        var metrics = ""
        let settled = eventually(polls: 50, every: .milliseconds(100)) {
            metrics = SGW.http(pgw, "/metrics")
            return expected.allSatisfy { PrometheusText.value(metrics, $0.key) == $0.value }
        }
        if !settled { Issue.record("expected \(expected) in /metrics:\n\(metrics)") }
        return settled
    }

    /// /readyz's status: 200 ready, 503 not.
    static func readiness(_ pgw: NetworkFunctionProcess) -> Int? {
        pgw.httpStatus("http://\(SGW.pgwAddress):\(SGW.observabilityPort)/readyz")
    }
}
