import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Starts a network function the same way everywhere: one-line logs to stdout, Prometheus
/// metrics, the configuration loaded and validated (a bad file ends the process with a one-line
/// reason and status 1), and its services run until SIGTERM, which drains them gracefully.
public enum NFRunner {
    /// Installs the log and metrics back-ends once per process; returns the metrics registry.
    public static func bootstrap(name: String, logLevel: Logger.Level = .info) -> PrometheusCollectorRegistry {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Where the configuration of the network function `name` is: the path given as the first
    /// argument, else $VCORE_<NAME>_CONFIG, else /etc/vcore/<name>.yaml.
    public static func configurationPath(_ name: String) -> String {
        CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["VCORE_\(name.uppercased())_CONFIG"]
            ?? "/etc/vcore/\(name).yaml"
    }

    /// Ends the process with status 1 and `<name>: <message>` on standard error.
    public static func fail(_ name: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
        exit(1)
    }

    /// Loads the configuration or exits with the reason on one line.
    public static func configuration<T: NFConfiguration>(_ type: T.Type, path: String) -> T {
        do {
            return try ConfigurationLoader.load(T.self, path: path)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }

    /// A network function's loops, run side by side until SIGTERM or SIGINT; then it stops being
    /// ready (logging "<name> draining"), `drain` closes what the loops read from, and the loops
    /// still running are cancelled.
    public static func runLoops(_ name: String, _ loops: [@Sendable () async -> Void], health: HealthState, logger: Logger,
                                drain: () async -> Void) async {
        await withDiscardingTaskGroup { group in
            for loop in loops { group.addTask { await loop() } }
            // Returns when SIGTERM or SIGINT arrives (or the group is cancelled).
            try? await gracefulShutdown()
            logger.info("\(name) draining")
            health.set("draining", notReadyBecause: "shutting down")
            await drain()
            group.cancelAll()
        }
    }

    /// Runs the services until SIGTERM or SIGINT.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
