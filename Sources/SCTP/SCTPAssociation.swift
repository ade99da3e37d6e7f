import NIOCore

/// One SCTP association: messages on numbered streams in both directions, notifications about
/// its life, graceful shutdown and abort. The same type whichever backend carries it.
///
/// Dropping the last reference closes the association gracefully. A listener's association whose
/// peer restarts ends here (`inbound` throws `SCTPError.peerRestarted`) and the listener yields
/// the restarted peer as a new association.
public final class SCTPAssociation: Sendable, CustomStringConvertible {
    let core: AssociationCore
    let session: InboundSession

    /// The peer's addresses (several when it is multi-homed), primary first.
    public let remoteAddresses: [SocketAddress]
    public let localAddresses: [SocketAddress]

    init(core: AssociationCore, session: InboundSession, remoteAddresses: [SocketAddress], localAddresses: [SocketAddress]) {
        self.core = core
        self.session = session
        self.remoteAddresses = remoteAddresses
        self.localAddresses = localAddresses
    }

    deinit {
        core.release(session: session)
    }

    /// Unique in this process; a restarted peer gets a new one.
    public var id: UInt64 { session.id }

    /// Stream counts agreed in the INIT exchange (nil until the stack reported them).
    public var streams: SCTPStreamCounts? { core.streams }

    public var backend: SCTPBackendKind { core.driver.kind }

    /// Queues one message. Suspends while the send buffer (`sendBufferLimit`) is full, that is
    /// while the peer does not acknowledge, and resumes as it does; cancelling the task ends the
    /// wait with `CancellationError`. Messages sent by one task on one stream arrive in order.
    public func send(_ bytes: ByteBuffer, stream: UInt16 = 0, ppid: UInt32, unordered: Bool = false) async throws {
        try await core.send(bytes, stream: stream, ppid: ppid, unordered: unordered, session: session)
    }

    public func send(_ bytes: some Collection<UInt8>, stream: UInt16 = 0, ppid: UInt32, unordered: Bool = false) async throws {
        try await send(ByteBuffer(bytes: bytes), stream: stream, ppid: ppid, unordered: unordered)
    }

    /// The messages the peer sends, in order per stream. Ends (nil) when the association closes
    /// gracefully or this side closes it; throws `SCTPError.peerAborted`, `.associationLost` or
    /// `.peerRestarted` otherwise. One consumer at a time. While nobody reads, at most
    /// `receiveBufferLimit` bytes wait here and the peer's window then closes.
    public var inbound: SCTPInboundMessages { SCTPInboundMessages(association: self) }

    /// Association up/down/restart, peer address changes, shutdown. Finishes when the association
    /// ends; keeps the latest 64 for a late reader. One consumer (it is an `AsyncStream`).
    public var notifications: AsyncStream<SCTPNotification> { session.notifications }

    /// Graceful shutdown (RFC 9260 section 9.2): everything queued is delivered and acknowledged,
    /// then SHUTDOWN; returns when the peer confirmed. After `shutdownTimeout` the association is
    /// aborted and `SCTPError.shutdownTimedOut` thrown.
    public func shutdown() async throws {
        try await core.shutdown(session: session)
    }

    /// Sends ABORT and drops whatever is queued, at once.
    public func abort() {
        core.abort(session: session)
    }

    public var description: String {
        "SCTPAssociation(\(id), \(backend.rawValue), peer \(remoteAddresses.endpoints))"
    }
}

/// The inbound messages of one association. It keeps the association open while iterated.
public struct SCTPInboundMessages: AsyncSequence, Sendable {
    public typealias Element = SCTPMessage

    let association: SCTPAssociation

    public struct AsyncIterator: AsyncIteratorProtocol {
        let association: SCTPAssociation

        public mutating func next() async throws -> SCTPMessage? {
            try await association.session.messages.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(association: association)
    }
}
