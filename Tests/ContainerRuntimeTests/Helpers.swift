import ContainerRuntime
import Foundation
import OCIImage
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Collects a runtime's events in the background.
final class EventCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [ContainerEvent] = []

    init(_ stream: AsyncStream<ContainerEvent>) {
        Task { [self] in
            for await event in stream { lock.withLock { collected.append(event) } }
        }
    }

    func events(for id: String) -> [ContainerEvent] {
        lock.withLock { collected.filter { $0.status.id == id } }
    }

    /// Waits until an exit of `id` has been seen and returns it.
    func exit(of id: String, timeout: Duration = .seconds(5)) async throws -> ContainerStatus {
        try await eventually(timeout: timeout) {
            for case .exited(let status) in events(for: id) { return status }
            return nil
        }
    }
}

/// A fresh container id for a test.
func containerID(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(6).lowercased())"
}

/// After `remove`: no crun container, no cgroup, no mount, no process, no directory.
func expectNothingRemains(of id: String, runtime: ContainerRuntime, fixture: RuntimeFixture, pids: [Int32]) async throws {
    let listed = try Subprocess.run("crun", ["--root", runtime.configuration.crunRoot.path, "list", "--quiet"], timeout: 10)
    #expect(!listed.outputText.split(separator: "\n").contains(Substring(id)), "crun still lists \(id)")
    #expect(RuntimeFixture.cgroupDirectories(parent: fixture.cgroupParent, id: id).isEmpty)
    let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
    #expect(!mountinfo.contains(fixture.root.path), "a mount under the test directory is visible on the host")
    #expect(!FileManager.default.fileExists(atPath: runtime.configuration.stateDirectory.appendingPathComponent(id).path))
    #expect(!FileManager.default.fileExists(atPath: runtime.configuration.logDirectory.appendingPathComponent(id).path))
    // The supervisor is init's child once detached: give init a moment to reap it.
    let stateDirectory = runtime.configuration.stateDirectory.appendingPathComponent(id).path
    let survivors: [Int32] = (try? await eventually(timeout: .seconds(3)) { () -> [Int32]? in
        let alive = pids.filter { Glibc.kill($0, 0) == 0 } + processes(mentioning: stateDirectory)
        return alive.isEmpty ? [] : nil
    }) ?? pids.filter { Glibc.kill($0, 0) == 0 } + processes(mentioning: stateDirectory)
    #expect(survivors.isEmpty, "processes left: \(survivors)")
}

/// Processes whose command line contains `text`.
func processes(mentioning text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
    }
}

func readPID(_ url: URL) -> Int32? {
    (try? String(contentsOf: url, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

func readCgroupFile(_ controller: String, _ fixture: RuntimeFixture, _ id: String, _ name: String) -> String? {
    (try? String(contentsOfFile: "/sys/fs/cgroup/\(controller)/\(fixture.cgroupParent)/\(id)/\(name)", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
