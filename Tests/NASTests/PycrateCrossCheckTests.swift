import Foundation
import NIOCore
import Testing
import TestOracles
import Wire
@testable import NAS

/// pycrate as an independent codec, both ways: what pycrate builds we decode to the same values
/// (and re-encode to the same bytes), and what we build pycrate decodes to the values we put in.
@Suite(.enabled(if: Pycrate.isAvailable || TestEnvironment.isCI, "needs python3 with pycrate (pip install pycrate)"))
struct PycrateCrossCheckTests {
    static let script = TestEnvironment.packageRoot.appendingPathComponent("Tests/NASTests/pycrate/nas_crosscheck.py").path

    struct PycrateResult: Decodable {
        var name: String
        var hex: String?
        var uplink: Bool?
        var fields: [String: String]
        var error: ErrorValue

        /// pycrate reports 0 or an error cause number; the script a text when its summary fails.
        enum ErrorValue: Decodable, Equatable {
            case code(Int)
            case text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let code = try? container.decode(Int.self) { self = .code(code) } else { self = .text(try container.decode(String.self)) }
            }
        }
    }

    /// Compares our fields with pycrate's: every value we produce must equal pycrate's, and every
    /// field pycrate decoded must be one we produce, except optional IEs we only compare octet by
    /// octet (the "optional" list).
    @discardableResult
    static func compare(ours: [String: String], pycrate: [String: String], _ what: String) -> Int {
        for (key, value) in ours.sorted(by: { $0.key < $1.key }) {
            #expect(pycrate[key] == value, "\(what): \(key) is \(value) here, \(pycrate[key] ?? "absent") in pycrate")
        }
        let optionalNames = Set(pycrate.filter { $0.key.hasSuffix("optional_names") }.flatMap { $0.value.split(separator: ",").map(String.init) })
        for key in pycrate.keys where !key.hasSuffix("optional_names") && ours[key] == nil && !optionalNames.contains(key) {
            Issue.record("\(what): pycrate decoded \(key) = \(pycrate[key]!) which we do not read")
        }
        return ours.count
    }

    @Test func weDecodeWhatPycrateBuilds() throws {
        let (status, output) = try Pycrate.python([Self.script, "build"])
        #expect(status == 0)
        let results = try JSONDecoder().decode([PycrateResult].self, from: output)
        var names = Set<String>()
        var compared = 0
        for result in results {
            let hex = try #require(result.hex)
            #expect(result.error == .code(0), "\(result.name): pycrate could not decode its own encoding")
            let bytes = ByteBuffer(hex: hex)
            let pdu: NASPDU
            do {
                pdu = try NASPDU.decode(bytes, direction: result.uplink == true ? .uplink : .downlink)
            } catch {
                Issue.record("\(result.name): \(error) in \(hex)")
                continue
            }
            #expect(pdu.encoded() == bytes, "\(result.name): our re-encoding differs from pycrate's bytes")
            names.insert(PycrateSummary.name(of: pdu) == "protected" ? "protectedSecurityModeCommand" : PycrateSummary.name(of: pdu))
            compared += Self.compare(ours: PycrateSummary.fields(pdu), pycrate: result.fields, "pycrate-built \(result.name)")
        }
        let expected = Set(NASSamples.all.map { PycrateSummary.name(of: .plain($0)) } + ["protectedSecurityModeCommand", "serviceRequest"])
        #expect(names == expected, "message types pycrate did not build: \(expected.subtracting(names).sorted())")
        print("NAS pycrate → ours: \(results.count) PDUs built by pycrate decoded, \(compared) fields compared")
    }

    @Test func pycrateDecodesWhatWeBuild() throws {
        var pdus = NASSamples.all.map(NASPDU.plain)
        pdus += NASSamples.protectedPDUs
        let requests: [[String: Any]] = pdus.map { pdu in
            let uplink: Bool = switch pdu {
            case .plain(let message): TSharkEncoderTests.isUplink(message)
            case .protected: false
            case .serviceRequest: true
            }
            return ["name": PycrateSummary.name(of: pdu), "uplink": uplink, "hex": PycrateSummary.hex(pdu.encoded())]
        }
        let input = try JSONSerialization.data(withJSONObject: requests)
        let (status, output) = try Pycrate.python([Self.script, "decode"], input: input)
        #expect(status == 0)
        let results = try JSONDecoder().decode([PycrateResult].self, from: output)
        #expect(results.count == pdus.count)
        var compared = 0
        for (pdu, result) in zip(pdus, results) {
            #expect(result.error == .code(0), "\(result.name): pycrate refused our encoding: \(result.error)")
            compared += Self.compare(ours: PycrateSummary.fields(pdu), pycrate: result.fields, "our \(result.name)")
        }
        print("NAS ours → pycrate: \(results.count) PDUs we built decoded by pycrate, \(compared) fields compared")
    }
}

/// Where python3 and pycrate are, and how the tests run them.
enum Pycrate {
    static let isAvailable: Bool = {
        let available = (try? python(["-c", "import pycrate_mobile.NAS, pycrate_mobile.NASLTE"]).status) == 0
        if !available { print("NAS pycrate cross-check skipped: python3 with pycrate_mobile is not available") }
        return available
    }()

    /// Runs python3 with `arguments`, feeding `input` on standard input.
    static func python(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script reads all its input before it writes: write, close, then read.
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
