import Foundation
import NIOCore
import Testing
import TestOracles
import Wire
@testable import NAS

/// Every NAS PDU the S1AP messages of the reference captures carry: the plain messages (and the
/// plain inner messages of integrity-protected or EEA0-ciphered envelopes) decode and re-encode to
/// identical bytes, and the message types we count agree with tshark's.
@Suite(.enabled(if: TestEnvironment.canCompareWithTShark, "needs ../shared/pcaps/reference and tshark"))
struct ReferenceCaptureTests {
    static let captures = ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng"]

    /// The NAS PDUs of a capture, as tshark extracts them from S1AP (both NAS-PDU fields).
    static func nasPDUs(_ capture: String) throws -> [ByteBuffer] {
        let tshark = try #require(TestEnvironment.tsharkPath, "tshark is missing")
        let path = TestEnvironment.referenceCapture(capture)
        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
        let (_, output) = try TestEnvironment.run(tshark, ["-r", path, "-Y", "s1ap.NAS_PDU || s1ap.nAS_PDU", "-T", "fields",
                                                           "-e", "s1ap.NAS_PDU", "-e", "s1ap.nAS_PDU"])
        return output.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "," }).map { ByteBuffer(hex: String($0)) }
    }

    /// How many times tshark dissected each EMM and ESM message type.
    static func tsharkCounts(_ capture: String) throws -> [String: Int] {
        let path = TestEnvironment.referenceCapture(capture)
        var counts = [String: Int]()
        for field in ["nas_eps.nas_msg_emm_type", "nas_eps.nas_msg_esm_type"] {
            for value in try TestEnvironment.tsharkValues(path, filter: "nas-eps", field: field) {
                counts[(field.contains("emm") ? "EMM " : "ESM ") + value, default: 0] += 1
            }
        }
        return counts
    }

    struct Tally {
        var messages = [String: Int]()
        var envelopes = [String: Int]()
        var failures = [String]()

        mutating func count(_ message: NASMessage) {
            switch message {
            case .emm(let emm): messages["EMM " + String(messageType: emm.messageType.rawValue), default: 0] += 1
            case .esm(let esm): messages["ESM " + String(messageType: esm.messageType.rawValue), default: 0] += 1
            }
            if let inner = message.containedESMMessage {
                messages["ESM " + String(messageType: inner.messageType.rawValue), default: 0] += 1
            }
        }

        /// Decodes a plain message, checks it re-encodes identically and counts it.
        mutating func plain(_ bytes: ByteBuffer, _ origin: String) {
            do {
                let message = try NASMessage.decode(bytes)
                let again = message.encoded()
                if again != bytes { failures.append("\(origin): re-encoded \(again.hex) != \(bytes.hex)") }
                if let container = message.esmMessageContainer, container.message == nil {
                    failures.append("\(origin): ESM container did not decode: \(container.decodingError.map(String.init(describing:)) ?? "")")
                }
                count(message)
            } catch {
                failures.append("\(origin): \(error) in \(bytes.hex)")
            }
        }
    }

    @Test(arguments: captures)
    func everyPlainMessageRoundTripsAndTheCountsAgreeWithTShark(capture: String) throws {
        let pdus = try Self.nasPDUs(capture)
        var tally = Tally()
        for (index, bytes) in pdus.enumerated() {
            let origin = "\(capture) PDU \(index)"
            let pdu: NASPDU
            do {
                pdu = try NASPDU.decode(bytes)
            } catch {
                tally.failures.append("\(origin): \(error) in \(bytes.hex)")
                continue
            }
            #expect(pdu.encoded() == bytes, "\(origin): envelope re-encoding differs")
            switch pdu {
            case .plain:
                tally.plain(bytes, origin)
            case .protected(let envelope):
                tally.envelopes["security header type \(envelope.headerType.rawValue)", default: 0] += 1
                // Integrity-only envelopes hold a plain message; Open5GS ciphers with EEA0 here,
                // which leaves the ciphered ones plain too: tshark dissects both.
                tally.plain(envelope.inner, origin + " (inner)")
            case .serviceRequest:
                tally.envelopes["service request", default: 0] += 1
            }
        }
        let expected = try Self.tsharkCounts(capture)
        print("\(capture): \(pdus.count) NAS PDUs")
        for key in Set(expected.keys).union(tally.messages.keys).sorted() {
            print("  \(key): ours \(tally.messages[key] ?? 0), tshark \(expected[key] ?? 0)")
        }
        for key in tally.envelopes.keys.sorted() { print("  envelope \(key): \(tally.envelopes[key]!)") }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        #expect(tally.messages == expected)
        #expect(!pdus.isEmpty)
    }
}
