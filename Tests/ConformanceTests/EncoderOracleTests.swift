import Testing
import Foundation
import NIOCore
import Wire
import PCAP
import GTPv2C
import GTPU
import Diameter
import CodecSamples
import Conformance
import TestOracles

/// Our encoders, checked by tshark: one of every message type we build, written to a pcap with real
/// UDP, TCP and SCTP framing, must decode in tshark with no malformed frame and no expert error,
/// and the fields tshark reads back must be the values we put in.
@Suite(.enabled(if: TestEnvironment.tsharkPath != nil || TestEnvironment.isCI, "needs tshark (apt-get install tshark)"))
struct EncoderOracleTests {
    static let mme = IPEndpoint(.v4(GTPv2Samples.mmeAddress), 2123)
    static let sgw = IPEndpoint(.v4(GTPv2Samples.sgwAddress), 2123)
    static let enb = IPEndpoint(.v4(GTPv2Samples.enbAddress), 2152)
    static let sgwU = IPEndpoint(.v4(GTPv2Samples.sgwAddress), 2152)
    static let diameterClient = IPEndpoint(.v4(GTPv2Samples.mmeAddress), 40001)
    static let diameterServer = IPEndpoint(.v4(IPv4Address(10, 0, 0, 5)), 3868)
    static let sctpClient = IPEndpoint(.v4(GTPv2Samples.mmeAddress), 40002)

    /// Writes every sample and returns the file's path.
    static func writeSamples() throws -> String {
        // One file per test: the tests of a suite run in parallel.
        let path = TestEnvironment.temporaryFile("encoders.pcap")
        let writer = try TrafficCaptureWriter(path: path)
        for message in GTPv2Samples.all {
            let (from, to) = message.type.isTriggering ? (mme, sgw) : (sgw, mme)
            try writer.writeUDP(message.encoded(), from: from, to: to)
        }
        for message in GTPUSamples.all {
            var bytes = ByteBuffer()
            message.encode(into: &bytes)
            try writer.writeUDP(bytes, from: enb, to: sgwU)
        }
        for message in DiameterSamples.all {
            let (from, to) = message.isRequest ? (diameterClient, diameterServer) : (diameterServer, diameterClient)
            try writer.writeTCP(message.encoded(), from: from, to: to)
        }
        for message in DiameterSamples.s6a.prefix(4) {
            let (from, to) = message.isRequest ? (sctpClient, diameterServer) : (diameterServer, sctpClient)
            try writer.writeSCTP(message.encoded(), from: from, to: to, stream: 0, ppid: 46, unordered: false)
        }
        try writer.close()
        return path
    }

    @Test func tsharkFindsNoMalformedFrameOrExpertError() throws {
        let tshark = try #require(TestEnvironment.tsharkPath, "tshark is missing")
        _ = tshark
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [path])
        print(output)
        #expect(status == 0)
        #expect(output.contains("malformed=0 expert_errors=0"))
        #expect(output.contains("gtpv2") && output.contains("diameter") && output.contains("gtp"))
    }

    @Test func tsharkReadsBackTheGTPv2ValuesWePutIn() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let types = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        #expect(types == GTPv2Samples.all.map { String($0.type.rawValue) })
        let imsis = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 32", field: "e212.imsi")
        #expect(imsis == [GTPv2Samples.imsi.digits])
        let apns = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 32", field: "gtpv2.apn")
        #expect(apns == ["internet"])
        let keys = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 33", field: "gtpv2.f_teid_gre_key")
        let expected = GTPv2Samples.createSessionResponse.message.ies.flatMap(Self.fteids).map { "0x" + String(format: "%08x", $0.teid) }
        #expect(keys == expected)
        let causes = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 70", field: "gtpv2.cause")
        #expect(causes == [String(GTPv2CauseValue.unableToPageUE.rawValue)])
        let sequence = try TestEnvironment.tsharkValues(path, filter: "gtpv2.message_type == 32", field: "gtpv2.seq")
        #expect(sequence == ["0x" + String(format: "%06x", GTPv2Samples.createSessionRequest.header.sequenceNumber)])
    }

    static func fteids(_ ie: GTPv2IE) -> [FTEID] {
        switch ie.value {
        case .fteid(let fteid): [fteid]
        case .bearerContext(let context): context.ies.flatMap(fteids)
        default: []
        }
    }

    @Test func tsharkReadsBackTheDiameterValuesWePutIn() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = DiameterSamples.all + DiameterSamples.s6a.prefix(4)
        let codes = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.cmd.code",
                                                     decodeAs: ["tcp.port==3868,diameter"])
        #expect(codes == all.map { String($0.commandCode) })
        let sessions = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.Session-Id",
                                                        decodeAs: ["tcp.port==3868,diameter"])
        #expect(sessions == all.compactMap(\.sessionID))
        let results = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.Result-Code",
                                                       decodeAs: ["tcp.port==3868,diameter"])
        #expect(results == all.compactMap(\.resultCode).map(String.init))
        let apns = try TestEnvironment.tsharkValues(path, filter: "diameter.cmd.code == 316 && diameter.flags.request == 0",
                                                    field: "diameter.Service-Selection", decodeAs: ["tcp.port==3868,diameter"])
        // The Update-Location Answer goes once over TCP and once over SCTP.
        #expect(apns == ["internet", "ims", "internet", "ims"])
    }

    @Test func tsharkReadsBackTheGTPUValuesWePutIn() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let types = try TestEnvironment.tsharkValues(path, filter: "gtp && !gtpv2", field: "gtp.message")
        #expect(types == GTPUSamples.all.map { "0x" + String(format: "%02x", $0.header.messageType.rawValue) })
        let teids = try TestEnvironment.tsharkValues(path, filter: "gtp.message == 255", field: "gtp.teid")
        #expect(teids == ["0x" + String(format: "%08x", GTPUSamples.uplinkTEID), "0x" + String(format: "%08x", GTPUSamples.uplinkTEID)])
        let inner = try TestEnvironment.tsharkValues(path, filter: "gtp && icmp", field: "icmp.type")
        #expect(inner == ["8", "8"])
    }

    @Test func ourOwnDecoderReadsTheFileBackIdentically() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var audit = CaptureAudit()
        try audit.audit(path: path)
        #expect(audit.report.failures.isEmpty, "\(audit.report.failures)")
        #expect(audit.report.total("gtpv2") == GTPv2Samples.all.count)
        #expect(audit.report.total("diameter") == DiameterSamples.all.count + 4)
        #expect(audit.report.total("gtp") == GTPUSamples.all.count)
    }
}
