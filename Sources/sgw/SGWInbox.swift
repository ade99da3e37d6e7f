import SGWKit

/// The GTPv2-C interface a datagram arrived on. The SGW's logic does not need it (the message
/// says which); the core uses it to answer a peer on the socket it spoke to.
enum ControlInterface: Sendable {
    case s11, s5c
}

/// The one queue every source feeds (GTPv2-C sockets, timers, DNS, the user plane): events reach
/// the SGW in the order each source posted them, and posting never waits (a forwarding thread or
/// a NIO handler must not block on the SGW).
final class SGWInbox: Sendable {
    typealias Item = (event: SGWEvent, interface: ControlInterface?)
    let events: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(of: Item.self)
    }

    func post(_ event: SGWEvent, arrivedOn interface: ControlInterface? = nil) {
        continuation.yield((event, interface))
    }

    /// No more events: the SGW's loop ends once it has handled the ones queued.
    func finish() {
        continuation.finish()
    }
}
