import Synchronization

/// What /healthz and /readyz answer: a network function is healthy while it can work at all, and
/// ready once it can take traffic (its peers reachable, its listeners bound).
public final class HealthState: Sendable {
    private struct State {
        var healthy = true
        var notReady: [String: String] = ["starting": "the network function is starting"]
    }

    private let state = Mutex(State())

    public init() {}

    /// Marks a readiness condition met (nil reason) or not (a reason shown by /readyz).
    public func set(_ condition: String, notReadyBecause reason: String?) {
        state.withLock { $0.notReady[condition] = reason }
    }

    public func started() { set("starting", notReadyBecause: nil) }

    public func setHealthy(_ healthy: Bool) { state.withLock { $0.healthy = healthy } }

    public var isHealthy: Bool { state.withLock { $0.healthy } }
    public var isReady: Bool { state.withLock { $0.healthy && $0.notReady.isEmpty } }
    /// Why the function is not ready, one line per condition.
    public var reasons: [String] { state.withLock { $0.notReady.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } } }
}
