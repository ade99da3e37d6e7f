import Foundation

/// Where the tests find what lives outside the repository (../shared: reference captures,
/// pcap-check) and how they run the external oracles (tshark). Shared by every test target.
public enum TestEnvironment {
    /// The package root: the nearest folder above this file holding Package.swift.
    public static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// Third-party captures, read in place and never copied into the repository.
    public static let referenceDirectory = packageRoot.appendingPathComponent("../shared/pcaps/reference").standardizedFileURL
    public static let pcapCheck = packageRoot.appendingPathComponent("../shared/tools/pcap-check").standardizedFileURL

    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    public static let hasReferenceCaptures = FileManager.default.fileExists(atPath: referenceDirectory.path)

    public static let tsharkPath: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Tests needing captures and tshark run when both are here, and always in CI, where a missing
    /// one is a failure rather than a reason to skip.
    public static let canCompareWithTShark = (hasReferenceCaptures && tsharkPath != nil) || isCI
    public static let hasPcapCheck = FileManager.default.isExecutableFile(atPath: pcapCheck.path)
    public static let canRunPcapCheck = (tsharkPath != nil && hasPcapCheck) || isCI

    /// The reference captures the conformance tests iterate.
    public static let referenceCaptureNames = ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng", "pyhss_Resync.pcap"]

    public static func referenceCapture(_ name: String) -> String {
        referenceDirectory.appendingPathComponent(name).path
    }

    /// An executable this package builds (`vcore`, `vcore-testworkload`, `hss`, ...), found beside
    /// the running test binary or in .build/debug; nil when it is not built.
    public static func builtProduct(_ name: String) -> URL? {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/\(name)")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    /// A fresh path in the temporary folder.
    public static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("vcore-pcap-\(UUID().uuidString)-\(name)").path
    }

    /// Runs a program and returns its exit status and standard output (standard error is dropped,
    /// or with `includingErrors` mixed into the output).
    public static func run(_ executable: String, _ arguments: [String], includingErrors: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = includingErrors ? pipe : FileHandle.nullDevice
        try process.run()
        // Read before waiting: a child blocked on a full pipe would never exit.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every value tshark prints for `field` in frames matching `filter`; a field with several
    /// occurrences in one frame is split at its commas.
    public static func tsharkValues(_ file: String, filter: String, field: String,
                                    decodeAs: [String] = []) throws -> [String] {
        guard let tsharkPath else { return [] }
        var arguments = ["-r", file, "-Y", filter, "-T", "fields", "-e", field]
        for rule in decodeAs { arguments += ["-d", rule] }
        let (_, output) = try run(tsharkPath, arguments)
        return output.split(separator: "\n").flatMap { $0.split(separator: ",") }.map(String.init)
    }
}
