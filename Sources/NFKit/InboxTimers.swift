/// The timers a core arms for its state machine, each a task that sleeps for its delay and then
/// hands the timer's id to `expire` (which posts `.timerExpired(id)` into the core's inbox).
/// Arming an id that is armed already re-arms it; a stopped timer never fires.
///
/// The core owns the value and calls `expired` when the expiry reaches it, so that only timers
/// still pending are kept.
public struct InboxTimers<ID: Hashable & Sendable> {
    private var pending: [ID: Task<Void, Never>] = [:]
    private let expire: @Sendable (ID) -> Void

    public init(expire: @escaping @Sendable (ID) -> Void) {
        self.expire = expire
    }

    public mutating func start(_ timer: ID, after delay: Duration) {
        pending[timer]?.cancel()
        let expire = self.expire
        pending[timer] = Task {
            // A cancelled sleep throws: the timer was stopped and must not fire.
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            expire(timer)
        }
    }

    public mutating func stop(_ timer: ID) {
        pending.removeValue(forKey: timer)?.cancel()
    }

    /// The expiry of `timer` reached the core: it is no longer pending.
    public mutating func expired(_ timer: ID) {
        pending[timer] = nil
    }

    /// Disarms every timer (the core's loop has ended).
    public mutating func stopAll() {
        for task in pending.values { task.cancel() }
        pending.removeAll()
    }
}
