import NIOCore
import Synchronization

/// An HTTP server's open connections and whether each is between requests, so that SIGTERM can
/// close the idle ones at once (a keep-alive client, such as a Prometheus scraper, would otherwise
/// hold the process until the kubelet's SIGKILL) while a request being served still gets its answer.
public final class IdleConnections: Sendable {
    private struct State {
        var idle: [ObjectIdentifier: any Channel] = [:]
        var draining = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The connection waits for its next request; closed now if the server is draining.
    public func becameIdle(_ channel: any Channel) {
        let closeNow = state.withLock { state in
            if !state.draining { state.idle[ObjectIdentifier(channel)] = channel }
            return state.draining
        }
        if closeNow { channel.close(promise: nil) }
    }

    /// A request arrived: the connection is no longer closed by `drain`.
    public func becameBusy(_ channel: any Channel) {
        _ = state.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    public func closed(_ channel: any Channel) {
        _ = state.withLock { $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    public var isDraining: Bool { state.withLock { $0.draining } }

    /// Closes every idle connection; busy ones close after their answer.
    public func drain() {
        let idle = state.withLock { state in
            state.draining = true
            defer { state.idle = [:] }
            return Array(state.idle.values)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
