import NIOCore

/// A listening SCTP endpoint: one port on one or more local addresses. Iterating it yields each
/// new association (and each restarted one); the sequence ends when the listener is closed.
/// One consumer at a time. Dropping the last reference (the listener or its iterator) closes it.
public final class SCTPListener: AsyncSequence, Sendable {
    public typealias Element = SCTPAssociation

    let core: ListenerCore
    /// The addresses bound, as the stack reports them.
    public let localAddresses: [SocketAddress]

    init(core: ListenerCore) {
        self.core = core
        self.localAddresses = core.driver.localAddresses()
    }

    deinit {
        core.close()
    }

    public var port: Int? { localAddresses.first?.port }

    /// Stops accepting. Associations already yielded carry on.
    public func close() {
        core.close()
    }

    /// Keeps the listener open while iterated (`for try await a in try transport.listen(...)`).
    public struct AsyncIterator: AsyncIteratorProtocol {
        let listener: SCTPListener

        public mutating func next() async throws -> SCTPAssociation? {
            try await listener.core.queue.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(listener: self)
    }
}
