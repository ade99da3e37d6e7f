import Foundation
import TestOracles

enum Fixtures {
    /// The debug build of vcore-testworkload beside this test binary (`swift build --build-tests`
    /// builds it; `swift test` alone may not). Release images are measured by hand (see
    /// deploy/images/README.md); packaging the debug build checks the same machinery.
    static let testWorkload: URL? = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("vcore-testworkload")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = TestEnvironment.packageRoot.appendingPathComponent(".build/debug/vcore-testworkload")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }()

    static let skipReasonWithoutWorkload = "vcore-testworkload is not built (run `swift build --build-tests` first)"

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-oci-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sha256sum(_ url: URL) throws -> String {
        let (status, output) = try TestEnvironment.run("/usr/bin/sha256sum", [url.path])
        guard status == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(output.prefix(64))
    }
}
