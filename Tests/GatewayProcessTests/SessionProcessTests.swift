import Foundation
import GTPU
import GTPv2C
import NetworkTestSupport
import Testing
import TestOracles
import Wire

/// The real sgw and pgw processes together, in namespaces the test creates (see `GatewayLab`),
/// driven by an MME and an eNB the test plays: Create Session through both, a real ping from the
/// UE's address answered by the data network's kernel, a local-policy dedicated bearer that takes
/// the downlink its filter matches, idle mode with buffering, a Downlink Data Notification and
/// in-order delivery, Error Indication, malformed GTPv2-C and GTP-U to each process, Delete
/// Session, SIGTERM; the captures decode cleanly in pcap-check.
@Suite(.serialized, .enabled(if: GatewayLab.problem == nil || TestEnvironment.isCI, "skipped: \(GatewayLab.problem ?? "")"))
struct SessionProcessTests {
    typealias Plan = GatewayLab.Plan

    /// The default bearer's and the dedicated bearer's eNB TEIDs, and those after the UE was idle.
    static let enbDefault: UInt32 = 0xE5, enbDedicated: UInt32 = 0xE6
    static let enbDefaultAgain: UInt32 = 0xF5, enbDedicatedAgain: UInt32 = 0xF6

    @Test(.timeLimit(.minutes(3)))
    func aSessionThroughBothGatewaysPingsGoesIdleAndEnds() async throws {
        if let problem = GatewayLab.problem {
            // Only in CI: a missing tool there is a failure, not a reason to skip.
            Issue.record("cannot run: \(problem)")
            return
        }
        try await withOwnThread {
            let lab = try GatewayLab()
            defer { lab.tearDown() }
            if TestEnvironment.isCI { #expect(GatewayLab.checksCaptures, "CI needs tshark and ../shared/tools/pcap-check") }
            try lab.start()
            let mme = TestMME(try lab.peer(in: lab.mme, Plan.mme, port: 2123))
            let enb = try lab.peer(in: lab.enb, Plan.enb, port: 2152)
            let host = try lab.peer(in: lab.dn, Plan.dn, port: 7000)

            // Create Session: S11 → sgw → (by name) pgw, and back with the UE's address.
            mme.send(mme.createSessionRequest())
            let createAnswer = try #require(mme.next(.createSessionResponse), "\(lab.logs)")
            let created = try #require(CreateSessionResponse(createAnswer))
            #expect(created.cause?.value == .requestAccepted, "\(lab.logs)")
            #expect(createAnswer.header.teid == mme.controlTEID)
            let ue = try #require(created.paa?.ipv4, "a UE address")
            #expect(ue.value >> 8 == IPv4Address(10, 45, 0, 0).value >> 8 && ue.value & 0xFF > 1, "\(ue) from the pool, not its gateway")
            let sgwS11 = try #require(created.senderFTEID)
            #expect(sgwS11.ipv4 == IPv4Address(Plan.sgwS11))
            let s1u = try #require(created.bearerContextsCreated.first?.fteid(CreateSessionBearerFTEID.responseS1USGW))
            #expect(s1u.ipv4 == IPv4Address(Plan.sgwS1U))
            #expect(lab.sgw?.log.contains("relayed to PGW \(Plan.pgwS5)") == true, "the sgw chose the pgw its name resolves to")

            // The media rule's bearer: the pgw asks at once, the sgw relays it to the MME.
            let bearerRequest = try #require(mme.next(.createBearerRequest), "a Create Bearer Request\n\(lab.logs)")
            #expect(bearerRequest.header.teid == mme.controlTEID)
            let requested = try #require(CreateBearerRequest(bearerRequest)?.bearerContexts.first)
            #expect(requested.tft?.packetFilters.isEmpty == false, "with the rule's TFT")
            let dedicatedS1U = try #require(requested.fteid(0), "the sgw's S1-U F-TEID for the new bearer")
            #expect(dedicatedS1U.ipv4 == IPv4Address(Plan.sgwS1U) && dedicatedS1U.teid != s1u.teid)
            mme.send(mme.createBearerResponse(to: bearerRequest, sgwTEID: sgwS11.teid, ebi: 6, enbTEID: Self.enbDedicated))
            try lab.pgw?.waitForLog("established as EBI")

            // The eNB's F-TEID for the default bearer.
            try Self.modify(mme, sgwS11.teid, [(5, Self.enbDefault), (6, Self.enbDedicated)], lab)

            // A real ping from the UE's address: through both gateways and the TUN device, answered by dn's kernel.
            try Self.ping(from: ue, enb: enb, s1uTEID: s1u.teid, expectTEID: Self.enbDefault, identifier: 0x4242, sequences: 1...3, lab)

            // Downlink UDP: ports 5000-5010 take the dedicated bearer, others the default bearer.
            host.send(Array("media".utf8), to: "\(ue)", port: 5004)
            let media = try #require(UserPackets.gpdu(on: enb), "downlink to port 5004\n\(lab.logs)")
            #expect(media.teid == Self.enbDedicated, "the dedicated bearer's eNB TEID")
            #expect(UserPackets.ipv4(media.payload).map { [$0.source, $0.destination] } == [Plan.dn, "\(ue)"])
            #expect(UserPackets.ipv4(media.payload)?.body.prefix(4) == [0x1B, 0x58, 0x13, 0x8C], "UDP 7000 → 5004")
            host.send(Array("web".utf8), to: "\(ue)", port: 6000)
            let web = try #require(UserPackets.gpdu(on: enb), "downlink to port 6000\n\(lab.logs)")
            #expect(web.teid == Self.enbDefault, "the default bearer's eNB TEID")

            // A G-PDU on a TEID nobody has: an Error Indication back to the eNB (TS 29.281 7.3.1).
            enb.send(UserPackets.gpdu(teid: 0xDEAD_BEEF, try UserPackets.echoRequest(from: ue, to: Plan.dn, identifier: 1, sequence: 1)),
                     to: Plan.sgwS1U, port: 2152)
            let indication = try #require(enb.receive(within: .seconds(3), where: { UserPackets.gtpu($0)?.header.messageType == .errorIndication }),
                                          "an Error Indication\n\(lab.logs)")
            #expect(UserPackets.gtpu(indication)?.header.teid == 0, "Error Indication has TEID 0")

            // Idle: Release Access Bearers; downlink is buffered at the sgw and the MME hears of it once.
            mme.send(mme.releaseAccessBearersRequest(sgwTEID: sgwS11.teid))
            let released = try #require(mme.next(.releaseAccessBearersResponse), "\(lab.logs)")
            #expect(ReleaseAccessBearersResponse(released)?.cause?.value == .requestAccepted)
            Self.settle()
            let buffered = (1...3).map { "buffered \($0)" }
            for text in buffered { host.send(Array(text.utf8), to: "\(ue)", port: 6000) }
            let notification = try #require(mme.next(.downlinkDataNotification), "a Downlink Data Notification\n\(lab.logs)")
            #expect(notification.header.teid == mme.controlTEID)
            #expect(enb.drain(for: .milliseconds(500)).isEmpty, "nothing reaches the eNB while the UE is idle")
            mme.send(mme.downlinkDataNotificationAcknowledge(to: notification, sgwTEID: sgwS11.teid))
            #expect(eventually(polls: 50, every: .milliseconds(100)) {
                lab.metric(lab.sgw, "userplane_buffered_total") == buffered.count
            }, "all three are kept\n\(lab.logs)")

            // Connected again (a Service Request): the buffer is delivered, in order, on the new TEID.
            try Self.modify(mme, sgwS11.teid, [(5, Self.enbDefaultAgain), (6, Self.enbDedicatedAgain)], lab)
            let delivered = (0..<buffered.count).compactMap { _ in UserPackets.gpdu(on: enb) }
            #expect(delivered.map(\.teid) == Array(repeating: Self.enbDefaultAgain, count: buffered.count), "\(lab.logs)")
            #expect(delivered.map { UserPackets.ipv4($0.payload).map { String(decoding: $0.body.dropFirst(8), as: UTF8.self) } } == buffered,
                    "in the order they came")
            try Self.ping(from: ue, enb: enb, s1uTEID: s1u.teid, expectTEID: Self.enbDefaultAgain, identifier: 0x4343, sequences: 1...1, lab)

            try Self.malformedInputIsAnsweredOrDroppedAndCounted(lab: lab, mme: mme)
            try Self.ping(from: ue, enb: enb, s1uTEID: s1u.teid, expectTEID: Self.enbDefaultAgain, identifier: 0x4444, sequences: 1...1, lab)

            // Delete Session: through both, and the address goes back to the pool.
            #expect(lab.metric(lab.pgw, "pgw_pool_addresses_in_use{apn=\"internet\"}") == 1)
            mme.send(mme.deleteSessionRequest(sgwTEID: sgwS11.teid))
            let deleted = try #require(mme.next(.deleteSessionResponse), "\(lab.logs)")
            #expect(DeleteSessionResponse(deleted)?.cause?.value == .requestAccepted, "\(lab.logs)")
            #expect(eventually(polls: 50, every: .milliseconds(100)) {
                lab.metric(lab.pgw, "pgw_pool_addresses_in_use{apn=\"internet\"}") == 0
            }, "the address is free again\n\(lab.logs)")
            // Each process publishes its gauges twice a second: wait for both to show the end.
            #expect(eventually(polls: 50, every: .milliseconds(100)) { lab.metric(lab.pgw, "pgw_sessions") == 0 }, "\(lab.logs)")
            #expect(eventually(polls: 50, every: .milliseconds(100)) { lab.metric(lab.sgw, "sgw_sessions") == 0 }, "\(lab.logs)")

            // SIGTERM: both end with 0; the pgw's TUN device goes with it.
            for process in [lab.sgw, lab.pgw].compactMap({ $0 }) {
                process.signal(SIGTERM)
                #expect(process.waitForExit(timeout: .seconds(15)) == 0, "SIGTERM ends the \(process.name) with 0\n\(process.log)")
                #expect(process.log.contains("\(process.name) stopped"))
            }
            #expect(lab.network.interfaces(in: lab.pgwNamespace)?.contains("sgi0") == false, "the TUN device is gone")

            if GatewayLab.checksCaptures {
                for (path, frames) in lab.stopCaptures() {
                    #expect((frames ?? 0) >= 20, "\(path) saw the signalling and the traffic")
                    let check = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [path])
                    print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))
                    #expect(check.status == 0, "pcap-check: \(check.output)")
                    #expect(check.output.contains("malformed=0 expert_errors=0"), "\(check.output)")
                    for protocolName in ["gtp", "icmp", "udp"] {
                        #expect(check.output.contains(" \(protocolName) ") || check.output.hasSuffix(" \(protocolName)"), "\(protocolName) in \(check.output)")
                    }
                }
            }

            // Nothing of the run is left: namespaces (with their veths and bridges), host files.
            let namespaces = [lab.enb, lab.mme, lab.sgwNamespace, lab.pgwNamespace, lab.dn]
            lab.network.tearDown()
            #expect(lab.network.remainingNamespaces.isEmpty, "\(lab.network.remainingNamespaces)")
            #expect(namespaces.allSatisfy { !FileManager.default.fileExists(atPath: "/etc/netns/\($0)") })
        }
    }

    /// Malformed GTPv2-C to each process: a request whose header is intact gets its response with
    /// a cause, bytes that are no message are dropped, and both still answer an Echo Request.
    /// Malformed GTP-U to each: dropped and counted.
    static func malformedInputIsAnsweredOrDroppedAndCounted(lab: GatewayLab, mme: TestMME) throws {
        let mmeRogue = try lab.peer(in: lab.mme, Plan.mmeRogue, port: 2123)
        let s5Rogue = try lab.peer(in: lab.sgwNamespace, Plan.s5Rogue, port: 2123)
        let enbRogue = try lab.peer(in: lab.enb, Plan.enbRogue, port: 2152)
        let s5UserRogue = try lab.peer(in: lab.sgwNamespace, Plan.s5Rogue, port: 2152)
        for (rogue, gateway, name) in [(mmeRogue, Plan.sgwS11, "sgw"), (s5Rogue, Plan.pgwS5, "pgw")] {
            // A Create Session Request with its header intact but its mandatory IEs missing.
            var incomplete = CreateSessionRequest(teid: 0, sequenceNumber: 0x30)
            incomplete.imsi = IMSI("001010000000009")
            rogue.send(Array(incomplete.message.encoded().readableBytesView), to: gateway, port: 2123)
            let refusal = try #require(rogue.receive(within: .seconds(3)).flatMap { try? GTPv2Message.decode(.init(bytes: $0.bytes)) },
                                       "the \(name) answers\n\(lab.logs)")
            #expect(refusal.type == .createSessionResponse && refusal.header.sequenceNumber == 0x30)
            #expect(CreateSessionResponse(refusal)?.cause?.value == .mandatoryIEMissing, "\(name): \(refusal)")
            // A header that promises more than comes, and three bytes of nothing.
            rogue.send([0x48, 0x20, 0x00, 0x40, 0x00, 0x00, 0x5C, 0x01, 0x00, 0x00, 0x20, 0x00], to: gateway, port: 2123)
            rogue.send([0x48, 0x20, 0x00], to: gateway, port: 2123)
            rogue.send(Array(EchoRequest(teid: nil, sequenceNumber: 0x31).message.encoded().readableBytesView), to: gateway, port: 2123)
            let echo = try #require(rogue.receive(within: .seconds(3), where: { (try? GTPv2Message.decode(.init(bytes: $0)))?.type == .echoResponse }),
                                    "the \(name) still answers\n\(lab.logs)")
            #expect((try? GTPv2Message.decode(.init(bytes: echo)))?.header.sequenceNumber == 0x31)
        }
        // A G-PDU header promising 32 octets that never come, to each user plane.
        let truncated: [UInt8] = [0x30, 0xFF, 0x00, 0x20, 0x00, 0x00, 0x01, 0x00]
        enbRogue.send(truncated, to: Plan.sgwS1U, port: 2152)
        s5UserRogue.send(truncated, to: Plan.pgwS5, port: 2152)
        #expect(eventually(polls: 50, every: .milliseconds(100)) {
            lab.metric(lab.sgw, "userplane_dropped_total{reason=\"malformed\"}") == 1
                && lab.metric(lab.pgw, "userplane_dropped_total{reason=\"malformed\"}") == 1
                && (lab.metric(lab.sgw, "sgw_gtpc_malformed_messages_total") ?? 0) >= 1
                && (lab.metric(lab.pgw, "pgw_gtpc_malformed_messages_total") ?? 0) >= 1
        }, "dropped and counted\n\(lab.logs)")
        #expect(enbRogue.receive(within: .milliseconds(300)) == nil, "no answer to malformed GTP-U")
        mme.send(EchoRequest(teid: nil, sequenceNumber: mme.nextSequence()).message)
        #expect(mme.next(.echoResponse) != nil, "the sgw still serves the MME")
    }

    /// Modify Bearer with the eNB's F-TEIDs, accepted.
    static func modify(_ mme: TestMME, _ sgwTEID: UInt32, _ enbTEIDs: [(ebi: UInt8, teid: UInt32)], _ lab: GatewayLab) throws {
        let request = mme.modifyBearerRequest(sgwTEID: sgwTEID, enbTEIDs: enbTEIDs)
        mme.send(request)
        let modified = try #require(mme.next(.modifyBearerResponse), "\(lab.logs)")
        #expect(ModifyBearerResponse(modified)?.cause?.value == .requestAccepted, "\(lab.logs)")
        #expect(modified.header.sequenceNumber == request.header.sequenceNumber)
        settle()
    }

    /// Echo requests from the UE's address in G-PDUs to the sgw's S1-U TEID; each reply comes back
    /// GTP-encapsulated with `expectTEID`, from dn to the UE, checksums right, identifier and
    /// sequence number those of the request.
    static func ping(from ue: IPv4Address, enb: UDPPeer, s1uTEID: UInt32, expectTEID: UInt32, identifier: UInt16,
                     sequences: ClosedRange<UInt16>, _ lab: GatewayLab) throws {
        for sequence in sequences {
            let request = try UserPackets.echoRequest(from: ue, to: Plan.dn, identifier: identifier, sequence: sequence)
            enb.send(UserPackets.gpdu(teid: s1uTEID, request), to: Plan.sgwS1U, port: 2152)
            let reply = try #require(UserPackets.gpdu(on: enb), "the echo reply \(sequence) comes back\n\(lab.logs)")
            #expect(reply.teid == expectTEID)
            let packet = try #require(UserPackets.ipv4(reply.payload), "an IPv4 packet with a right header checksum: \(reply.payload)")
            #expect(packet.source == Plan.dn && packet.destination == "\(ue)" && packet.protocolNumber == 1)
            let echo = try #require(UserPackets.echoReply(packet.body), "an echo reply with a right checksum: \(packet.body)")
            #expect(echo.identifier == identifier && echo.sequence == sequence)
        }
    }

    /// The forwarding loops take rule changes between receives, each of which waits at most
    /// 100 ms: a packet sent sooner after the answer may still meet the old rule.
    static func settle() {
        usleep(250_000)
    }
}
