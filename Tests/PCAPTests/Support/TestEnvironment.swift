import Foundation

/// Where the tests find what lives outside the repository, and how they run external tools.
enum TestEnvironment {
    /// The package root: the nearest folder above this file holding Package.swift.
    static let packageRoot: URL = {
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
    static let referenceDirectory = packageRoot.appendingPathComponent("../shared/pcaps/reference").standardizedFileURL
    static let pcapCheck = packageRoot.appendingPathComponent("../shared/tools/pcap-check").standardizedFileURL

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let hasReferenceCaptures = FileManager.default.fileExists(atPath: referenceDirectory.path)

    static let tsharkPath: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Tests needing captures and tshark run when both are here, and always in CI, where a missing
    /// one is a failure rather than a reason to skip.
    static let canCompareWithTShark = (hasReferenceCaptures && tsharkPath != nil) || isCI
    static let hasPcapCheck = FileManager.default.isExecutableFile(atPath: pcapCheck.path)
    static let canRunPcapCheck = (tsharkPath != nil && hasPcapCheck) || isCI

    static func referenceCapture(_ name: String) -> String {
        referenceDirectory.appendingPathComponent(name).path
    }

    /// A fresh path in the temporary folder.
    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("vcore-pcap-\(UUID().uuidString)-\(name)").path
    }

    /// Runs a program and returns its exit status and standard output (standard error is dropped).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a child blocked on a full pipe would never exit.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
