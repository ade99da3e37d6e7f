import APER
import Foundation
import NIOCore
import Testing
import TestOracles
import Wire
@testable import S1AP

/// Every sample written into a capture, SCTP port 36412 with PPID 18 (S1AP), and read by tshark:
/// no malformed frame, no expert error, and the IDs and identities it reads are the ones we built.
@Suite("S1AP samples through tshark")
struct S1APTSharkTests {
    static let runs = TestEnvironment.canRunPcapCheck

    /// The samples, plus two messages past 16K octets whose lengths are fragmented: one with a
    /// long NAS-PDU (a fragmented IE inside a fragmented PDU), one with a 40,000-bit bit string.
    static var messages: [(name: String, message: S1APMessage)] {
        var long = S1APSamples.downlinkNASTransport
        long.nasPDU = S1APSamples.protectedNAS(sequence: 1, length: 20_000)
        var status = S1APSamples.enbStatusTransfer
        var item = S1APSamples.statusTransferContainer.bearersSubjectToStatusTransferList[0]
        item.receiveStatusOfULPDCPSDUsPDCPSNLength18 = BitString((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 13) }, count: 40_000)
        status.enbStatusTransferTransparentContainer?.bearersSubjectToStatusTransferList = [item]
        return S1APSamples.all.map { ($0.name, $0.message) }
            + [("DownlinkNASTransport", long.message), ("ENBStatusTransfer", status.message)]
    }

    @Test(.enabled(if: runs, "skipped: needs tshark and ../shared/tools/pcap-check (both are required when CI=true)"))
    func samplesDecodeCleanlyInTShark() throws {
        let messages = Self.messages
        let path = TestEnvironment.temporaryFile("s1ap-samples.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeCapture(messages.map(\.message), to: path)

        let check = try TestEnvironment.run("/bin/bash", [TestEnvironment.pcapCheck.path, path])
        print(check.output)
        #expect(check.status == 0, "pcap-check: \(check.output)")
        #expect(check.output.contains("malformed=0 expert_errors=0"))

        let tshark = try #require(TestEnvironment.tsharkPath)
        let fields = ["frame.number", "s1ap.procedureCode", "s1ap.S1AP_PDU", "s1ap.ENB_UE_S1AP_ID", "s1ap.MME_UE_S1AP_ID",
                      "s1ap.tAC", "s1ap.pLMNidentity", "_ws.col.Info"]
        let (status, output) = try TestEnvironment.run(
            tshark, ["-r", path, "-Y", "s1ap", "-T", "fields", "-E", "separator=|", "-E", "occurrence=a"]
                + fields.flatMap { ["-e", $0] })
        #expect(status == 0)
        let lines = output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        try #require(lines.count == messages.count, "tshark saw \(lines.count) S1AP frames, we wrote \(messages.count)")
        for (line, (name, message)) in zip(lines, messages) {
            let expected = Self.expectedFields(message)
            #expect(Self.values(line[1]) == expected.procedureCodes, "\(name): procedure codes \(line[1])")
            #expect(line[2] == String(message.kind.rawValue), "\(name): PDU alternative \(line[2])")
            #expect(Self.values(line[3]) == expected.enbUES1APIDs, "\(name): eNB-UE-S1AP-IDs \(line[3])")
            #expect(Self.values(line[4]) == expected.mmeUES1APIDs, "\(name): MME-UE-S1AP-IDs \(line[4])")
            #expect(Self.values(line[5]) == expected.tacs, "\(name): TACs \(line[5])")
            #expect(Self.values(line[6]) == expected.plmns, "\(name): PLMNs \(line[6])")
            #expect(line[7].hasPrefix(name) || line[7].contains(", \(name)") || line[7].contains("\(name),"),
                    "\(name): tshark calls it \(line[7])")
        }
        print("tshark read \(lines.count) S1AP messages with the procedure codes, UE S1AP IDs, TACs and PLMNs we wrote")
    }

    /// The distinct values of a field (tshark lists some twice, for the item and its container).
    static func values(_ field: String) -> Set<String> {
        Set(field.split(separator: ",").map(String.init))
    }

    struct Expected {
        var procedureCodes: Set<String> = []
        var enbUES1APIDs: Set<String> = []
        var mmeUES1APIDs: Set<String> = []
        var tacs: Set<String> = []
        var plmns: Set<String> = []
    }

    /// What tshark should list for each field: every place in the message, IEs, components and the
    /// handover containers tshark opens too, that holds such a value, found by walking the decoded value.
    static func expectedFields(_ message: S1APMessage) -> Expected {
        var expected = Expected()
        func walk(_ value: ASN1Value, name: String?) {
            switch value {
            case .unsigned(let number):
                if name == "procedureCode" { expected.procedureCodes.insert(String(number)) }
                if name == "eNB-UE-S1AP-ID" { expected.enbUES1APIDs.insert(String(number)) }
                if name == "mME-UE-S1AP-ID" { expected.mmeUES1APIDs.insert(String(number)) }
            case .octetString(let bytes):
                // tshark prints TACs as numbers and PLMN identities as hex.
                if name == "tAC" { expected.tacs.insert(String(UInt(bytes[0]) << 8 | UInt(bytes[1]))) }
                if name == "pLMNidentity" { expected.plmns.insert(ASN1Value.hex(bytes)) }
                if name == "Source-ToTarget-TransparentContainer",
                   let inner = try? SourceeNBToTargeteNBTransparentContainer.decode(complete: bytes) {
                    walk(inner.asn1Value, name: nil)
                }
            case .choice(let alternative, let inner):
                walk(inner, name: alternative)
            case .sequence(let fields):
                let id = fields.first { $0.name == "id" }.flatMap { field -> UInt64? in
                    if case .unsigned(let id) = field.value { id } else { nil }
                }
                for field in fields {
                    if field.name == "value", let id {
                        // A ProtocolIE-Field: its value is named by its IE.
                        let ieName: String? = switch id {
                        case 0, 88: "mME-UE-S1AP-ID"
                        case 8: "eNB-UE-S1AP-ID"
                        case 104: "Source-ToTarget-TransparentContainer"
                        default: nil
                        }
                        walk(field.value, name: ieName)
                    } else {
                        walk(field.value, name: field.name)
                    }
                }
            case .list(let items):
                for item in items { walk(item, name: name) }
            default:
                break
            }
        }
        walk(message.asn1Value, name: nil)
        return expected
    }

    /// A classic pcap (link type raw IPv4) with one IPv4/SCTP packet per message: eNB 10.0.0.2 to
    /// MME 10.0.0.1, both on port 36412, one DATA chunk with PPID 18.
    static func writeCapture(_ messages: [S1APMessage], to path: String) throws {
        var file = ByteBuffer()
        for value: UInt32 in [0xA1B2_C3D4] { file.writeInteger(value, endianness: .little) }
        file.writeInteger(UInt16(2), endianness: .little)
        file.writeInteger(UInt16(4), endianness: .little)
        file.writeInteger(Int32(0), endianness: .little)
        file.writeInteger(UInt32(0), endianness: .little)
        file.writeInteger(UInt32(262_144), endianness: .little)
        file.writeInteger(UInt32(228), endianness: .little)  // LINKTYPE_IPV4
        for (index, message) in messages.enumerated() {
            let chunk = SCTPDataChunk(tsn: UInt32(index + 1), streamIdentifier: 1, streamSequenceNumber: UInt16(index),
                                      payloadProtocolIdentifier: 18, userData: message.encoded())
            let packet = try SCTPPacket(sourcePort: 36412, destinationPort: 36412, verificationTag: 0x1234_5678,
                                        chunks: [.data(chunk)])
                .packet(source: .v4(IPv4Address(10, 0, 0, 2)), destination: .v4(IPv4Address(10, 0, 0, 1)),
                        identification: UInt16(truncatingIfNeeded: index))
            file.writeInteger(UInt32(1_700_000_000 + index), endianness: .little)
            file.writeInteger(UInt32(0), endianness: .little)
            file.writeInteger(UInt32(packet.readableBytes), endianness: .little)
            file.writeInteger(UInt32(packet.readableBytes), endianness: .little)
            file.writeImmutableBuffer(packet)
        }
        try Data(file.readableBytesView).write(to: URL(fileURLWithPath: path))
    }
}
