import Synchronization

/// How the control plane changes a forwarding thread's tables without a lock per packet: it posts
/// changes here; the forwarding thread looks at one atomic flag per batch and, when it is set,
/// takes every posted change at once and applies it to the tables it alone owns.
public final class RuleMailbox<Change: Sendable>: Sendable {
    private let pending = Mutex<[Change]>([])
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func post(_ change: Change) {
        pending.withLock { $0.append(change) }
        flag.store(true, ordering: .releasing)
    }

    /// The changes posted since the last call, oldest first (empty most of the time, cheaply).
    @inline(__always)
    public func take() -> [Change] {
        guard flag.load(ordering: .acquiring) else { return [] }
        flag.store(false, ordering: .relaxed)
        return pending.withLock { changes in
            defer { changes.removeAll(keepingCapacity: true) }
            return changes
        }
    }
}
