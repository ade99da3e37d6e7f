import Foundation
import GRDB
import Synchronization

/// Runs small write transactions that must be durable before their callers go on, sharing
/// commits between the ones that wait at the same time.
///
/// With `synchronous = FULL` every commit costs a flush to disk. An HSS answering thousands of
/// AIRs a second cannot pay one flush per AIR, but it must not answer before its SQN is durable.
/// So the work items queued while a transaction commits all run in the next transaction, and
/// each caller resumes only once that transaction has committed. A failing item does not fail
/// the others; a failing commit fails them all (none of their answers may leave).
final class GroupCommitter: Sendable {
    private struct Job: Sendable {
        /// Runs the work inside the shared transaction and returns how to resume its caller.
        let run: @Sendable (Database) -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let queue = Mutex(Queue())
    /// Transactions committed, and work items in them: the batching the benchmark reports.
    private let statistics = Mutex<(transactions: Int, items: Int)>((0, 0))

    init(pool: DatabasePool) {
        self.pool = pool
    }

    var batching: (transactions: Int, items: Int) { statistics.withLock { $0 } }

    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(run: { db in
                // A savepoint per item: an item that fails leaves nothing behind in the shared transaction.
                var result: Result<T, any Error> = .failure(CancellationError())
                do {
                    try db.inSavepoint {
                        do {
                            result = .success(try work(db))
                            return .commit
                        } catch {
                            result = .failure(error)
                            return .rollback
                        }
                    }
                } catch {
                    result = .failure(error)
                }
                let outcome = result
                return { continuation.resume(with: outcome) }
            }, fail: { continuation.resume(throwing: $0) })
            let startDraining = queue.withLock { queue in
                queue.jobs.append(job)
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if startDraining {
                // GRDB's writes block their thread on SQLite; keep that off the cooperative pool.
                Thread.detachNewThread { [self] in drain() }
            }
        }
    }

    private func drain() {
        while true {
            let batch: [Job] = queue.withLock { queue in
                let jobs = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                if jobs.isEmpty { queue.draining = false }
                return jobs
            }
            guard !batch.isEmpty else { return }
            do {
                let resumptions = try pool.write { db in batch.map { $0.run(db) } }
                statistics.withLock { $0 = ($0.transactions + 1, $0.items + batch.count) }
                for resume in resumptions { resume() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
