import Foundation
import Testing
import TestOracles

/// S6a over SCTP between the real hss and mme processes (`diameter.transports: [sctp]`,
/// `s6a.transport: sctp`), each on the SCTP stack `sctp.backend: auto` picks in its namespace
/// (usrsctp raw on a kernel without SCTP): the MME's link reaches OPEN, the HSS counts one open
/// peer, and an attach runs its AIR/AIA and ULR/ULA through the association. The capture must
/// pass pcap-check and show Diameter in SCTP DATA chunks with PPID 46, CER and CEA on stream 0.
@Suite(.serialized, .enabled(if: ProcessLab.missing == nil, Comment(rawValue: ProcessLab.missing ?? "")))
struct S6aOverSCTPProcessTests {
    @Test(.timeLimit(.minutes(3)))
    func attachWithS6aOverSCTP() async throws {
        let lab = ProcessLab()
        defer { lab.tearDown() }
        // Returns once the MME is ready, which needs its HSS peer OPEN.
        try await lab.start(s6aTransport: "sctp")
        try await lab.eventually("the HSS counts the MME as an open peer") { try await lab.hssMetric("diameter_peers_open") == 1 }
        #expect(lab.mmeLog.split(separator: "\n").contains { $0.contains("remote=sctp 10.20.0.2:3868") && $0.hasSuffix("Diameter peer open") },
                "the MME's S6a peer is open over SCTP:\n\(lab.mmeLog)")

        let resume = lab.folder + "/resume"
        let driver = try lab.startDriver(["--resume-file", resume])
        _ = try await driver.waitForLine(containing: "\"waiting_for_resume\"", timeout: .seconds(60))
        let steps = DriverStep.parse(driver.output)
        for step in steps where !step.ok { Issue.record("eNB driver step \(step.name) failed: \(step.detail)") }
        #expect(steps.map(\.name).contains("authentication_autn_verified"), "vectors from the HSS over SCTP: \(driver.output)")
        try await lab.eventually("the SGW double received Modify Bearer Request") { lab.sgw.received.contains(.modifyBearerRequest) }
        #expect(try await lab.hssMetric(#"diameter_messages_total{direction="in",command="AIR"}"#) == 1)
        #expect(try await lab.hssMetric(#"diameter_messages_total{direction="in",command="ULR"}"#) == 1)

        let capture = try await lab.stopCapture()
        let (checkStatus, checkOutput) = try await withOwnThread { try TestEnvironment.run(TestEnvironment.pcapCheck.path, [capture]) }
        print("pcap-check: \(checkOutput)")
        #expect(checkStatus == 0, "\(checkOutput)")
        #expect(checkOutput.contains("diameter"), "\(checkOutput)")
        let ppids = try await withOwnThread {
            try TestEnvironment.tsharkValues(capture, filter: "diameter", field: "sctp.data_payload_proto_id")
        }
        #expect(!ppids.isEmpty && ppids.allSatisfy { $0 == "46" }, "Diameter only in DATA chunks with PPID 46: \(ppids)")
        let capabilityStreams = try await withOwnThread {
            try TestEnvironment.tsharkValues(capture, filter: "diameter.cmd.code == 257", field: "sctp.data_sid")
        }
        // tshark prints stream identifiers in hex (0x0000).
        #expect(capabilityStreams.count >= 2 && capabilityStreams.allSatisfy { Int($0.dropFirst(2), radix: 16) == 0 },
                "CER and CEA on stream 0: \(capabilityStreams)")
        let tcp = try await withOwnThread { try TestEnvironment.tsharkValues(capture, filter: "tcp.port == 3868", field: "frame.number") }
        #expect(tcp.isEmpty, "no Diameter over TCP")
        if checkStatus != 0 { lab.keepFolder(because: "pcap-check refused \(capture)") }

        _ = FileManager.default.createFile(atPath: resume, contents: nil)
        #expect(await driver.waitForExit(timeout: .seconds(60)) == 0, "eNB driver:\n\(driver.output)\nMME:\n\(lab.mmeLog)")
        #expect(await lab.terminateMME() == 0, "the MME exits 0 on SIGTERM:\n\(lab.mmeLog)")
        #expect(lab.mmeLog.contains("disconnected (rebooting)"), "DPR to the HSS over SCTP:\n\(lab.mmeLog)")
    }
}
