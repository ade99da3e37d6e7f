import Synchronization

/// `BoundedBufferState` behind a lock, with an async `next()` for the consumer. The producer (a
/// stack thread) never blocks: it asks `producerMayContinue()` and stops reading when told to;
/// `onRoom` runs when the consumer has made room, to restart it.
final class AsyncBoundedQueue<Element: Sendable>: Sendable {
    typealias Waiter = CheckedContinuation<Element?, any Error>

    private let state: Mutex<BoundedBufferState<Element, Waiter>>
    private let nextWaiterID = Atomic<UInt64>(1)
    private let onRoom: @Sendable () -> Void

    init(limit: Int, onRoom: @escaping @Sendable () -> Void) {
        self.state = Mutex(BoundedBufferState(limit: limit))
        self.onRoom = onRoom
    }

    func producerMayContinue() -> Bool {
        state.withLock { $0.producerMayContinue() }
    }

    /// `false` when the queue has ended and the element was dropped.
    @discardableResult
    func offer(_ element: Element, cost: Int) -> Bool {
        let action = state.withLock { $0.offer(element, cost: cost) }
        switch action {
        case .resume(let waiter, let element):
            waiter.resume(returning: element)
            return true
        case .buffered:
            return true
        case .dropped:
            return false
        }
    }

    /// Ends the sequence after what is buffered: normally with `nil`, or by throwing `error`.
    func finish(throwing error: SCTPError? = nil) {
        let waiter = state.withLock { $0.finish(error.map { .failed($0) } ?? .finished) }
        guard let waiter else { return }
        if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
    }

    var bufferedCount: Int { state.withLock { $0.count } }

    func next() async throws -> Element? {
        // Fast path: something is buffered, no suspension.
        switch state.withLock({ $0.poll() }) {
        case .element(let element, let resumeProducer):
            if resumeProducer { onRoom() }
            return element
        case .end(let end):
            return try Self.value(at: end)
        case .empty:
            break
        }
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                let outcome: ParkOutcome = state.withLock { state in
                    switch state.poll() {
                    case .element(let element, let resume): return .element(element, resume)
                    case .end(let end): return .end(end)
                    case .empty: return state.park(id: id, continuation) ? .parked : .busy
                    }
                }
                switch outcome {
                case .element(let element, let resumeProducer):
                    if resumeProducer { onRoom() }
                    continuation.resume(returning: element)
                case .end(let end):
                    continuation.resume(with: Result { try Self.value(at: end) })
                case .busy:
                    continuation.resume(throwing: SCTPError.concurrentReceive)
                case .parked:
                    // The cancellation handler may have run before the waiter was parked.
                    if Task.isCancelled { cancel(id) }
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private enum ParkOutcome {
        case element(Element, Bool)
        case end(BoundedBufferState<Element, Waiter>.End)
        case parked
        case busy
    }

    private func cancel(_ id: UInt64) {
        if let waiter = state.withLock({ $0.cancel(id: id) }) {
            waiter.resume(throwing: CancellationError())
        }
    }

    private static func value(at end: BoundedBufferState<Element, Waiter>.End) throws -> Element? {
        switch end {
        case .finished: return nil
        case .failed(let error): throw error
        }
    }
}
