/// The Kubernetes controller work queue: keys, not objects; a key waiting is not added twice; a
/// key being processed and changed again is processed once more after; failures come back after
/// an exponential back-off.
public actor WorkQueue {
    private var queue: [String] = []
    private var queued: Set<String> = []
    private var processing: Set<String> = []
    private var dirtyWhileProcessing: Set<String> = []
    private var failures: [String: Int] = [:]
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var shuttingDown = false

    public let baseDelay: Duration
    public let maximumDelay: Duration

    public init(baseDelay: Duration = .milliseconds(5), maximumDelay: Duration = .seconds(30)) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    public func add(_ key: String) {
        guard !shuttingDown else { return }
        if processing.contains(key) {
            dirtyWhileProcessing.insert(key)
            return
        }
        guard queued.insert(key).inserted else { return }
        if !waiters.isEmpty {
            queued.remove(key)
            processing.insert(key)
            waiters.removeFirst().resume(returning: key)
        } else {
            queue.append(key)
        }
    }

    /// Adds `key` after `delay`.
    public nonisolated func add(_ key: String, after delay: Duration) {
        Task {
            try? await Task.sleep(for: delay)
            await add(key)
        }
    }

    /// The next key to process, nil once shut down.
    public func next() async -> String? {
        if !queue.isEmpty {
            let key = queue.removeFirst()
            queued.remove(key)
            processing.insert(key)
            return key
        }
        if shuttingDown { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Marks `key` processed: succeeded forgets its failures, failed re-adds it with back-off.
    public func done(_ key: String, failed: Bool) {
        processing.remove(key)
        if failed {
            let count = (failures[key] ?? 0) + 1
            failures[key] = count
            let exponent = min(count - 1, 20)
            let delay = min(baseDelay * (1 << exponent), maximumDelay)
            add(key, after: delay)
        } else {
            failures[key] = nil
        }
        if dirtyWhileProcessing.remove(key) != nil { add(key) }
    }

    public func failureCount(_ key: String) -> Int { failures[key] ?? 0 }

    public func shutDown() {
        shuttingDown = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
    }
}
