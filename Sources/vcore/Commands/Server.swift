import ArgumentParser
import Foundation
import Logging
import OrchestratorNode
#if canImport(Glibc)
import Glibc
#endif

/// `vcore server`: the orchestrator in one process (API server, store, controllers, scheduler,
/// node agent with crun, service proxy, DNS). Pods keep running when it stops; the next start
/// adopts them.
struct Server: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the orchestrator: API server, controllers, scheduler, node agent, service proxy and DNS.")

    @OptionGroup var node: NodeOptions

    @Option(name: .customLong("listen"), help: "Also serve the API on TCP host:port (needs a token).")
    var listen: String?

    @Option(name: .customLong("token-file"), help: "File holding the TCP bearer token; made (0600) when missing.")
    var tokenFile: String?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["VCORE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            return handler
        }
        let logger = Logger(label: "vcore.server")
        var tcpHost: String?
        var tcpPort: Int?
        var token: String?
        if let listen {
            let parts = listen.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--listen: expected host:port, got \"\(listen)\"") }
            (tcpHost, tcpPort) = (String(parts[0]), port)
            token = try Self.token(file: tokenFile ?? node.dataDirectory + "/token")
        }
        let configuration = try node.configuration(tcpHost: tcpHost, tcpPort: tcpPort, token: token)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: configuration.pidFile))
        let (engine, runtime) = try await VCoreServer.crunEngine(configuration, logger: logger)
        defer { runtime.shutdown() }
        let server = VCoreServer(configuration: configuration, engine: engine, logger: logger)
        let task = Task { try await server.run() }
        let signals = Self.onTermination { task.cancel() }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
            logger.info("vcore server stopped; pods keep running")
        }
        try? FileManager.default.removeItem(atPath: configuration.pidFile)
    }

    /// SIGTERM and SIGINT end the server gracefully (its pods keep running).
    static func onTermination(_ action: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }

    /// The token in `file`, or a new random one written there readable by root only.
    static func token(file: String) throws -> String {
        if let existing = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           !existing.isEmpty {
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write the token to \(file)")
        }
        return token
    }
}
