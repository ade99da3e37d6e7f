import CBatchIO
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own for a forwarding loop (blocking batched system calls, never the Swift
/// concurrency pool), started with pthreads so that the user plane needs nothing of Foundation.
final class ForwardingThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = Atomic<Bool>(false)

    private final class Start {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `loop`, which is called again and again until `stop()`.
    init(name: String, loop: @escaping @Sendable () -> Void) {
        let start = Start { [self] in
            cbio_set_thread_name(String(name.prefix(15)))
            while running.load(ordering: .relaxed) { loop() }
            finished.store(true, ordering: .releasing)
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(start).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            let start = Unmanaged<Start>.fromOpaque(context!).takeRetainedValue()
            start.body()
            return nil
        }, context)
        precondition(result == 0, "pthread_create: \(result)")
        pthread_detach(thread)
    }

    /// Asks the loop to end after its current pass (each pass waits at most its receive timeout).
    func stop() { running.store(false, ordering: .relaxed) }

    var isFinished: Bool { finished.load(ordering: .acquiring) }
}
