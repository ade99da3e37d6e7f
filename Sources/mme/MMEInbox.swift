import MMEKit

/// The one queue every transport feeds: events reach the MME in the order each source posted
/// them, and posting never waits (an SCTP reader or a NIO handler must not block on the MME).
final class MMEInbox: Sendable {
    let events: AsyncStream<MMEEvent>
    private let continuation: AsyncStream<MMEEvent>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(of: MMEEvent.self)
    }

    func post(_ event: MMEEvent) {
        continuation.yield(event)
    }

    /// No more events: the MME's loop ends once it has handled the ones queued.
    func finish() {
        continuation.finish()
    }
}
