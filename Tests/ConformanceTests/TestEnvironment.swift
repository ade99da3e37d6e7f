import Foundation

/// Where the shared reference material is, and how to run the external oracles (tshark,
/// pcap-check). In CI (`CI=true`) their absence fails the tests; elsewhere the tests are skipped
/// and say why.
enum TestEnvironment {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let referenceCaptures = shared.appendingPathComponent("pcaps/reference")
    static let pcapCheck = shared.appendingPathComponent("tools/pcap-check")
    static let captureNames = ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng", "pyhss_Resync.pcap"]

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var hasReferenceCaptures: Bool {
        FileManager.default.fileExists(atPath: referenceCaptures.appendingPathComponent("testattach.pcapng").path)
    }
    static var tshark: String? {
        ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Tests that need the captures run when they are there, and always in CI, where their absence
    /// must fail rather than pass silently.
    static var canUseReferenceCaptures: Bool { (hasReferenceCaptures && tshark != nil) || isCI }

    /// Runs a program and returns its exit status and standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every value tshark prints for `field` in frames matching `filter` (fields holding several
    /// occurrences are split at commas).
    static func tsharkValues(_ file: String, filter: String, field: String, decodeAs: [String] = []) throws -> [String] {
        guard let tshark else { return [] }
        var arguments = ["-r", file, "-Y", filter, "-T", "fields", "-e", field]
        for rule in decodeAs { arguments += ["-d", rule] }
        let (_, output) = try run(tshark, arguments)
        return output.split(separator: "\n").flatMap { $0.split(separator: ",") }.map(String.init)
    }
}
