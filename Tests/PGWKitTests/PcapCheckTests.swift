import Diameter
import Foundation
import GTPv2C
import GatewayKit
import NIOCore
import PGWKit
import TestOracles
import Testing
import Wire
#if canImport(PCAP) && canImport(CLibpcap)
import PCAP
#endif

/// Every GTPv2-C message the PGW builds, refusals included, must decode in tshark with no
/// malformed frame and no expert error (../shared/tools/pcap-check).
@Suite struct PcapCheckTests {
    #if canImport(PCAP) && canImport(CLibpcap)
    static let pcapModule = true
    #else
    static let pcapModule = false
    #endif

    static func scenarioTraffic() throws -> [(bytes: ByteBuffer, from: IPEndpoint, to: IPEndpoint)] {
        var session = try DedicatedBearerTests.imsSession()
        let ipcp = ByteBuffer(bytes: [1, 1, 0, 16, 129, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0])
        let pco = ProtocolConfigurationOptions(containers: [.init(id: .ipcp, contents: ipcp), .init(id: .dnsServerIPv4Address),
                                                            .init(id: .pcscfIPv4Address), .init(id: .ipv4LinkMTU)])
        _ = try session.pgw.deliver(session.sgw.createSessionRequest(pco: pco))
        _ = try session.pgw.deliver(session.sgw.createBearerResponse(to: session.bearerRequest, sgwS5CTEID: session.sgwS5CTEID, ebi: 6))
        let delete = try session.pgw.handle(.removePolicyRule(ueAddress: IPv4Address(10, 46, 0, 2), rule: "voice"))
        _ = try session.pgw.deliver(TestSGW.deleteBearerResponse(to: delete[0].message, sgwS5CTEID: session.sgwS5CTEID))
        _ = try session.pgw.deliver(session.sgw.createSessionRequest(apn: "nowhere"))
        _ = try session.pgw.deliver(session.sgw.createSessionRequest(pdnType: .ipv4v6))
        _ = try session.pgw.deliver(session.sgw.createSessionRequest(apn: "ims", pdnType: .ipv4v6))
        var missing = session.sgw.createSessionRequest()
        missing.remove(GTPv2IEKey(.ratType))
        _ = try session.pgw.deliver(missing)
        let pgwTEID = try #require(session.pgw.pgw.context.session(of: IPv4Address(10, 46, 0, 2))?.s5cTEID)
        _ = try session.pgw.deliver(session.sgw.modifyBearerRequest(
            pgwTEID: pgwTEID, sgwS5U: FTEID(interfaceType: .s5s8SGWGTPU, teid: 0xAB, ipv4: Net.sgwS5U)))
        _ = try session.pgw.deliver(session.sgw.deleteSessionRequest(pgwTEID: pgwTEID))
        _ = try session.pgw.deliver(GTPCReplies.echoRequest(sequence: 3, recovery: session.sgw.recovery))

        var full = PGWHarness(settings: Net.settings(internetPool: "10.45.0.0/30"))
        var sgw = TestSGW()
        _ = try full.deliver(sgw.createSessionRequest())
        _ = try full.deliver(sgw.createSessionRequest())
        return session.pgw.traffic + full.traffic
    }

    typealias Segment = (bytes: ByteBuffer, from: IPEndpoint, to: IPEndpoint)

    /// Gx with a PCRF (CCR-I, CCA with a PCC rule, CCR-U, RAR/RAA installing and then changing
    /// the rule, CCR-T, as TCP on 3868) and the S5 messages it causes (Create, Update, Delete Bearer).
    static func gxTraffic() throws -> (gtp: [Segment], gx: [Segment]) {
        let pgwGx = IPEndpoint(Net.pgw.address, 40_002)
        let pcrf = IPEndpoint(.v4(IPv4Address(10, 0, 5, 1)), 3868)
        var gx: [Segment] = []
        var pgw = GxTests.harness()
        var sgw = TestSGW()
        func fromPGW(_ pgw: inout PGWHarness) {
            gx += pgw.gx.map { ($0.encoded(), pgwGx, pcrf) }
            pgw.gx.removeAll()
        }
        func fromPCRF(_ message: DiameterMessage, _ pgw: inout PGWHarness) throws -> [Sent] {
            gx.append((message.encoded(), pcrf, pgwGx))
            let sent = try pgw.handle(.diameter(message))
            fromPGW(&pgw)
            return sent
        }
        func rar(_ rule: AVP, _ id: UInt32, session: String) -> DiameterMessage {
            var rar = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 258,
                                                             applicationID: DiameterApplication.gx.rawValue, hopByHop: id, endToEnd: id))
            rar.append(AVP(.sessionId, session))
            rar.append(AVP(.originHost, "pcrf.epc"))
            rar.append(AVP(.originRealm, "epc"))
            rar.append(AVP(.destinationRealm, "epc"))
            rar.append(AVP(.destinationHost, GxTests.gx.originHost))
            rar.append(AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue))
            rar.append(AVP(.reAuthRequestType, enumerated: 0))
            rar.append(rule)
            return rar
        }
        let request = sgw.createSessionRequest(apn: "ims")
        _ = try pgw.deliver(request)
        let ccr = pgw.gx[0]
        fromPGW(&pgw)
        let session = try #require(ccr.sessionID)
        let sent = try fromPCRF(GxTests.answer(ccr, extra: [GxTests.voiceRule]), &pgw)
        let sgwS5C = try #require(CreateSessionRequest(request)?.senderFTEID?.teid)
        _ = try pgw.deliver(sgw.createBearerResponse(to: sent[1].message, sgwS5CTEID: sgwS5C, ebi: 6, accept: false))
        fromPGW(&pgw)
        let again = try fromPCRF(rar(GxTests.voiceRule, 90, session: session), &pgw)
        _ = try pgw.deliver(sgw.createBearerResponse(to: again[0].message, sgwS5CTEID: sgwS5C, ebi: 6))
        let update = try fromPCRF(rar(GxTests.changedVoiceRule, 91, session: session), &pgw)
        _ = try pgw.deliver(TestSGW.updateBearerResponse(to: update[0].message, sgwS5CTEID: sgwS5C))
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: try #require(pgw.pgw.context.sessions.first?.key)))
        fromPGW(&pgw)
        return (pgw.traffic, gx)
    }

    @Test(.enabled(if: pcapModule, "PGWKitTests needs the PCAP dependency"),
          .enabled(if: TestEnvironment.canRunPcapCheck, "tshark or ../shared/tools/pcap-check is missing"))
    func everyMessageDecodesInTShark() throws {
        #if canImport(PCAP) && canImport(CLibpcap)
        let (gxGTP, gx) = try Self.gxTraffic()
        let traffic = try Self.scenarioTraffic() + gxGTP
        let path = TestEnvironment.temporaryFile("pgw-scenarios.pcap")
        defer { if ProcessInfo.processInfo.environment["KEEP_CAPTURE"] == nil { try? FileManager.default.removeItem(atPath: path) } }
        let writer = try TrafficCaptureWriter(path: path)
        for datagram in traffic { try writer.writeUDP(datagram.bytes, from: datagram.from, to: datagram.to) }
        for segment in gx { try writer.writeTCP(segment.bytes, from: segment.from, to: segment.to) }
        try writer.close()
        let (status, output) = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [path])
        #expect(status == 0, "pcap-check: \(output)")
        #expect(output.contains("malformed=0 expert_errors=0"), "\(output)")
        let causes = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 33", field: "gtpv2.cause")
        for cause in ["16", "19", "70", "78", "84"] { #expect(causes.contains(cause), "cause \(cause) in \(causes)") }
        let requests = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        for type in ["95", "97", "99"] { #expect(requests.contains(type), "message type \(type) is in the capture") }
        let types = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        #expect(types.count == traffic.count)
        let commands = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.cmd.code")
        #expect(commands.count == gx.count, "tshark saw every Gx message: \(commands)")
        #expect(output.contains("diameter"), "\(output)")
        print("PGW capture: \(traffic.count) GTPv2-C and \(gx.count) Gx messages; \(output)")
        #endif
    }
}
