import Synchronization

/// Runs a drain loop on one thread at a time. Stack threads (readable events) and consumer tasks
/// (room made) both ask for a drain; whoever finds it already running leaves a note, and the
/// running thread drains once more before it stops, so no request is lost and reads of one socket
/// never interleave (message fragments arrive in order).
final class DrainGuard: Sendable {
    private let state = Mutex((running: false, again: false))

    func run(_ drain: () -> Void) {
        let acquired = state.withLock { state in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            state.again = false
            return true
        }
        guard acquired else { return }
        while true {
            drain()
            let again = state.withLock { state in
                if state.again {
                    state.again = false
                    return true
                }
                state.running = false
                return false
            }
            if !again { return }
        }
    }
}

/// A socket (usrsctp `struct socket *` or a file descriptor, as its bit pattern) that one thread
/// may close while others are inside calls on it. Each call holds the handle for its duration and
/// the close runs when the last holder leaves, so no call sees a freed socket or a reused
/// descriptor; calls after the close get `nil`.
final class ClosableHandle: Sendable {
    private struct State {
        var raw: UInt?
        var users = 0
        var pendingClose: (@Sendable (UInt) -> Void)?
    }

    private let state: Mutex<State>

    init(_ raw: UInt) {
        state = Mutex(State(raw: raw))
    }

    var isClosed: Bool { state.withLock { $0.raw == nil || $0.pendingClose != nil } }

    func with<R>(_ body: (UInt) -> R) -> R? {
        let raw: UInt? = state.withLock { state in
            guard let raw = state.raw, state.pendingClose == nil else { return nil }
            state.users += 1
            return raw
        }
        guard let raw else { return nil }
        let result = body(raw)
        let deferredClose: (@Sendable (UInt) -> Void)? = state.withLock { state in
            state.users -= 1
            guard state.users == 0, let close = state.pendingClose else { return nil }
            state.pendingClose = nil
            state.raw = nil
            return close
        }
        deferredClose?(raw)
        return result
    }

    /// Closes once: now when idle, else when the last holder leaves. Later calls do nothing.
    func close(_ perform: @escaping @Sendable (UInt) -> Void) {
        let raw: UInt? = state.withLock { state in
            guard let raw = state.raw, state.pendingClose == nil else { return nil }
            if state.users > 0 {
                state.pendingClose = perform
                return nil
            }
            state.raw = nil
            return raw
        }
        if let raw { perform(raw) }
    }
}
