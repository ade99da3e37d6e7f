import Foundation
@testable import mme
import NFKit
import Testing
import TestOracles

/// The mme executable's own pieces, without starting it.
struct MMEExecutablePartsTests {
    @Test func recoveryCounterGrowsByOneAcrossStartsAndWraps() throws {
        let path = TestEnvironment.temporaryFile("recovery")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "254\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(RecoveryCounter.next(path: path) == 255)
        #expect(RecoveryCounter.next(path: path) == 0)
        #expect(RecoveryCounter.next(path: path) == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1\n")
    }

    @Test func recoveryCounterStartsFromTheClockWithoutAFile() {
        let path = TestEnvironment.temporaryFile("recovery-new")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = RecoveryCounter.next(path: path)
        #expect(RecoveryCounter.next(path: path) == first &+ 1)
    }

    @Test func executableFieldsShareTheTopLevelWithMMEKitsFields() throws {
        let text = ConfigurationProcessTests.valid + """

            sctp: {backend: usrsctp-udp, udpEncapsulationPort: 9900}
            observability: {port: 9191}
            discovery: {refreshSeconds: 2.5}
            logLevel: debug
            """
        let configuration = try ConfigurationLoader.parse(MMEFileConfiguration.self, text: text)
        #expect(configuration.mme.name == "vcore-mme")
        #expect(configuration.mme.plmns.first?.tacs == [1])
        #expect(try configuration.sctpConfiguration().backend == .usrsctpUDP)
        #expect(try configuration.sctpConfiguration().udpEncapsulationPort == 9900)
        #expect(configuration.observabilityPort == 9191)
        #expect(configuration.refreshInterval == .milliseconds(2500))
        #expect(configuration.level == .debug)
        #expect(configuration.s1apPort == 36412 && configuration.s11Port == 2123)
    }

    @Test func unknownFieldsAreNamedInsideEitherPart() {
        for (text, field) in [(ConfigurationProcessTests.valid + "\nsctp: {backnd: kernel}", "sctp.backnd"),
                              (ConfigurationProcessTests.valid.replacingOccurrences(of: "mmeCode: 1", with: "mmeCode: 1\nmmeCod: 2"), "mmeCod")] {
            #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse(MMEFileConfiguration.self, text: text) }
            do {
                _ = try ConfigurationLoader.parse(MMEFileConfiguration.self, text: text)
            } catch {
                #expect(error.field == field && error.problem == "unknown field", "\(error)")
            }
        }
    }
}
