import Foundation
import NIOCore
import Testing
import TestOracles
import Wire
@testable import NAS

/// Our encoder checked by tshark: every sample goes into a pcap as GSMTAP (LTE NAS) over UDP, the
/// one framing in which tshark hands raw NAS-EPS to its dissector without S1AP around it. tshark
/// must find no malformed frame and no expert error, and read back the values we put in.
@Suite(.enabled(if: TestEnvironment.canRunPcapCheck, "needs tshark and ../shared/tools/pcap-check"))
struct TSharkEncoderTests {
    static let port: UInt16 = 9900
    static let decodeAs = "udp.port==\(port),gsmtap"
    static let enb = IPEndpoint(.v4(IPv4Address(10, 0, 0, 1)), 40000)
    static let gsmtapSink = IPEndpoint(.v4(IPv4Address(10, 0, 0, 2)), port)

    /// GSMTAP v2 header (16 octets) for an LTE NAS message; the uplink flag of the ARFCN field gives
    /// tshark the direction, which it needs to tell the two DETACH REQUEST forms apart.
    static func gsmtapHeader(protected: Bool, uplink: Bool) -> ByteBuffer {
        var header = ByteBuffer()
        header.writeU8(2)                      // version
        header.writeU8(4)                      // header length in 32-bit words
        header.writeU8(0x12)                   // GSMTAP_TYPE_LTE_NAS
        header.writeU8(0)                      // timeslot
        header.writeU16(uplink ? 0x4000 : 0)   // ARFCN with the uplink flag
        header.writeU8(0)                      // signal dBm
        header.writeU8(0)                      // SNR dB
        header.writeU32(0)                     // frame number
        header.writeU8(protected ? 1 : 0)      // sub-type: plain / with security header
        header.writeU8(0)                      // antenna
        header.writeU8(0)                      // sub-slot
        header.writeU8(0)                      // reserved
        return header
    }

    /// A classic pcap file of raw IPv4 packets (LINKTYPE_RAW).
    static func writePcap(_ packets: [ByteBuffer], to path: String) throws {
        var file = ByteBuffer()
        file.writeInteger(UInt32(0xA1B2_C3D4), endianness: .little)
        file.writeInteger(UInt16(2), endianness: .little)
        file.writeInteger(UInt16(4), endianness: .little)
        file.writeInteger(Int32(0), endianness: .little)
        file.writeInteger(UInt32(0), endianness: .little)
        file.writeInteger(UInt32(65535), endianness: .little)
        file.writeInteger(UInt32(101), endianness: .little)
        for (index, packet) in packets.enumerated() {
            file.writeInteger(UInt32(1_700_000_000 + index), endianness: .little)
            file.writeInteger(UInt32(0), endianness: .little)
            file.writeInteger(UInt32(packet.readableBytes), endianness: .little)
            file.writeInteger(UInt32(packet.readableBytes), endianness: .little)
            file.writeImmutableBuffer(packet)
        }
        try Data(file.readableBytesView).write(to: URL(fileURLWithPath: path))
    }

    /// The GSMTAP direction: the message type's own, uplink for the two-way ones (EMM STATUS, a
    /// DETACH ACCEPT answering the network), as the samples are meant.
    static func isUplink(_ message: NASMessage) -> Bool { message.direction != .downlink }

    /// Writes every sample (plain messages, then the envelopes) and returns the file's path.
    static func writeSamples() throws -> String {
        var packets = [ByteBuffer]()
        for message in NASSamples.all {
            var payload = gsmtapHeader(protected: false, uplink: isUplink(message))
            payload.writeImmutableBuffer(message.encoded())
            packets.append(try UDPDatagram.packet(from: enb, to: gsmtapSink, payload: payload))
        }
        for pdu in NASSamples.protectedPDUs {
            var payload = gsmtapHeader(protected: true, uplink: { if case .serviceRequest = pdu { true } else { false } }())
            payload.writeImmutableBuffer(pdu.encoded())
            packets.append(try UDPDatagram.packet(from: enb, to: gsmtapSink, payload: payload))
        }
        let path = TestEnvironment.temporaryFile("nas-samples.pcap")
        try writePcap(packets, to: path)
        return path
    }

    func values(_ path: String, _ field: String, filter: String = "nas-eps") throws -> [String] {
        try TestEnvironment.tsharkValues(path, filter: filter, field: field, decodeAs: [Self.decodeAs])
    }

    @Test func tsharkFindsNoMalformedFrameOrExpertError() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try TestEnvironment.run("/usr/bin/env", ["PCAP_CHECK_DECODE_AS=\(Self.decodeAs)",
                                                                       TestEnvironment.pcapCheck.path, path])
        print(output)
        #expect(status == 0)
        #expect(output.contains("frames=\(NASSamples.all.count + NASSamples.protectedPDUs.count) malformed=0 expert_errors=0"))
        #expect(output.contains("nas-eps"))
    }

    @Test func tsharkReadsBackTheMessageTypesWePutIn() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Frame by frame: the message type of each sample, plus the ESM message inside a container.
        let (_, output) = try TestEnvironment.run(TestEnvironment.tsharkPath ?? "/usr/bin/tshark", [
            "-r", path, "-d", Self.decodeAs, "-T", "fields", "-e", "nas_eps.nas_msg_emm_type", "-e", "nas_eps.nas_msg_esm_type",
        ])
        let frames = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, message) in NASSamples.all.enumerated() {
            var expected = [String(messageType: message.messageTypeValue)]
            if let inner = message.containedESMMessage { expected.append(String(messageType: inner.messageType.rawValue)) }
            let seen = frames[index].split(whereSeparator: { $0 == "\t" || $0 == "," }).map(String.init)
            #expect(seen == expected, "frame \(index + 1): \(message.testDescription)")
        }
        let envelopeTypes = try values(path, "nas_eps.security_header_type", filter: "nas-eps && frame.number > \(NASSamples.all.count)")
        #expect(envelopeTypes == ["3", "0", "2", "0", "12"])
    }

    @Test func tsharkReadsBackIdentitiesBearersAndQoS() throws {
        let path = try Self.writeSamples()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try values(path, "e212.imsi") == [NASSamples.imsi.digits, NASSamples.imsi.digits])
        // The PDN requests of ATTACH REQUEST and on their own, the default bearer requests of ATTACH
        // ACCEPT, on their own and in the envelope, and ESM INFORMATION RESPONSE.
        #expect(try values(path, "gsm_a.gm.sm.apn") == ["internet", "internet", "internet", "internet", "ims", "internet"])
        let qcis = try values(path, "nas_eps.esm.qci")
        #expect(qcis == ["9", "9", "1", "1", "2", "9"])
        let bearers = try values(path, "nas_eps.bearer_id", filter: "nas_eps.nas_msg_esm_type")
        let expected = NASSamples.all.flatMap { message -> [String] in
            var ids = [UInt8]()
            if let inner = message.containedESMMessage { ids.append(inner.header.bearerIdentity) }
            if case .esm(let esm) = message { ids.append(esm.header.bearerIdentity) }
            return ids.map { String($0) }
        } + [String(NASSamples.defaultBearer)]
        #expect(bearers == expected)
        let totals = try values(path, "nas_eps.esm.apn_ambr_dl_total")
        #expect(totals.first.flatMap(Double.init) == 1_000_000)
    }
}
