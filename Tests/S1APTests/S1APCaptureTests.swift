import APER
import Foundation
import NIOCore
import Testing
import TestOracles
@testable import S1AP

/// Every S1AP PDU of the reference captures (Open5GS and PyHSS traffic in ../shared/pcaps/reference,
/// never copied into the repository), cut out by tshark: it must decode, re-encode to the same
/// octets, and every IE must decode into its typed value and encode back to the same octets.
@Suite("S1AP against the reference captures")
struct S1APCaptureTests {
    static let captures = ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng"]
    /// In CI a missing tool or capture is a failure, not a skip.
    static let runs = TestEnvironment.canCompareWithTShark

    @Test(.enabled(if: runs, "tshark or the reference captures in ../shared/pcaps/reference are missing"),
          arguments: captures)
    func everyPDUDecodesReencodesAndIsTyped(capture: String) throws {
        let pdus = try Self.s1apPDUs(capture)
        var counts: [String: Int] = [:]
        var unmodelled: Set<String> = []
        var refused: [String] = []
        for (frame, bytes) in pdus {
            let message: S1APMessage
            var notUnderstood: Set<ProtocolIEID> = []
            do {
                message = try S1APMessage.decode(bytes: bytes)
            } catch {
                // A message TS 36.413 tells the receiver to refuse still decodes: it comes with the error.
                guard case .rejected(_, let ies, let rejectedMessage) = error else {
                    Issue.record("\(capture) frame \(frame): \(error)")
                    continue
                }
                refused.append("\(capture) frame \(frame) \(rejectedMessage.name): \(ies)")
                notUnderstood = Set(ies.map(\.id))
                message = rejectedMessage
            }
            counts[message.name, default: 0] += 1
            #expect(message.spec != nil, "\(capture) frame \(frame): \(message.name) is not modelled")
            #expect(message.encodedBytes == bytes, "\(capture) frame \(frame): re-encoding differs")
            #expect(message.encodedByBits() == bytes, "\(capture) frame \(frame): the general encoder differs")
            for field in message.ies.fields where !notUnderstood.contains(field.id) {
                guard let spec = message.spec?.spec(of: field.id) else {
                    unmodelled.insert("\(message.name) \(field.id)")
                    continue
                }
                #expect(try spec.reencoded(field.value) == field.value,
                        "\(capture) frame \(frame) \(message.name) \(field.id): typed value re-encodes differently")
            }
            let shown = message.asn1Value.json
            #expect(!notUnderstood.isEmpty || !shown.contains("\"_open\""), "\(capture) frame \(frame): an IE is shown as bytes: \(shown)")
            #expect(!shown.contains("\"_ext"), "\(capture) frame \(frame): unknown extension additions: \(shown)")
        }
        #expect(unmodelled.isEmpty, "IEs kept as bytes: \(unmodelled.sorted())")
        // testattach.pcapng frame 39: an eNB sends id-pagingDRX (44, Paging's IE) instead of
        // id-DefaultPagingDRX (137) in S1 Setup Request, with criticality reject: an MME must refuse it.
        let expectedRefusals = capture == "testattach.pcapng"
            ? ["testattach.pcapng frame 39 S1SetupRequest: [id-pagingDRX (44) not-understood (reject)]"] : []
        #expect(refused == expectedRefusals)
        for line in refused { print("refused as TS 36.413 10.3.4.2 asks: \(line)") }
        let expected = try Self.tsharkCounts(capture)
        print("\(capture): \(pdus.count) S1AP PDUs (tshark: \(expected.values.reduce(0, +)))")
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
            print("  \(name): \(count) (tshark: \(expected[name] ?? 0))")
        }
        #expect(counts == expected, "message counts differ from tshark's")
    }

    /// Each S1AP PDU of a capture, as tshark cut it out of the SCTP DATA chunks, with its frame.
    static func s1apPDUs(_ capture: String) throws -> [(frame: String, bytes: [UInt8])] {
        let json = try tshark(capture, ["-T", "json", "-x", "--no-duplicate-keys"])
        let packets = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        var pdus: [(String, [UInt8])] = []
        for packet in packets {
            let layers = try #require((packet["_source"] as? [String: Any])?["layers"] as? [String: Any])
            let frame = ((layers["frame"] as? [String: Any])?["frame.number"] as? String) ?? "?"
            let raw = try #require(layers["s1ap_raw"] as? [Any], "frame \(frame) has no s1ap_raw")
            // One PDU: ["hex", offset, length, ...]; several DATA chunks in a frame: a list of those.
            let items: [[Any]] = raw.first is String ? [raw] : raw.compactMap { $0 as? [Any] }
            for item in items {
                let hex = try #require(item.first as? String)
                pdus.append((frame, try #require(Hex.bytes(hex), "frame \(frame): bad hex")))
            }
        }
        return pdus
    }

    /// How many PDUs of each message type tshark sees: the S1AP-PDU alternative and procedure code
    /// of each, named as our message types are.
    static func tsharkCounts(_ capture: String) throws -> [String: Int] {
        let output = try tshark(capture, ["-T", "fields", "-E", "separator=|", "-e", "s1ap.S1AP_PDU", "-e", "s1ap.procedureCode"])
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let columns = line.split(separator: "|", omittingEmptySubsequences: false)
            let kinds = columns[0].split(separator: ",").compactMap { Int($0) }
            let codes = columns[1].split(separator: ",").compactMap { UInt8($0) }
            for (kind, code) in zip(kinds, codes) {
                let messageKind = try #require(S1APMessageKind(rawValue: kind))
                let name = S1APProcedureSpec.modelled(ProcedureCode(rawValue: code))?.message(messageKind)?.name
                    ?? "\(ProcedureCode(rawValue: code)) \(messageKind)"
                counts[name, default: 0] += 1
            }
        }
        return counts
    }

    static func tshark(_ capture: String, _ arguments: [String]) throws -> String {
        let executable = try #require(TestEnvironment.tsharkPath, "tshark is not installed")
        let path = TestEnvironment.referenceCapture(capture)
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing")
        let (status, output) = try TestEnvironment.run(executable, ["-r", path, "-Y", "s1ap"] + arguments)
        try #require(status == 0, "tshark exited with \(status) on \(capture)")
        return output
    }
}

enum Hex {
    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    static func string(_ bytes: [UInt8]) -> String { ASN1Value.hex(bytes) }
}
