import PGWKit

/// The one queue every source feeds (the S5/S8-C socket, timers): events reach
/// the PGW in the order each source posted them, and posting never waits (a forwarding thread or
/// a NIO handler must not block on the PGW).
final class PGWInbox: Sendable {
    let events: AsyncStream<PGWEvent>
    private let continuation: AsyncStream<PGWEvent>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(of: PGWEvent.self)
    }

    func post(_ event: PGWEvent) {
        continuation.yield(event)
    }

    /// No more events: the PGW's loop ends once it has handled the ones queued.
    func finish() {
        continuation.finish()
    }
}
