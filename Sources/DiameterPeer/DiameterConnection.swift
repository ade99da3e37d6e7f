import Diameter
import NIOCore
import Synchronization

/// The application side of a Diameter node: answers the requests peers send. Thrown errors
/// become the protocol answer (`DiameterAnswerError.commandUnsupported` → 3001 with the E bit).
///
/// A handler whose work must follow its answer on the wire (a PGW answers a Gx RAR, then sends the
/// Delete Bearer Request it leads to) implements `respond(to:from:)` as well, whose
/// `DiameterResponse` carries that work; by default it is `handle`'s answer alone.
public protocol DiameterRequestHandler: Sendable {
    func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage
    func respond(to request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterResponse
}

extension DiameterRequestHandler {
    public func respond(to request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterResponse {
        DiameterResponse(try await handle(request, from: peer))
    }
}

/// A request handler's answer, and what it does once that answer is written.
public struct DiameterResponse: Sendable {
    public var answer: DiameterMessage
    /// Runs once the answer has been written to the transport (handed to the TCP socket or the
    /// SCTP association), so anything it sends leaves after the answer; or at once when the
    /// answer cannot be written any more (the connection closed), so the work is never lost.
    /// Runs exactly once, on a thread of the transport's: it must return quickly (start a task
    /// for more).
    public var afterAnswer: (@Sendable () -> Void)?

    public init(_ answer: DiameterMessage, afterAnswer: (@Sendable () -> Void)? = nil) {
        self.answer = answer
        self.afterAnswer = afterAnswer
    }
}

/// The transport a peer connection runs over.
public enum DiameterTransport: String, Hashable, Sendable, CaseIterable {
    case tcp
    case sctp
}

/// One connection to a peer (a TCP connection or an SCTP association), usable from any thread.
public final class DiameterConnection: Sendable {
    public let role: PeerStateMachine.Role
    public let transport: DiameterTransport
    let driver: NIOLoopBound<PeerDriver>
    let id: ObjectIdentifier
    /// Completes when the transport has closed.
    public let closeFuture: EventLoopFuture<Void>
    private let abortTransport: @Sendable () async -> Void
    private let openState = Mutex<(capabilities: PeerCapabilities?, open: Bool, everOpened: Bool, closed: Bool)>((nil, false, false, false))

    /// - Parameters:
    ///   - closeFuture: completes once the transport is closed and the driver was told.
    ///   - abort: closes the transport at once, without DPR.
    package init(role: PeerStateMachine.Role, transport: DiameterTransport, driver: PeerDriver, eventLoop: any EventLoop,
                 closeFuture: EventLoopFuture<Void>, abort: @escaping @Sendable () async -> Void) {
        self.role = role
        self.transport = transport
        self.driver = NIOLoopBound(driver, eventLoop: eventLoop)
        self.closeFuture = closeFuture
        abortTransport = abort
        id = ObjectIdentifier(driver)
        closeFuture.whenComplete { [weak self] _ in self?.openState.withLock { $0.closed = true } }
    }

    /// The peer's capabilities, once the exchange succeeded.
    public var capabilities: PeerCapabilities? { openState.withLock { $0.capabilities } }
    public var isOpen: Bool { openState.withLock { $0.open } }
    /// True once the capabilities exchange succeeded, even if the connection closed since.
    public var wasOpened: Bool { openState.withLock { $0.everOpened } }
    /// True once the transport has closed.
    public var isClosed: Bool { openState.withLock { $0.closed } }

    func markOpen(_ capabilities: PeerCapabilities) {
        openState.withLock { state in
            state.capabilities = capabilities
            state.open = true
            state.everOpened = true
        }
    }

    func markClosed() {
        openState.withLock { $0.open = false }
    }

    /// Sends a request and waits for its answer (or the timeout, `DiameterPeerSettings.requestTimeout`
    /// by default).
    public func request(_ message: DiameterMessage, timeout: TimeAmount? = nil) async throws(DiameterRequestError) -> DiameterMessage {
        let driver = self.driver
        let result = await withCheckedContinuation { (completion: PeerDriver.Completion) in
            driver.eventLoop.execute {
                driver.value.send(message, timeout: timeout, completion: completion)
            }
        }
        return try result.get()
    }

    /// Sends DPR and returns once the connection is closed (on DPA, or after the DPR timeout).
    public func disconnect(cause: DisconnectCause = .rebooting) async {
        let driver = self.driver
        driver.eventLoop.execute { driver.value.disconnect(cause: cause) }
        try? await closeFuture.get()
    }

    /// Closes the transport at once, without DPR: what a crash or a cable pull looks like.
    /// Returns once it is closed.
    public func abort() async {
        await abortTransport()
        try? await closeFuture.get()
        openState.withLock { $0.closed = true }
    }

    /// Why the connection closed, once it has.
    public var closeReason: PeerStateMachine.CloseReason? {
        get async {
            let driver = self.driver
            return try? await driver.eventLoop.submit { driver.value.closeReason }.get()
        }
    }
}

/// A client connection that keeps itself up: it connects, runs the capabilities exchange, and
/// when the connection closes reconnects with back-off (doubling from
/// `reconnectMinimumDelay` to `reconnectMaximumDelay`, reset after a connection that opened).
public final class DiameterPeerLink: Sendable {
    public let host: String
    public let port: Int
    public let transport: DiameterTransport
    private let current = Mutex<DiameterConnection?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(host: String, port: Int, transport: DiameterTransport) {
        self.host = host
        self.port = port
        self.transport = transport
    }

    /// The connection, when it is open.
    public var connection: DiameterConnection? {
        current.withLock { $0 }.flatMap { $0.isOpen ? $0 : nil }
    }

    public func request(_ message: DiameterMessage, timeout: TimeAmount? = nil) async throws(DiameterRequestError) -> DiameterMessage {
        guard let connection else { throw .notOpen }
        return try await connection.request(message, timeout: timeout)
    }

    /// Waits until the link is open, at most `timeout`; false if it did not open in time.
    public func waitUntilOpen(timeout: TimeAmount) async -> Bool {
        let deadline = NIODeadline.now() + timeout
        // Polled: opening is rare (start, after a peer restart), and a poll needs no bookkeeping
        // of waiters across reconnections.
        while NIODeadline.now() < deadline {
            if connection != nil { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return connection != nil
    }

    /// Connects with `connect` again and again until stopped.
    func run(node: DiameterNode, connect: @escaping @Sendable () async throws -> DiameterConnection) {
        let settings = node.settings
        let newTask = Task { [host, port, transport] in
            var delay = settings.reconnectMinimumDelay
            while !Task.isCancelled {
                do {
                    let connection = try await connect()
                    current.withLock { $0 = connection }
                    try? await connection.closeFuture.get()
                    current.withLock { $0 = nil }
                    if connection.wasOpened { delay = settings.reconnectMinimumDelay }
                    if case .disconnectedByPeer(let cause) = await connection.closeReason, cause == .busy || cause == .doNotWantToTalkToYou {
                        delay = settings.reconnectMaximumDelay
                    }
                } catch {
                    node.logger.debug("Diameter connect failed", metadata: ["peer": "\(host):\(port)", "transport": "\(transport.rawValue)",
                                                                        "error": "\(error)"])
                }
                if Task.isCancelled { break }
                try? await Task.sleep(nanoseconds: UInt64(max(delay.nanoseconds, 0)))
                delay = .nanoseconds(min(delay.nanoseconds * 2, settings.reconnectMaximumDelay.nanoseconds))
            }
        }
        task.withLock { $0 = newTask }
    }

    /// Stops reconnecting and disconnects (DPR) the current connection.
    public func stop(cause: DisconnectCause = .rebooting) async {
        task.withLock { $0 }?.cancel()
        if let connection = current.withLock({ $0 }) { await connection.disconnect(cause: cause) }
    }
}
