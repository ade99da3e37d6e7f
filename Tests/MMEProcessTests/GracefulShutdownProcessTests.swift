import Foundation
import Testing
import TestOracles

/// SIGTERM while an eNB is connected: the mme process shuts the association down (the eNB sees
/// it end), says goodbye to the HSS and exits 0 well within a pod's grace period.
@Suite(.serialized, .enabled(if: ProcessLab.missing == nil, Comment(rawValue: ProcessLab.missing ?? "")))
struct GracefulShutdownProcessTests {
    @Test(.timeLimit(.minutes(2)))
    func sigtermClosesTheENBAssociationAndExitsZero() async throws {
        let lab = ProcessLab()
        defer { lab.tearDown() }
        try await lab.start()
        let driver = try lab.startDriver(["--scenario", "hold"])
        _ = try await driver.waitForLine(containing: "\"s1_setup\"")
        try await lab.eventually("the eNB is counted") { try await lab.mmeMetric("mme_enbs") == 1 }

        let started = ContinuousClock.now
        #expect(await lab.terminateMME() == 0, "the MME exits 0 on SIGTERM:\n\(lab.mmeLog)")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(await driver.waitForExit(timeout: .seconds(15)) == 0, "\(driver.output)")
        #expect(DriverStep.parse(driver.output).map(\.name) == ["usim_self_test", "s1_setup", "association_closed_by_mme"])
        let log = lab.mmeLog
        #expect(log.contains("mme draining") && log.contains("mme stopped"), "\(log)")
        #expect(log.contains("disconnected (rebooting)"), "DPR to the HSS:\n\(log)")
    }
}
