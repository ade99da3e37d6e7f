import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `container.json`: what the runtime wrote down when it created a container.
struct ContainerRecord: Codable {
    var spec: ContainerSpec
    var imageDigest: String
    /// The image's unpacked tree, the overlay's lower directory.
    var lowerDirectory: String
    var cgroupsPath: String
    var createdAt: Date
    /// As set at run, then by `update`.
    var resources: ResourceLimits
}

/// Reading a container's state from its directory alone (no crun call: status is cheap).
extension ContainerRuntime {
    static func readRecord(_ paths: ContainerPaths) throws -> ContainerRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = try? Data(contentsOf: paths.record) else { throw RuntimeError.notFound(id: paths.directory.lastPathComponent) }
        do { return try decoder.decode(ContainerRecord.self, from: data) } catch {
            throw RuntimeError.io("unreadable \(paths.record.path): \(error)")
        }
    }

    static func writeRecord(_ record: ContainerRecord, _ paths: ContainerPaths) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(record).write(to: paths.record, options: .atomic)
    }

    static func readStatus(_ id: String, stateDirectory: URL, crunRoot: URL) throws -> ContainerStatus {
        let paths = ContainerPaths(directory: stateDirectory.appendingPathComponent(id))
        let record = try readRecord(paths)
        var status = ContainerStatus(id: id, state: .unknown, pid: nil, exitCode: nil, createdAt: record.createdAt,
                                     startedAt: modificationDate(paths.pidFile), finishedAt: nil, image: record.spec.image,
                                     imageDigest: record.imageDigest, labels: record.spec.labels, resources: record.resources, message: nil)
        if let code = readExitCode(paths) {
            status.state = .exited
            status.exitCode = code
            status.finishedAt = modificationDate(paths.exitFile)
            if code != 0 { status.message = failureMessage(paths) }
            return status
        }
        if let pid = readPID(paths.pidFile) {
            // crun's state directory is on a tmpfs: after a reboot it is gone and the pid means nothing.
            let crunKnows = FileManager.default.fileExists(atPath: crunRoot.appendingPathComponent(id).path)
            if crunKnows && Glibc.kill(pid, 0) == 0 {
                status.state = .running
                status.pid = pid
            } else if supervisorPID(paths) != nil {
                status.state = .running  // exiting: the supervisor is about to write the exit file
            } else {
                status.message = "neither running nor with an exit status (host rebooted, or its supervisor was killed)"
            }
            return status
        }
        if supervisorPID(paths) != nil || Date().timeIntervalSince(record.createdAt) < 60 && !hasContent(paths.supervisorPIDFile) {
            status.state = .created
        } else {
            status.message = "its supervisor is gone and it never started"
        }
        return status
    }

    static func readExitCode(_ paths: ContainerPaths) -> Int32? {
        (try? String(contentsOf: paths.exitFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func readPID(_ url: URL) -> Int32? {
        (try? String(contentsOf: url, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The supervisor's pid while it lives (checked against its command line: pids get reused).
    static func supervisorPID(_ paths: ContainerPaths) -> Int32? {
        guard let pid = readPID(paths.supervisorPIDFile),
              let commandLine = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return nil }
        let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains("vcore-supervisor") && arguments.contains(paths.directory.path) ? pid : nil
    }

    /// What crun (or the supervisor) said when the container failed.
    static func failureMessage(_ paths: ContainerPaths) -> String? {
        let messages = [paths.crunLog, paths.supervisorLog].map(Supervisor.readTrimmed).filter { !$0.isEmpty }
        return messages.isEmpty ? nil : messages.joined(separator: "; ")
    }

    static func hasContent(_ url: URL) -> Bool {
        var info = stat()
        return stat(url.path, &info) == 0 && info.st_size > 0
    }

    static func modificationDate(_ url: URL) -> Date? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
