import Dispatch

/// Swift's cooperative pool has one thread per core (two here). A test that waits on child processes
/// or polls with sleeps for minutes holds one of them the whole time, and async tests running beside
/// it starve: their timers fire late and their `eventually` deadlines pass before their controllers
/// ran. `withOwnThread` moves such work to a serial dispatch queue (an overcommitting thread outside
/// the pool) while it stays in the same task, so `#expect` and `Issue.record` still belong to the test.
public func withOwnThread<T: Sendable>(_ work: () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(BlockingWorkExecutor.shared) {
        try work()
    }
}

final class BlockingWorkExecutor: TaskExecutor {
    static let shared = BlockingWorkExecutor()
    private let queue = DispatchQueue(label: "vcore.tests.blocking-work")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
