import Diameter
import Foundation
import Testing
import TestOracles

/// The MME's timers run in the process: an HSS that never answers Authentication Information
/// sees the request again after `s6a.requestTimeout`, marked retransmitted (T flag) with the same
/// End-to-End identifier, and once `s6a.retries` are spent the UE gets ATTACH REJECT.
@Suite(.serialized, .enabled(if: ProcessLab.missing == nil, Comment(rawValue: ProcessLab.missing ?? "")))
struct S6aTimerProcessTests {
    @Test(.timeLimit(.minutes(2)))
    func unansweredAuthenticationInformationIsResentThenTheAttachRejected() async throws {
        let lab = ProcessLab()
        defer { lab.tearDown() }
        try await lab.start(hss: .scripted, s6aTiming: (timeout: 0.6, retries: 1))
        let hss = try #require(lab.scriptedHSS)

        let driver = try lab.startDriver(["--scenario", "hss-silent"])
        let (first, second, gap) = try await withOwnThread {
            let first = try hss.nextRequest()
            let sent = ContinuousClock.now
            let second = try hss.nextRequest()
            return (first, second, ContinuousClock.now - sent)
        }
        #expect(first.commandCode == DiameterCommand.authenticationInformation.code)
        #expect(second.commandCode == DiameterCommand.authenticationInformation.code)
        #expect(!first.header.flags.contains(.retransmitted) && second.header.flags.contains(.retransmitted))
        #expect(second.header.endToEnd == first.header.endToEnd, "a retransmission keeps the End-to-End identifier")
        #expect(gap >= .milliseconds(500) && gap < .seconds(5), "resent after s6a.requestTimeout (0.6 s), took \(gap)")

        let status = await driver.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "eNB driver:\n\(driver.output)\nMME:\n\(lab.mmeLog)")
        let steps = DriverStep.parse(driver.output)
        #expect(steps.map(\.name) == ["usim_self_test", "s1_setup", "attach_request_sent", "attach_rejected"], "\(driver.output)")
        // #17 network failure (TS 24.301 annex A): the HSS, not the UE, is at fault.
        #expect(steps.last?.detail.contains("EMMAttachReject cause 17") == true, "\(driver.output)")
    }
}
