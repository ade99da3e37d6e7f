import NIOCore

/// A bounded queue between one producer (the thread reading a socket) and one consumer (an async
/// iterator), as a plain value that takes an event and says what to do: the I/O layer performs the
/// actions, and the tests drive it with no sockets and no tasks.
///
/// The bound is a cost (bytes for messages, 1 for accepted associations). When it is reached the
/// producer is told to stop; it is told to resume once the consumer has taken the buffer down to
/// half, so reading restarts in batches rather than once per message.
struct BoundedBufferState<Element, Waiter> {
    enum End: Equatable {
        case finished
        case failed(SCTPError)
    }

    let limit: Int
    private(set) var cost = 0
    private var items = CircularBuffer<(element: Element, cost: Int)>()
    private var producerPaused = false
    private var waiter: (id: UInt64, waiter: Waiter)?
    private var end: End?

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { items.count }
    var isFinished: Bool { end != nil }

    /// Asked by the producer before it reads more. `false` pauses it until `poll` says to resume.
    mutating func producerMayContinue() -> Bool {
        if cost < limit { return true }
        producerPaused = true
        return false
    }

    enum OfferAction {
        /// Hand the element straight to the waiting consumer.
        case resume(Waiter, Element)
        case buffered
        /// The queue has ended; the element has nowhere to go.
        case dropped
    }

    mutating func offer(_ element: Element, cost elementCost: Int) -> OfferAction {
        if end != nil { return .dropped }
        if let parked = waiter {
            waiter = nil
            return .resume(parked.waiter, element)
        }
        items.append((element, elementCost))
        cost += elementCost
        return .buffered
    }

    enum PollResult {
        case element(Element, resumeProducer: Bool)
        case end(End)
        case empty
    }

    /// The consumer takes the next element; buffered elements come before the end.
    mutating func poll() -> PollResult {
        if let first = items.popFirst() {
            cost -= first.cost
            var resume = false
            if producerPaused && cost <= limit / 2 {
                producerPaused = false
                resume = true
            }
            return .element(first.element, resumeProducer: resume)
        }
        if let end { return .end(end) }
        return .empty
    }

    /// Parks the consumer after an empty `poll`. `false` when another consumer already waits.
    mutating func park(id: UInt64, _ parked: Waiter) -> Bool {
        if waiter != nil { return false }
        waiter = (id, parked)
        return true
    }

    /// Removes a parked consumer whose task was cancelled; nil when it was already resumed.
    mutating func cancel(id: UInt64) -> Waiter? {
        guard let parked = waiter, parked.id == id else { return nil }
        waiter = nil
        return parked.waiter
    }

    /// Ends the queue (first end wins). Returns the parked consumer to resume with the end; a parked
    /// consumer implies an empty buffer, so nothing buffered is lost.
    mutating func finish(_ newEnd: End) -> Waiter? {
        guard end == nil else { return nil }
        end = newEnd
        guard let parked = waiter else { return nil }
        waiter = nil
        return parked.waiter
    }
}
