import Foundation
import GTPv2C
import GatewayKit
import NIOCore
import SGWKit
import TestOracles
import Testing
import Wire
#if canImport(PCAP) && canImport(CLibpcap)
import PCAP
#endif

/// Every GTPv2-C message the SGW and the PGW build, judged by a decoder nobody here wrote:
/// tshark, through ../shared/tools/pcap-check, must find no malformed frame and no expert error.
@Suite struct PcapCheckTests {
    /// The traffic of the scenarios: the chain with a dedicated bearer, idle mode with a
    /// notification, a path switch, bearer relays, restarts, and the refusals.
    static func scenarioTraffic() throws -> [Datagram] {
        var traffic: [Datagram] = []
        var chain = Chain()
        var mme = TestMME()
        let created = try chain.fromMME(mme.createSessionRequest(mmeTEID: 0x21, apn: "ims", pco: ChainTests.pco))
        let sgwS11 = try #require(CreateSessionResponse(created[0])?.senderFTEID?.teid)
        _ = try chain.fromMME(TestMME.createBearerResponse(to: created[1], sgwTEID: sgwS11, ebis: [6]))
        _ = try chain.fromMME(mme.modifyBearerRequest(sgwTEID: sgwS11, enb: TestMME.enbFTEID(0x51)))
        _ = try chain.fromMME(mme.deleteSessionRequest(sgwTEID: sgwS11))
        traffic += chain.sgw.traffic

        var sgw = SGWHarness()
        var pgw = TestPGW()
        mme = TestMME()
        let session = try sgw.establish(mme: &mme, pgw: &pgw)
        _ = try sgw.deliver(mme.releaseAccessBearersRequest(sgwTEID: session.sgwS11TEID), from: Net.mme)
        let notification = try sgw.handle(.downlinkDataArrived(s5uTEID: session.sgwS5U.teid))
        _ = try sgw.deliver(TestMME.downlinkDataNotificationAcknowledge(to: notification[0].message, sgwTEID: session.sgwS11TEID,
                                                                       cause: .requestAccepted), from: Net.mme)
        _ = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: TestMME.enbFTEID(0x61, at: Net.otherENB)),
                            from: Net.mme)
        let toMME = try sgw.deliver(pgw.createBearerRequest(sgwS5CTEID: session.sgwS5C.teid), from: Net.pgw)
        _ = try sgw.deliver(TestMME.createBearerResponse(to: toMME[0].message, sgwTEID: session.sgwS11TEID, ebis: [6]), from: Net.mme)
        let delete = try sgw.deliver(pgw.deleteBearerRequest(sgwS5CTEID: session.sgwS5C.teid, ebis: [6]), from: Net.pgw)
        _ = try sgw.deliver(TestMME.deleteBearerResponse(to: delete[0].message, sgwTEID: session.sgwS11TEID), from: Net.mme)
        _ = try sgw.deliver(mme.modifyBearerRequest(sgwTEID: 0xDEAD, enb: TestMME.enbFTEID(1)), from: Net.mme)
        var missing = mme.createSessionRequest(mmeTEID: 0x31)
        missing.remove(GTPv2IEKey(.apn))
        _ = try sgw.deliver(missing, from: Net.mme)
        _ = try sgw.deliver(GTPCReplies.echoRequest(sequence: 0x77, recovery: pgw.recovery + 1), from: Net.pgw)
        traffic += sgw.traffic
        return traffic
    }

    #if canImport(PCAP) && canImport(CLibpcap)
    static let pcapModule = true
    #else
    static let pcapModule = false
    #endif

    @Test(.enabled(if: pcapModule, "SGWKitTests needs the PCAP dependency"),
          .enabled(if: TestEnvironment.canRunPcapCheck, "tshark or ../shared/tools/pcap-check is missing"))
    func everyMessageDecodesInTShark() throws {
        #if canImport(PCAP) && canImport(CLibpcap)
        let traffic = try Self.scenarioTraffic()
        let path = TestEnvironment.temporaryFile("gateway-scenarios.pcap")
        defer { if ProcessInfo.processInfo.environment["KEEP_CAPTURE"] == nil { try? FileManager.default.removeItem(atPath: path) } }
        let writer = try TrafficCaptureWriter(path: path)
        for datagram in traffic { try writer.writeUDP(datagram.bytes, from: datagram.from, to: datagram.to) }
        try writer.close()
        let (status, output) = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [path])
        #expect(status == 0, "pcap-check: \(output)")
        #expect(output.contains("malformed=0 expert_errors=0"), "\(output)")
        let types = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        #expect(types.count == traffic.count, "tshark saw every message")
        for type in [32, 33, 34, 35, 36, 37, 95, 96, 99, 100, 170, 171, 176, 1, 2] {
            #expect(types.contains(String(type)), "message type \(type) is in the capture")
        }
        print("gateway capture: \(traffic.count) GTPv2-C messages; \(output)")
        #endif
    }
}
