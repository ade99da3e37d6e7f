import Logging
import Metrics
import Synchronization

/// The one queue every source of a network function feeds (sockets, SCTP readers, the Diameter
/// link, timers, discovery, the user plane) and its core consumes with `for await`: events reach
/// the core in the order each source posted them, and posting never waits (an SCTP reader, a
/// forwarding thread or a NIO handler must not block on the core).
///
/// It is bounded, so that a flood of input cannot grow memory without limit. What a peer can send
/// at will (`sheddable`) is accepted while fewer than `capacity` such events are queued, and
/// dropped after that: each drop is counted (`dropped`, and the Prometheus counter
/// `<name>_inbox_dropped_total`) and a warning says so at most every `warningInterval`. Every
/// other event (timer expiries, answers the core waits for, discovery, ...) is always accepted:
/// those come from the core's own state, not from whoever sends a datagram. Both kinds share one
/// queue, so the order of events is kept whatever their kind.
public final class Inbox<Event: Sendable>: Sendable {
    /// What `capacity` is unless the owner says otherwise.
    public static var defaultCapacity: Int { 65_536 }

    /// How many sheddable events may be queued at once.
    public let capacity: Int
    private let stream: AsyncStream<Entry>
    private let continuation: AsyncStream<Entry>.Continuation
    private let sheddable: @Sendable (Event) -> Bool
    private let state: Mutex<State>
    private let droppedCounter: Counter
    private let logger: Logger
    private let warningInterval: Duration

    fileprivate struct Entry: Sendable {
        var event: Event
        /// Counted against `capacity` while queued.
        var bounded: Bool
    }

    private enum Outcome {
        case accepted
        /// `warn`: the drops to report now (nil while the last warning is recent).
        case dropped(warn: Int?)
    }

    private struct State {
        var queued = 0
        var dropped = 0
        var droppedSinceWarning = 0
        var lastWarning: ContinuousClock.Instant?
    }

    /// - Parameters:
    ///   - name: the network function ("mme"), which names the drop counter and the warning.
    ///   - capacity: how many sheddable events may wait; more are dropped.
    ///   - sheddable: whether an event came from the network and may be dropped when full.
    public init(name: String, capacity: Int = defaultCapacity, logger: Logger, warningInterval: Duration = .seconds(10),
                factory: any MetricsFactory = MetricsSystem.factory, sheddable: @escaping @Sendable (Event) -> Bool) {
        precondition(capacity > 0, "an inbox holds at least one event")
        self.capacity = capacity
        self.sheddable = sheddable
        self.logger = logger
        self.warningInterval = warningInterval
        droppedCounter = Counter(label: "\(name)_inbox_dropped_total", factory: factory)
        state = Mutex(State())
        (stream, continuation) = AsyncStream.makeStream(of: Entry.self)
    }

    /// Queues `event` for the core, or drops it (a sheddable event while `capacity` are queued).
    public func post(_ event: Event) {
        guard sheddable(event) else {
            continuation.yield(Entry(event: event, bounded: false))
            return
        }
        let outcome: Outcome = state.withLock { state in
            guard state.queued >= capacity else {
                state.queued += 1
                return .accepted
            }
            state.dropped += 1
            state.droppedSinceWarning += 1
            let now = ContinuousClock.now
            if let last = state.lastWarning, now - last < warningInterval { return .dropped(warn: nil) }
            state.lastWarning = now
            defer { state.droppedSinceWarning = 0 }
            return .dropped(warn: state.droppedSinceWarning)
        }
        switch outcome {
        case .accepted:
            continuation.yield(Entry(event: event, bounded: true))
        case .dropped(let warn):
            droppedCounter.increment()
            if let warn {
                logger.warning("inbox full: dropping input from the network", metadata: [
                    "capacity": "\(capacity)", "droppedSinceLastWarning": "\(warn)",
                ])
            }
        }
    }

    /// No more events: the core's loop ends once it has handled the ones queued.
    public func finish() {
        continuation.finish()
    }

    /// Sheddable events dropped since the inbox was made.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// Sheddable events waiting for the core.
    public var queued: Int { state.withLock { $0.queued } }

    /// The events in the order they were posted, each once; ends after `finish` and the last one.
    public var events: Events { Events(stream: stream, inbox: self) }

    fileprivate func taken(_ entry: Entry) {
        guard entry.bounded else { return }
        state.withLock { $0.queued -= 1 }
    }

    public struct Events: AsyncSequence, Sendable {
        public typealias Element = Event
        fileprivate let stream: AsyncStream<Entry>
        fileprivate let inbox: Inbox

        public func makeAsyncIterator() -> Iterator {
            Iterator(base: stream.makeAsyncIterator(), inbox: inbox)
        }

        public struct Iterator: AsyncIteratorProtocol {
            public typealias Element = Event
            fileprivate var base: AsyncStream<Entry>.Iterator
            fileprivate let inbox: Inbox

            public mutating func next() async -> Event? {
                guard let entry = await base.next() else { return nil }
                inbox.taken(entry)
                return entry.event
            }

            public mutating func next(isolation actor: isolated (any Actor)?) async -> Event? {
                guard let entry = await base.next(isolation: actor) else { return nil }
                inbox.taken(entry)
                return entry.event
            }
        }
    }
}
