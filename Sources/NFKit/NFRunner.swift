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

    /// Loads the configuration or exits with the reason on one line.
    public static func configuration<T: NFConfiguration>(_ type: T.Type, path: String) -> T {
        do {
            return try ConfigurationLoader.load(T.self, path: path)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }

    /// Runs the services until SIGTERM or SIGINT.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
