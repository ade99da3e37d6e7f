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

    /// Gx with a PCRF: CCR-I, its CCA with a PCC rule, RAR/RAA, CCR-U, CCR-T, as TCP on 3868.
    static func gxTraffic() throws -> [(bytes: ByteBuffer, from: IPEndpoint, to: IPEndpoint)] {
        let pgwGx = IPEndpoint(Net.pgw.address, 40_002)
        let pcrf = IPEndpoint(.v4(IPv4Address(10, 0, 5, 1)), 3868)
        var messages: [(DiameterMessage, toPCRF: Bool)] = []
        var pgw = GxTests.harness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest(apn: "ims")
        _ = try pgw.deliver(request)
        let ccr = pgw.gx[0]
        let cca = GxTests.answer(ccr, extra: [GxTests.voiceRule])
        let sent = try pgw.handle(.diameter(cca))
        let sgwS5C = try #require(CreateSessionRequest(request)?.senderFTEID?.teid)
        _ = try pgw.deliver(sgw.createBearerResponse(to: sent[1].message, sgwS5CTEID: sgwS5C, ebi: 6, accept: false))
        var rar = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 258,
                                                         applicationID: DiameterApplication.gx.rawValue, hopByHop: 90, endToEnd: 90))
        rar.append(AVP(.sessionId, ccr.sessionID!))
        rar.append(AVP(.originHost, "pcrf.epc"))
        rar.append(AVP(.originRealm, "epc"))
        rar.append(AVP(.destinationRealm, "epc"))
        rar.append(AVP(.destinationHost, GxTests.gx.originHost))
        rar.append(AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue))
        rar.append(AVP(.reAuthRequestType, enumerated: 0))
        rar.append(GxTests.voiceRule)
        _ = try pgw.handle(.diameter(rar))
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: try #require(pgw.pgw.context.sessions.first?.key)))
        messages.append((ccr, true))
        messages.append((cca, false))
        messages += pgw.gx.dropFirst().map { ($0, true) }
        messages.insert((rar, false), at: 3)
        return messages.map { message, toPCRF in (message.encoded(), toPCRF ? pgwGx : pcrf, toPCRF ? pcrf : pgwGx) }
    }

    @Test(.enabled(if: pcapModule, "PGWKitTests needs the PCAP dependency"),
          .enabled(if: TestEnvironment.canRunPcapCheck, "tshark or ../shared/tools/pcap-check is missing"))
    func everyMessageDecodesInTShark() throws {
        #if canImport(PCAP) && canImport(CLibpcap)
        let traffic = try Self.scenarioTraffic()
        let gx = try Self.gxTraffic()
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
        let types = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        #expect(types.count == traffic.count)
        let commands = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.cmd.code")
        #expect(commands.count == gx.count, "tshark saw every Gx message: \(commands)")
        #expect(output.contains("diameter"), "\(output)")
        print("PGW capture: \(traffic.count) GTPv2-C and \(gx.count) Gx messages; \(output)")
        #endif
    }
}
