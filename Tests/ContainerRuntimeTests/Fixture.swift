import ContainerRuntime
import Foundation
import OCIImage
import Testing
import TestOracles
#if canImport(Glibc)
import Glibc
#endif

/// What the container tests share: one image store holding vcore-testworkload's image, and the
/// directories and cgroup parent every runtime of the run uses; all removed at the end, with a
/// check that no container, cgroup, mount or process is left.
final class RuntimeFixture: Sendable {
    @TaskLocal static var current: RuntimeFixture?

    let root: URL
    let images: ImageStore
    let cgroupParent: String

    init() throws {
        guard let workload = RuntimeFixture.testWorkload else { throw FixtureError("vcore-testworkload is not built (run `swift build --build-tests` first)") }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-rt-\(UUID().uuidString.prefix(8).lowercased())")
        images = try ImageStore(root: root.appendingPathComponent("images"))
        cgroupParent = "vcore-test-\(UUID().uuidString.prefix(8).lowercased())"
        var options = ImageBuilder.Options()
        options.compression = .none  // the gzip path is OCIImageTests' business; this keeps the fixture quick
        try ImageBuilder(store: images, options: options).build(name: "vcore/testworkload:dev", executable: workload)
    }

    private let runtimeRoots = Locked<Set<String>>([])

    /// A runtime over the directories called `name`: each test has its own (tests run in
    /// parallel, and a runtime owns what it finds there), and a test that restarts the
    /// orchestrator makes a second one over the same name.
    func runtime(_ name: String, logMaxBytes: Int64? = nil, logMaxFiles: Int? = nil) throws -> ContainerRuntime {
        runtimeRoots.withLock { _ = $0.insert(name) }
        var configuration = RuntimeConfiguration(root: root.appendingPathComponent("runtime-\(name)"), cgroupParent: cgroupParent)
        if let logMaxBytes { configuration.logMaxBytes = logMaxBytes }
        if let logMaxFiles { configuration.logMaxFiles = logMaxFiles }
        return try ContainerRuntime(configuration: configuration, images: images)
    }

    /// Removes everything and records an issue for anything that was left behind by a test.
    func tearDown() async {
        for name in runtimeRoots.withLock({ $0.sorted() }) {
            guard let runtime = try? runtime(name) else { continue }
            for status in (try? runtime.list()) ?? [] {
                Issue.record("container \(status.id) was left behind by its test")
                try? await runtime.remove(status.id)
            }
            runtime.shutdown()
            runtime.removeCgroupParent()
        }
        let leftovers = RuntimeFixture.cgroupDirectories(parent: cgroupParent)
        if !leftovers.isEmpty { Issue.record("cgroup directories left: \(leftovers)") }
        try? FileManager.default.removeItem(at: root)
    }

    static func cgroupDirectories(parent: String, id: String? = nil) -> [String] {
        let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        return (hierarchies + [""]).map { "/sys/fs/cgroup/\($0)/\(parent)" + (id.map { "/\($0)" } ?? "") }
            .map { URL(fileURLWithPath: $0).standardized.path }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    static let testWorkload: URL? = TestEnvironment.builtProduct("vcore-testworkload")

    /// Nil when containers can run here; otherwise why not (tests print it and skip, except in
    /// CI, where it is a failure).
    static let skipReason: String? = {
        if let problem = ContainerRuntime.hostProblems().first { return problem }
        if testWorkload == nil { return "vcore-testworkload is not built (run `swift build --build-tests` first)" }
        if access("/usr/sbin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0 { return "iproute2 (ip) is missing" }
        return nil
    }()
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Sets up `RuntimeFixture.current` around a suite and tears it down after its last test.
struct WithRuntimeFixture: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard RuntimeFixture.skipReason == nil else {
            try await function()
            return
        }
        let fixture = try RuntimeFixture()
        do {
            try await RuntimeFixture.$current.withValue(fixture) { try await function() }
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }
}

extension Trait where Self == WithRuntimeFixture {
    static var runtimeFixture: WithRuntimeFixture { WithRuntimeFixture() }
}

/// The fixture, or nil after printing why the test is skipped (a failure in CI).
func requireFixture(_ name: String = #function) -> RuntimeFixture? {
    if let reason = RuntimeFixture.skipReason {
        if TestEnvironment.isCI { Issue.record("cannot run \(name) in CI: \(reason)") }
        print("skipped \(name): \(reason)")
        return nil
    }
    return RuntimeFixture.current
}

/// A network namespace with a veth pair into it (host side `<name>h`, 10.251.x.1/30 ↔ .2), as
/// the CNI bridge plugin would make for a pod; deleted by `remove()`.
struct TestNetworkNamespace {
    let name: String
    let hostAddress: String
    let podAddress: String
    var path: String { "/var/run/netns/\(name)" }

    init() throws {
        name = "vcrt\(UUID().uuidString.prefix(6).lowercased())"
        let third = Int.random(in: 0...255), fourth = Int.random(in: 0...63) * 4
        hostAddress = "10.251.\(third).\(fourth + 1)"
        podAddress = "10.251.\(third).\(fourth + 2)"
        let commands: [[String]] = [
            ["netns", "add", name],
            ["link", "add", "\(name)h", "type", "veth", "peer", "name", "eth0", "netns", name],
            ["addr", "add", "\(hostAddress)/30", "dev", "\(name)h"],
            ["link", "set", "\(name)h", "up"],
            ["-n", name, "addr", "add", "\(podAddress)/30", "dev", "eth0"],
            ["-n", name, "link", "set", "eth0", "up"],
            ["-n", name, "link", "set", "lo", "up"],
        ]
        for arguments in commands {
            let result = try Subprocess.run("ip", arguments, timeout: 10)
            guard result.status == 0 else {
                remove()
                throw FixtureError("ip \(arguments.joined(separator: " ")): \(result.errorText)")
            }
        }
    }

    func remove() {
        _ = try? Subprocess.run("ip", ["netns", "delete", name], timeout: 10)
        _ = try? Subprocess.run("ip", ["link", "delete", "\(name)h"], timeout: 10)
    }
}

/// A plain HTTP/1.1 GET over a socket: status code and body (no curl needed).
func httpGet(host: String, port: UInt16, path: String, timeout: Double = 3) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError("socket: \(errno)") }
    defer { close(fd) }
    var time = timeval()
    time.tv_sec = Int(timeout)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, host, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw FixtureError("connect \(host):\(port): \(String(cString: strerror(errno)))") }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
    _ = send(fd, request, request.count, 0)
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = recv(fd, &buffer, buffer.count, 0)
        if count <= 0 { break }
        response += buffer[..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    let parts = text.components(separatedBy: "\r\n\r\n")
    let status = parts.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
}

/// Retries `body` until it stops throwing or `timeout` passes.
func eventually<T>(timeout: Duration = .seconds(5), _ body: () throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    var lastError: Error?
    while ContinuousClock.now < deadline {
        do {
            if let value = try body() { return value }
        } catch {
            lastError = error
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw lastError ?? FixtureError("condition not met within \(timeout)")
}

/// Sends `payload` to a TCP or UDP echo server and returns what came back.
func echo(host: String, port: UInt16, payload: String, udp: Bool, timeout: Double = 3) throws -> String {
    let fd = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError("socket: \(errno)") }
    defer { close(fd) }
    var time = timeval()
    time.tv_sec = Int(timeout)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, host, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw FixtureError("connect \(host):\(port): \(String(cString: strerror(errno)))") }
    let bytes = Array(payload.utf8)
    guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw FixtureError("send: \(String(cString: strerror(errno)))") }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 2048)
    while received.count < bytes.count {
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { throw FixtureError("no echo from \(host):\(port)") }
        received += buffer[..<count]
    }
    return String(decoding: received, as: UTF8.self)
}
