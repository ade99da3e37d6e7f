import Foundation
import Testing
import TestOracles

/// The mme executable refuses a bad configuration at start: status 1 and one line on standard
/// error that names the file and the field.
@Suite(.enabled(if: TestEnvironment.builtProduct("mme") != nil, "the mme executable is not built (swift build)"))
struct ConfigurationProcessTests {
    static let valid = """
        name: vcore-mme
        plmns: [{mcc: "001", mnc: "01", tacs: [1]}]
        mmeGroupID: 32769
        mmeCode: 1
        s1ap: {bind: [127.0.0.1]}
        s11: {address: 127.0.0.1}
        s6a: {hss: hss.vcore.test, originHost: mme.vcore.test, originRealm: vcore.test, destinationRealm: vcore.test}
        sgw: {name: sgw.vcore.test}
        pgw: {name: pgw.vcore.test}
        """

    static let cases: [(String, String, String)] = [
        ("plmns: [{mcc: \"001\", mnc: \"01\", tacs: [1]}]", "plmns: [{mcc: \"001\", mnc: \"01\", tacs: [70000]}]",
         "plmns[0].tacs[0]: 70000 is not a TAC"),
        ("mmeCode: 1", "mmeCode: 1\nmmeCodes: [2]", "mmeCodes: unknown field"),
        ("s11: {address: 127.0.0.1}", "s11: {address: 127.0.0.1}\nsctp: {backend: kernel-ish}", "sctp.backend: unknown value 'kernel-ish'"),
        ("s11: {address: 127.0.0.1}", "s11: {address: 127.0.0.1}\nobservability: {port: 0}", "observability.port: 0 is not a port"),
        ("s11: {address: 127.0.0.1}", "s11: {address: 127.0.0.1}\ndiscovery: {refreshSeconds: 0}", "discovery.refreshSeconds: 0.0 is outside"),
        ("s11: {address: 127.0.0.1}", "s11: {address: 127.0.0.1}\nlogLevel: loud", "logLevel: \"loud\" is not trace"),
        ("s1ap: {bind: [127.0.0.1]}", "s1ap: {bind: [mme.local]}", "s1ap.bind[0]: \"mme.local\" is not an IP address"),
        ("mmeGroupID: 32769", "mmeGroupID: \"x\"", "mmeGroupID: wrong type, expected a number"),
        ("destinationRealm: vcore.test}", "destinationRealm: vcore.test, transport: udp}", "s6a.transport: \"udp\" is not tcp or sctp"),
        ("destinationRealm: vcore.test}", "destinationRealm: vcore.test, port: 0}", "s6a.port: 0 is not a port"),
    ]

    @Test(arguments: cases)
    func badConfigurationEndsTheProcessWithTheField(original: String, replacement: String, expected: String) async throws {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid, "the replacement applies")
        let path = TestEnvironment.temporaryFile("mme.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, lines) = try await withOwnThread { try Self.runMME(path) }
        #expect(status == 1)
        #expect(lines.count == 1, "one line: \(lines)")
        #expect(lines.first?.hasPrefix("\(path): ") == true, "\(lines)")
        #expect(lines.first?.contains(expected) == true, "\(lines)")
    }

    /// Runs the mme to its end (a refused configuration ends it at once) and returns its status
    /// and the lines it wrote to standard error.
    static func runMME(_ path: String) throws -> (Int32, [String]) {
        let process = Process()
        process.executableURL = TestEnvironment.builtProduct("mme")
        process.arguments = [path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }
}
