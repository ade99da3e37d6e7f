import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// The hss the benchmark measures: either one already running (`--connect`), or a release
/// `hss` started here with a fresh store in a temporary folder and stopped with SIGTERM.
struct HSSUnderTest {
    var host = "127.0.0.1"
    var diameterPort: Int
    var provisioningPort: Int
    var observabilityPort: Int
    /// Set when this program started the process.
    var pid: pid_t?
    var folder: URL?

    /// A port the kernel hands out on 127.0.0.1, free again once the probe closes.
    static func freePort() async throws -> Int {
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { probe.close(promise: nil) }
        return probe.localAddress?.port ?? 0
    }

    /// Starts `binary` with durability `durability` and waits until /readyz answers 200.
    static func start(binary: String, durability: String) async throws -> HSSUnderTest {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hss-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var hss = HSSUnderTest(diameterPort: try await freePort(), provisioningPort: try await freePort(),
                               observabilityPort: try await freePort(), folder: folder)
        let configuration = folder.appendingPathComponent("hss.yaml")
        try """
        diameter: {originHost: hss.bench, originRealm: bench, bind: 127.0.0.1, port: \(hss.diameterPort)}
        network: {homePLMNs: [{mcc: "001", mnc: "01"}]}
        store: {path: \(folder.path)/subscribers.sqlite, durability: \(durability)}
        provisioning: {bind: 127.0.0.1, port: \(hss.provisioningPort)}
        observability: {bind: 127.0.0.1, port: \(hss.observabilityPort)}
        logLevel: warning
        """.write(to: configuration, atomically: true, encoding: .utf8)

        var pid = pid_t()
        let arguments: [String] = [binary, configuration.path]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, binary, nil, nil, argv, environ)
        guard result == 0 else { throw BenchError("cannot start \(binary): \(String(cString: strerror(result)))") }
        hss.pid = pid
        for _ in 0..<500 {
            if (try? await HTTPClient.send(.GET, host: hss.host, port: hss.observabilityPort, path: "/readyz"))?.status == 200 { return hss }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("\(binary) did not become ready")
    }

    /// SIGTERM to a process this program started, then reaps it (polling, off no thread).
    func stop() async {
        guard let pid else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<500 where waitpid(pid, &status, WNOHANG) == 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
