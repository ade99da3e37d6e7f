import Foundation
import Testing
@testable import OCIImage

@Suite struct SubprocessTests {
    @Test func feedsStdinAndCapturesBothOutputs() throws {
        let input = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })  // more than a pipe holds
        let result = try Subprocess.run("/bin/sh", ["-c", "cat; echo done >&2"], input: input, timeout: 10)
        #expect(result.status == 0)
        #expect(result.output == input)
        #expect(result.errorText == "done")
    }

    @Test func signalDeathIsReportedAsTheShellDoes() throws {
        #expect(try Subprocess.run("/bin/sh", ["-c", "kill -9 $$"], timeout: 10).status == 137)
        #expect(try Subprocess.run("/bin/sh", ["-c", "exit 3"], timeout: 10).status == 3)
    }

    @Test func timeoutKillsTheChild() throws {
        let started = Date()
        #expect(throws: Subprocess.Failure.self) { try Subprocess.run("/bin/sleep", ["5"], timeout: 0.3) }
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func missingToolIsAnError() {
        #expect(throws: Subprocess.Failure.self) { try Subprocess.run("/nonexistent/tool", []) }
        #expect(Subprocess.which("sh") != nil)
        #expect(Subprocess.which("no-such-tool-here") == nil)
    }

    /// Children don't inherit our descriptors beyond 0-2 (a detached supervisor must not keep
    /// the orchestrator's sockets or log pipes open).
    @Test func childrenGetOnlyTheStandardDescriptors() throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/status"))
        defer { try? handle.close() }
        let result = try Subprocess.run("/bin/ls", ["/proc/self/fd"], timeout: 10)
        // ls itself opens the directory it lists: 0, 1, 2 and that one.
        #expect(result.outputText.split(separator: "\n").count <= 4, "\(result.outputText)")
    }
}
