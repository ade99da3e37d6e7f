import Foundation
import NetworkTestSupport
import Testing
import TestOracles

/// The sgw executable refuses a bad configuration at start: status 1 and one line on standard
/// error that names the file and the field.
@Suite(.enabled(if: TestEnvironment.builtProduct("sgw") != nil, "the sgw executable is not built (swift build)"))
struct ConfigurationProcessTests {
    static let valid = """
        s11: {address: 127.0.0.71}
        s5c: {address: 127.0.0.71}
        s1u: {address: 127.0.0.71}
        s5u: {address: 127.0.0.72}
        pgw: {name: pgw.vcore.test}
        """

    static let cases: [(String, String, String)] = [
        ("s11: {address: 127.0.0.71}", "s11: {address: sgw.local}", "s11.address: \"sgw.local\" is not an IP address"),
        ("s5u: {address: 127.0.0.72}", "s5u: {address: 127.0.0.72, port: 70000}", "s5u.port: 70000 is not a port"),
        ("s5u: {address: 127.0.0.72}", "s5u: {address: 127.0.0.71}", "s5u: 127.0.0.71:2152 is also S1-U's"),
        ("s1u: {address: 127.0.0.71}", "s1u: {address: \"::1\"}", "s1u.address: \"::1\" is not an IPv4 address"),
        ("pgw: {name: pgw.vcore.test}", "pgw: {name: \"\"}", "pgw.name: must name the PGW service"),
        ("pgw: {name: pgw.vcore.test}", "pgw: {name: pgw.vcore.test}\nuserPlane: {bufferPacketsPerBearer: 0}",
         "userPlane.bufferPacketsPerBearer: 0 is outside"),
        ("pgw: {name: pgw.vcore.test}", "pgw: {name: pgw.vcore.test}\nuserPlane: {bufferSize: 3}", "userPlane.bufferSize: unknown field"),
        ("pgw: {name: pgw.vcore.test}", "pgw: {name: pgw.vcore.test}\nlogLevel: loud", "logLevel: \"loud\" is not trace"),
        ("pgw: {name: pgw.vcore.test}", "pgw: {name: pgw.vcore.test}\ntimers: {retries: 99}", "timers"),
    ]

    @Test(arguments: cases)
    func badConfigurationEndsTheProcessWithTheField(original: String, replacement: String, expected: String) async throws {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid, "the replacement applies")
        try await withOwnThread {
            // A refused configuration ends the process before it logs anything: its log holds
            // only what it wrote to standard error.
            let sgw = try NetworkFunctionProcess("sgw", configuration: text)
            defer { sgw.tearDown() }
            #expect(sgw.waitForExit(timeout: .seconds(20)) == 1)
            let lines = sgw.log.split(separator: "\n").map(String.init)
            #expect(lines.count == 1, "one line: \(lines)")
            #expect(lines.first?.hasPrefix("\(sgw.configurationPath): ") == true, "\(lines)")
            #expect(lines.first?.contains(expected) == true, "\(lines)")
        }
    }
}
