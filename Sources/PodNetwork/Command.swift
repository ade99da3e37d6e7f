import Dispatch
import Foundation

/// What a finished program left behind.
struct CommandOutput: Sendable {
    var status: Int32
    var standardOutput: Data
    var standardError: String
    var timedOut: Bool

    var succeeded: Bool { status == 0 && !timedOut }
    var text: String { String(decoding: standardOutput, as: UTF8.self) }
}

enum Command {
    /// Runs a program to its end, feeding it `input` and collecting both outputs; a program still
    /// running after `timeout` seconds is killed.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: Data? = nil, timeout: Double = 60) throws -> CommandOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()

        let killer = DispatchWorkItem { [process] in
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        defer { killer.cancel() }

        // Both outputs drain at once, so a child blocked on a full pipe cannot stall the other.
        let errorData = LockedData()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
        }
        if let input {
            DispatchQueue.global().async(group: group) {
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let timedOut = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return CommandOutput(status: process.terminationStatus, standardOutput: outputData,
                             standardError: String(decoding: errorData.get(), as: UTF8.self), timedOut: timedOut)
    }

    /// Runs the blocking `run` off the cooperative thread pool.
    static func runAsync(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                         input: Data? = nil, timeout: Double = 60) async throws -> CommandOutput {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try run(executable, arguments, environment: environment, input: input, timeout: timeout)
                })
            }
        }
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
