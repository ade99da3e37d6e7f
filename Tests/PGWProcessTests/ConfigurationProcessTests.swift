import Foundation
import NetworkTestSupport
import Testing
import TestOracles

/// The pgw executable refuses a bad configuration at start: status 1 and one line on standard
/// error that names the file and the field (before it opens a socket or the TUN device).
@Suite(.enabled(if: TestEnvironment.builtProduct("pgw") != nil, "the pgw executable is not built (swift build)"))
struct ConfigurationProcessTests {
    static let valid = """
        s5c: {address: 127.0.0.81}
        s5u: {address: 127.0.0.81}
        apns:
          - {name: internet, ipv4Pool: 10.45.0.0/24}
        """

    static let cases: [(String, String, String)] = [
        ("s5c: {address: 127.0.0.81}", "s5c: {address: pgw.local}", "s5c.address: \"pgw.local\" is not an IP address"),
        ("s5u: {address: 127.0.0.81}", "s5u: {address: 127.0.0.81, port: 70000}", "s5u.port"),
        ("s5u: {address: 127.0.0.81}", "s5u: {address: \"::1\"}", "s5u.address: \"::1\" is not an IPv4 address"),
        ("ipv4Pool: 10.45.0.0/24", "ipv4Pool: 10.45.0.0", "apns[0].ipv4Pool"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {device: \"this-name-is-too-long\"}", "sgi.device"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {mtu: 1400}", "sgi.mtu: unknown field"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {gateway: 10.46.0.1}", "sgi.gateway: needs sgi.interface"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {interface: net1, routingTable: 254}", "sgi.routingTable: 254 is a table the kernel keeps"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {queueLength: 10}", "sgi.queueLength"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {packetRing: true}", "sgi.packetRing: needs sgi.interface"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {interface: net1, ringFrames: 8}", "sgi.ringFrames"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nsgi: {packetTransmit: true}", "sgi.packetTransmit: needs sgi.interface"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\nlogLevel: loud", "logLevel: \"loud\" is not trace"),
        ("ipv4Pool: 10.45.0.0/24}", "ipv4Pool: 10.45.0.0/24}\ngx: {pcrf: \"pcrf test\", originHost: pgw.test, originRealm: test, destinationRealm: test}",
         "gx.pcrf: \"pcrf test\" is not a DNS name"),
    ]

    @Test(arguments: cases)
    func badConfigurationEndsTheProcessWithTheField(original: String, replacement: String, expected: String) async throws {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid, "the replacement applies")
        try await withOwnThread {
            // A refused configuration ends the process before it logs anything: its log holds
            // only what it wrote to standard error.
            let pgw = try NetworkFunctionProcess("pgw", configuration: text)
            defer { pgw.tearDown() }
            #expect(pgw.waitForExit(timeout: .seconds(20)) == 1)
            let lines = pgw.log.split(separator: "\n").map(String.init)
            #expect(lines.count == 1, "one line: \(lines)")
            #expect(lines.first?.hasPrefix("\(pgw.configurationPath): ") == true, "\(lines)")
            #expect(lines.first?.contains(expected) == true, "\(lines)")
        }
    }
}
