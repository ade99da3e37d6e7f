import Foundation
import GTPv2C
import Testing
import TestOracles
import Wire

/// The MME and the HSS as real processes in network namespaces, an eNB and UE written in Python
/// with pycrate (through sctp-relay, since this kernel has no SCTP), an SGW double in this test:
/// S1 Setup, attach with EPS AKA and security mode checked by the UE's own Milenage, EIA2 and
/// EEA2, Create Session and Modify Bearer; then malformed S1AP and NAS, answered while the MME
/// keeps serving: an eNB of a foreign PLMN is refused, another eNB and UE attach (through the
/// second SGW replica). The S1AP, S6a and S11 traffic of the attach is captured and must
/// pass pcap-check.
@Suite(.serialized, .enabled(if: ProcessLab.missing == nil, Comment(rawValue: ProcessLab.missing ?? "")))
struct AttachProcessTests {
    @Test(.timeLimit(.minutes(3)))
    func attachThroughHSSAndMMEProcesses() async throws {
        let lab = ProcessLab()
        defer { lab.tearDown() }
        try await lab.start()

        // The eNB driver attaches, then waits while the capture of well-formed traffic ends.
        let resume = lab.folder + "/resume"
        let release = lab.folder + "/release"
        let driver = try lab.startDriver(["--resume-file", resume, "--second-imsi", LabPlan.secondIMSI, "--release-file", release])
        _ = try await driver.waitForLine(containing: "\"waiting_for_resume\"", timeout: .seconds(60))
        try await lab.eventually("the SGW double received Modify Bearer Request") {
            lab.sgw.received.contains(.modifyBearerRequest)
        }
        #expect(lab.mmeLog.contains(#"sgw=["10.20.0.2:2123", "10.20.0.3:2123"] [mme] SGW replicas"#), "both A records of sgw.vcore.test")
        // Round robin starts with the first replica; the second serves the next session.
        #expect(lab.secondSGW.received.isEmpty)
        #expect(lab.sgw.received.prefix(2) == [.createSessionRequest, .modifyBearerRequest], "\(lab.sgw.received)")
        #expect(lab.sgw.imsis == [LabPlan.imsi])
        #expect(lab.sgw.enbFTEIDs.map(\.teid) == [0x5EED], "the eNB's S1-U F-TEID from Initial Context Setup Response")

        let capture = try await lab.stopCapture()
        let (checkStatus, checkOutput) = try await withOwnThread { try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capture]) }
        print("pcap-check: \(checkOutput)")
        #expect(checkStatus == 0, "\(checkOutput)")
        if checkStatus != 0 { lab.keepFolder(because: "pcap-check refused \(capture)") }
        for protocolName in ["s1ap", "nas-eps", "diameter", "gtpv2"] {
            #expect(checkOutput.contains(protocolName), "\(protocolName) missing from the capture: \(checkOutput)")
        }

        _ = FileManager.default.createFile(atPath: resume, contents: nil)
        _ = try await driver.waitForLine(containing: "\"waiting_for_release\"", timeout: .seconds(60))
        // The second UE's session went to the other SGW replica (round robin), up to Modify Bearer.
        try await lab.eventually("the second SGW replica received Modify Bearer Request") {
            lab.secondSGW.received.contains(.modifyBearerRequest)
        }
        #expect(lab.secondSGW.imsis == [LabPlan.secondIMSI])
        // Counted on /metrics (published every 500 ms).
        try await lab.eventually("/metrics shows both attaches") { try await lab.mmeMetric("mme_attach_successes_total") == 2 }
        #expect(try await lab.mmeMetric("mme_enbs") == 2, "the first eNB and the third are set up")
        #expect(try await lab.mmeMetric("vcore_sctp_associations_accepted_total") == 3)

        _ = FileManager.default.createFile(atPath: release, contents: nil)
        let status = await driver.waitForExit(timeout: .seconds(60))
        let steps = DriverStep.parse(driver.output)
        for step in steps where !step.ok { Issue.record("eNB driver step \(step.name) failed: \(step.detail)") }
        #expect(status == 0, "eNB driver:\n\(driver.output)\nMME:\n\(lab.mmeLog)")
        #expect(steps.map(\.name) == DriverStep.expected, "\(driver.output)")
        try await lab.eventually("the MME forgot the eNBs whose associations the driver closed") {
            try await lab.mmeMetric("mme_enbs") == 0
        }

        // Still serving, then a graceful stop on SIGTERM.
        #expect(try await lab.mmeReady())
        #expect(await lab.terminateMME() == 0, "the MME exits 0 on SIGTERM:\n\(lab.mmeLog)")
    }
}

/// One JSON line of the eNB driver.
struct DriverStep: Decodable {
    var step: String
    var ok: Bool
    var detail: String
    var name: String { step }

    static let expected = [
        "usim_self_test", "s1_setup", "attach_request_sent", "authentication_autn_verified", "security_mode_command_mac_verified",
        "attach_accept_mac_verified", "kenb_verified", "s1u_sgw_fteid", "attach_complete_sent", "waiting_for_resume",
        "malformed_s1ap_error_indication", "malformed_nas_emm_status", "foreign_plmn_s1_setup_failure",
        "second_s1_setup", "second_attach_request_sent", "second_authentication_autn_verified",
        "second_security_mode_command_mac_verified", "second_attach_accept_mac_verified", "second_kenb_verified",
        "second_s1u_sgw_fteid", "second_attach_complete_sent", "waiting_for_release",
    ]

    static func parse(_ output: String) -> [DriverStep] {
        output.split(separator: "\n").compactMap { line in
            line.hasPrefix("{") ? try? JSONDecoder().decode(DriverStep.self, from: Data(line.utf8)) : nil
        }
    }
}
