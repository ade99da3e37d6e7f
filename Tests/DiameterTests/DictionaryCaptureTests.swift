import Foundation
import NIOCore
import Testing
import TestOracles
@testable import Diameter

/// The reference captures (Open5GS, Kamailio, PyHSS traffic in ../shared/pcaps/reference, never
/// copied into the repository), read through tshark: every AVP they carry must be in the dictionary,
/// and every Diameter message must decode with it.
@Suite("Dictionary against the reference captures")
struct DictionaryCaptureTests {
    static let captures = TestEnvironment.referenceCaptureNames
    /// In CI a missing tool or capture is a failure, not a skip.
    static let runs = TestEnvironment.canCompareWithTShark

    struct Key: Hashable, CustomStringConvertible {
        let code: UInt32, vendor: UInt32
        var description: String { "\(code)/\(vendor)" }
    }

    @Test(.enabled(if: runs, "tshark or the reference captures in ../shared/pcaps/reference are missing"),
          arguments: captures)
    func everyAVPIsInTheDictionary(capture: String) throws {
        let output = try Self.tshark(capture, ["-T", "fields", "-E", "separator=|", "-e", "frame.number",
                                               "-e", "diameter.avp.code", "-e", "diameter.avp.flags",
                                               "-e", "diameter.avp.vendorId"])
        var seen: [Key: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 4, "unexpected tshark line \(line)")
            let codes = fields[1].split(separator: ",").compactMap { UInt32($0) }
            let flags = fields[2].split(separator: ",").compactMap { UInt8($0.dropFirst(2), radix: 16) }
            var vendors = fields[3].split(separator: ",").compactMap { UInt32($0) }.makeIterator()
            // tshark lists the fields of nested AVPs in tree order; Vendor-Id only where the V bit is set.
            try #require(codes.count == flags.count && !codes.isEmpty, "frame \(fields[0]): \(line)")
            for (code, flag) in zip(codes, flags) {
                var vendor: UInt32 = 0
                if flag & 0x80 != 0 {
                    let next = vendors.next()
                    vendor = try #require(next, "frame \(fields[0]): V bit without a Vendor-Id")
                }
                let key = Key(code: code, vendor: vendor)
                if seen[key] == nil { seen[key] = "frame \(fields[0])" }
            }
            #expect(vendors.next() == nil, "frame \(fields[0]): Vendor-Ids left over")
        }
        #expect(seen.count > 15)
        for (key, frame) in seen.sorted(by: { ($0.key.vendor, $0.key.code) < ($1.key.vendor, $1.key.code) }) {
            #expect(DiameterDictionary.standard.definition(code: key.code, vendor: key.vendor) != nil,
                    "\(capture) \(frame): AVP \(key) is not in the dictionary")
        }
    }

    @Test(.enabled(if: runs, "tshark or the reference captures in ../shared/pcaps/reference are missing"),
          arguments: captures)
    func everyMessageDecodes(capture: String) throws {
        let messages = try Self.diameterMessages(capture)
        #expect(!messages.isEmpty)
        print("\(capture): decoding \(messages.count) Diameter messages")
        for (frame, bytes) in messages {
            let message: DiameterMessage
            do {
                message = try DiameterMessage.decode(ByteBuffer(bytes: bytes))
            } catch {
                Issue.record("\(capture) frame \(frame): \(error)")
                continue
            }
            let untyped = Self.untypedAVPs(message.avps)
            #expect(untyped.isEmpty, "\(capture) frame \(frame) \(message.name): not in the dictionary: \(untyped)")
            #expect(message.missingRequiredAVPs.isEmpty,
                    "\(capture) frame \(frame) \(message.name) lacks \(message.missingRequiredAVPs)")
            #expect(Array(message.encoded().readableBytesView) == bytes, "\(capture) frame \(frame): re-encoding differs")
        }
    }

    static func untypedAVPs(_ avps: [AVP]) -> [String] {
        avps.flatMap { avp -> [String] in
            switch avp.value {
            case .opaque: ["\(avp.code)/\(avp.vendor)"]
            case .grouped(let group): untypedAVPs(group.children)
            default: []
            }
        }
    }

    /// Each Diameter message of a capture, as tshark cut it out (over TCP or SCTP), with its frame number.
    static func diameterMessages(_ capture: String) throws -> [(frame: String, bytes: [UInt8])] {
        let json = try tshark(capture, ["-T", "json", "-x", "--no-duplicate-keys"])
        let packets = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        var messages: [(String, [UInt8])] = []
        for packet in packets {
            let layers = try #require((packet["_source"] as? [String: Any])?["layers"] as? [String: Any])
            let frame = ((layers["frame"] as? [String: Any])?["frame.number"] as? String) ?? "?"
            let raw = try #require(layers["diameter_raw"] as? [Any], "frame \(frame) has no diameter_raw")
            // One message: ["hex", offset, length, ...]; several: a list of those.
            let items: [[Any]] = raw.first is String ? [raw] : raw.compactMap { $0 as? [Any] }
            for item in items {
                let hex = try #require(item.first as? String)
                messages.append((frame, try #require(Self.bytes(hex: hex), "frame \(frame): bad hex")))
            }
        }
        return messages
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }

    /// Runs tshark on one capture, decoding port 3868 as Diameter, keeping Diameter frames only.
    static func tshark(_ capture: String, _ arguments: [String]) throws -> String {
        let executable = try #require(TestEnvironment.tsharkPath, "tshark is not installed")
        let path = TestEnvironment.referenceCapture(capture)
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing")
        let (status, output) = try TestEnvironment.run(
            executable, ["-r", path, "-d", "tcp.port==3868,diameter", "-Y", "diameter"] + arguments)
        try #require(status == 0, "tshark exited with \(status) on \(capture)")
        return output
    }
}
