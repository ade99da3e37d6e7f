import Diameter
import GTPv2C
import GatewayKit
import NIOCore
@testable import PGWKit
import Testing
import Wire

/// Gx toward a PCRF (TS 29.212): CCR-I before the session is answered, PCC rules → dedicated
/// bearers, RAR, CCR-U for rules that failed, CCR-T at the end.
@Suite struct GxTests {
    static let gx = GxSettings(originHost: "pgw.epc.mnc001.mcc001.3gppnetwork.org", originRealm: "epc.mnc001.mcc001.3gppnetwork.org",
                               destinationRealm: "epc.mnc001.mcc001.3gppnetwork.org", responseTimeout: .seconds(4))

    static func harness() -> PGWHarness {
        var settings = Net.settings()
        settings.gx = gx
        return PGWHarness(settings: settings)
    }

    /// A PCRF's answer to `request`.
    static func answer(_ request: DiameterMessage, result: UInt32 = 2001, extra: [AVP] = []) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader())
        answer.append(AVP(.sessionId, request.sessionID!))
        answer.append(AVP(.originHost, "pcrf.epc"))
        answer.append(AVP(.originRealm, "epc"))
        answer.append(AVP(.resultCode, unsigned32: result))
        answer.append(request[.ccRequestType]!)
        answer.append(request[.ccRequestNumber]!)
        for avp in extra { answer.append(avp) }
        return answer
    }

    static let voiceRule = AVP(.chargingRuleInstall, [AVP(.chargingRuleDefinition, [
        AVP(.chargingRuleName, octets: ByteBuffer(string: "voice-1")),
        AVP(.flowInformation, [AVP(.flowDescription, "permit out 17 from 10.46.1.0/24 to assigned 50000-50100"),
                               AVP(.flowDirection, enumerated: 3)]),
        AVP(.qosInformation, [AVP(.qosClassIdentifier, enumerated: 1),
                              AVP(.maxRequestedBandwidthUL, unsigned32: 128_000), AVP(.maxRequestedBandwidthDL, unsigned32: 128_000),
                              AVP(.guaranteedBitrateUL, unsigned32: 128_000), AVP(.guaranteedBitrateDL, unsigned32: 128_000),
                              AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: 2),
                                                                 AVP(.preEmptionCapability, enumerated: 1),
                                                                 AVP(.preEmptionVulnerability, enumerated: 0)])]),
        AVP(.precedence, unsigned32: 100),
    ])])

    /// The voice rule again, with QCI 2 and other ports: an update of its bearer.
    static let changedVoiceRule = AVP(.chargingRuleInstall, [AVP(.chargingRuleDefinition, [
        AVP(.chargingRuleName, octets: ByteBuffer(string: "voice-1")),
        AVP(.flowInformation, [AVP(.flowDescription, "permit out 17 from 10.46.1.0/24 to assigned 52000-52100")]),
        AVP(.qosInformation, [AVP(.qosClassIdentifier, enumerated: 2), AVP(.guaranteedBitrateUL, unsigned32: 512_000),
                              AVP(.guaranteedBitrateDL, unsigned32: 512_000)]),
    ])])

    /// Round trip through the Diameter codec: what the PGW sends must decode.
    static func decoded(_ message: DiameterMessage) throws -> DiameterMessage {
        try DiameterMessage.decode(message.encoded())
    }

    @Test func theSessionWaitsForCCAIAndItsRulesBecomeBearers() throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        #expect(try pgw.deliver(sgw.createSessionRequest(apn: "ims")).isEmpty, "nothing for the SGW before the PCRF answers")
        #expect(pgw.userPlane.isEmpty)
        let sentCCR = try #require(pgw.gx.first)
        let ccr = try Self.decoded(sentCCR)
        #expect(ccr.commandCode == 272)
        #expect(ccr.applicationID == DiameterApplication.gx.rawValue)
        #expect(ccr[.ccRequestType]?.value.unsigned32 == 1)
        #expect(ccr[.calledStationId]?.value.text == "ims")
        #expect(ccr[.framedIPAddress]?.value.octets == ByteBuffer(bytes: [10, 46, 0, 2]))
        #expect(ccr[.subscriptionId]?.value.children?.first { $0.isA(.subscriptionIdData) }?.value.text == "001010000000002")
        #expect(ccr[.defaultEPSBearerQoS]?.value.children?.first { $0.isA(.qosClassIdentifier) }?.value.unsigned32 == 9)
        #expect(pgw.armedTimers.keys.contains { $0.kind == .policyResponse })
        #expect(pgw.pgw.context.sessions.first?.value.rules.isEmpty == true, "the APN's local policy is not used with a PCRF")

        let sent = try pgw.handle(.diameter(Self.answer(ccr, extra: [Self.voiceRule])))
        #expect(sent.map(\.message.type) == [.createSessionResponse, .createBearerRequest])
        #expect(sent[0].message[.cause()]?.value == .requestAccepted)
        #expect(!pgw.armedTimers.keys.contains { $0.kind == .policyResponse })
        let bearer = try #require(CreateBearerRequest(sent[1].message)?.bearerContexts.first)
        #expect(bearer.bearerQoS == BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: false, preemptable: true),
                                              maximumBitRateUplink: 128, maximumBitRateDownlink: 128,
                                              guaranteedBitRateUplink: 128, guaranteedBitRateDownlink: 128))
        #expect(bearer.tft?.packetFilters == [PacketFilter(direction: .bidirectional, id: 1, precedence: 100, components: [
            .protocolIdentifier(17), .ipv4RemoteAddress(IPv4Address(10, 46, 1, 0), mask: IPv4Address(255, 255, 255, 0)),
            .localPortRange(50_000, 50_100),
        ])])
        #expect(pgw.pgw.statistics.sessionsCreated == 1)
    }

    /// CCR-I's RAT-Type (TS 29.212 5.3.31) is the Create Session Request's RAT Type (TS 29.274
    /// 8.17); a RAT Diameter has no value for (WB-E-UTRAN over LEO satellite, 11) gets none.
    @Test(arguments: [(RATType.eutran, 1004), (.utran, 1000), (.geran, 1001), (.wlan, 0), (.gan, 1002), (.hspaEvolution, 1003),
                      (.virtual, 1), (.eutranNBIoT, 1005), (.nr, 1006), (.lteM, 1007), (RATType(rawValue: 11), nil)] as [(RATType, UInt32?)])
    func theInitialRequestCarriesTheRATOfTheCreateSessionRequest(_ rat: RATType, _ expected: UInt32?) throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        var request = CreateSessionRequest(unchecked: sgw.createSessionRequest())
        request.ratType = rat
        _ = try pgw.deliver(request.message)
        let ccr = try Self.decoded(try #require(pgw.gx.first))
        #expect(ccr[.ratType]?.value.unsigned32 == expected)
    }

    /// A Create Session Request without RAT Type is refused before Gx (a mandatory IE,
    /// `CreateSessionTests`); a session that has none still tells the PCRF EUTRAN.
    @Test func withoutARATTypeTheInitialRequestSaysEUTRAN() {
        #expect(GxBuild.ratType(nil) == 1004)
    }

    @Test func aRefusalOrSilenceFromThePCRFRefusesTheSession() throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest()
        _ = try pgw.deliver(request)
        let refused = try pgw.handle(.diameter(Self.answer(pgw.gx[0], result: 5012)))
        #expect(refused.first?.message.type == .createSessionResponse)
        #expect(refused.first?.message.header.sequenceNumber == request.header.sequenceNumber)
        #expect(refused.first?.message[.cause()]?.value == .requestRejected)
        #expect(pgw.pgw.context.sessions.isEmpty)
        #expect(pgw.pgw.context.pools["internet"]?.inUse == 0)
        #expect(pgw.userPlane.isEmpty)

        _ = try pgw.deliver(sgw.createSessionRequest())
        let timer = try #require(pgw.armedTimers.keys.first { $0.kind == .policyResponse })
        let silent = try pgw.handle(.timerExpired(timer))
        #expect(silent.first?.message[.cause()]?.value == .remotePeerNotResponding)
        #expect(pgw.pgw.context.sessions.isEmpty)
        #expect(pgw.pgw.statistics.policyFailures == 2)
    }

    @Test func reAuthInstallsAndRemovesRulesAndTheEndSendsCCRT() throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest(apn: "ims")
        _ = try pgw.deliver(request)
        let ccr = pgw.gx[0]
        _ = try pgw.handle(.diameter(Self.answer(ccr)))
        let sgwS5C = try #require(CreateSessionRequest(request)?.senderFTEID?.teid)

        var rar = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 258,
                                                         applicationID: DiameterApplication.gx.rawValue, hopByHop: 77, endToEnd: 77))
        rar.append(AVP(.sessionId, ccr.sessionID!))
        rar.append(AVP(.reAuthRequestType, enumerated: 0))
        rar.append(Self.voiceRule)
        pgw.gx.removeAll()
        let bearerRequest = try pgw.handle(.diameter(rar))
        let sentRAA = try #require(pgw.gx.first)
        let raa = try Self.decoded(sentRAA)
        #expect(raa.commandCode == 258 && !raa.isRequest)
        #expect(raa.resultCode == 2001)
        #expect(raa.header.hopByHop == 77)
        #expect(bearerRequest.first?.message.type == .createBearerRequest)
        _ = try pgw.deliver(sgw.createBearerResponse(to: bearerRequest[0].message, sgwS5CTEID: sgwS5C, ebi: 6))
        #expect(pgw.pgw.context.sessions.first?.value.bearers.keys.sorted() == [5, 6])

        var remove = rar
        remove.header.hopByHop = 78
        remove.list = AVPList()
        remove.append(AVP(.sessionId, ccr.sessionID!))
        remove.append(AVP(.chargingRuleRemove, [AVP(.chargingRuleName, octets: ByteBuffer(string: "voice-1"))]))
        let deletion = try pgw.handle(.diameter(remove))
        #expect(deletion.first.flatMap { DeleteBearerRequest($0.message) }?.epsBearerIDs == [6])

        var unknown = rar
        unknown.list = AVPList()
        unknown.append(AVP(.sessionId, "nobody;1;1"))
        pgw.gx.removeAll()
        _ = try pgw.handle(.diameter(unknown))
        #expect(pgw.gx.first?.resultCode == 5002)

        pgw.gx.removeAll()
        let pgwTEID = try #require(pgw.pgw.context.sessions.first?.key)
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: pgwTEID))
        let sentCCRT = try #require(pgw.gx.first)
        let ccrT = try Self.decoded(sentCCRT)
        #expect(ccrT[.ccRequestType]?.value.unsigned32 == 3)
        #expect(ccrT.sessionID == ccr.sessionID)
    }

    @Test func aRuleInstalledAgainUpdatesItsBearer() throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest(apn: "ims")
        _ = try pgw.deliver(request)
        let ccr = pgw.gx[0]
        let sent = try pgw.handle(.diameter(Self.answer(ccr, extra: [Self.voiceRule])))
        let sgwS5C = try #require(CreateSessionRequest(request)?.senderFTEID?.teid)
        _ = try pgw.deliver(sgw.createBearerResponse(to: sent[1].message, sgwS5CTEID: sgwS5C, ebi: 6))

        var rar = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 258,
                                                         applicationID: DiameterApplication.gx.rawValue, hopByHop: 5, endToEnd: 5))
        rar.append(AVP(.sessionId, ccr.sessionID!))
        rar.append(Self.changedVoiceRule)
        let update = try pgw.handle(.diameter(rar))
        let updateMessage = try #require(update.first?.message)
        let updateRequest = try #require(UpdateBearerRequest(updateMessage))
        #expect(updateRequest.header.teid == sgwS5C)
        let bearer = try #require(updateRequest.bearerContexts.first)
        #expect(bearer.ebi == 6)
        #expect(bearer.bearerQoS?.qci == 2)
        #expect(bearer.tft?.operation == .replacePacketFilters)

        _ = try pgw.deliver(TestSGW.updateBearerResponse(to: updateMessage, sgwS5CTEID: sgwS5C))
        guard case .install(let rule)? = pgw.userPlane.last else {
            Issue.record("no rule")
            return
        }
        #expect(rule.bearers.map(\.ebi) == [5, 6])
        #expect(rule.bearers[1].packetFilters.first?.components.last == .localPortRange(52_000, 52_100))
        #expect(pgw.pgw.context.sessions.first?.value.bearers[6]?.qos.qci == 2)
    }

    @Test func aRuleWhoseBearerFailsIsReportedInCCRU() throws {
        var pgw = Self.harness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest(apn: "ims")
        _ = try pgw.deliver(request)
        let sent = try pgw.handle(.diameter(Self.answer(pgw.gx[0], extra: [Self.voiceRule])))
        pgw.gx.removeAll()
        let sgwS5C = try #require(CreateSessionRequest(request)?.senderFTEID?.teid)
        _ = try pgw.deliver(sgw.createBearerResponse(to: sent[1].message, sgwS5CTEID: sgwS5C, ebi: 6, accept: false))
        let sentCCRU = try #require(pgw.gx.first)
        let ccrU = try Self.decoded(sentCCRU)
        #expect(ccrU[.ccRequestType]?.value.unsigned32 == 2)
        let report = try #require(ccrU[.chargingRuleReport]?.value.children)
        #expect(report.first { $0.isA(.chargingRuleName) }?.value.octets == ByteBuffer(string: "voice-1"))
        #expect(report.first { $0.isA(.pccRuleStatus) }?.value.unsigned32 == 1)
    }

    @Test(arguments: [
        ("permit out 6 from any to assigned 80", [PacketFilter.Component.protocolIdentifier(6), .singleLocalPort(80)]),
        ("permit out ip from 10.0.0.1 5060 to 10.46.0.2", [.ipv4RemoteAddress(IPv4Address(10, 0, 0, 1), mask: IPv4Address(255, 255, 255, 255)),
                                                            .singleRemotePort(5060)]),
    ])
    func flowDescriptionsBecomePacketFilterComponents(rule: String, components: [PacketFilter.Component]) throws {
        let definition = AVP(.chargingRuleDefinition, [
            AVP(.chargingRuleName, octets: ByteBuffer(string: "r")),
            AVP(.flowInformation, [AVP(.flowDescription, rule)]),
            AVP(.qosInformation, [AVP(.qosClassIdentifier, enumerated: 5)]),
        ])
        var message = DiameterMessage(header: DiameterHeader(flags: [.request], commandCode: 258, applicationID: 16_777_238,
                                                             hopByHop: 1, endToEnd: 1))
        message.append(AVP(.chargingRuleInstall, [definition]))
        let (installed, failed) = PGW.policyRules(in: message)
        #expect(failed.isEmpty)
        #expect(installed.first?.packetFilters.first?.components == components)
    }
}
