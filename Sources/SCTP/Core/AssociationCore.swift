import Logging
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One association's engine, shared by both backends: it reads the socket when the backend says it
/// is readable and the application has room, reassembles messages, turns notifications into state
/// changes, and parks senders while the send buffer is full.
///
/// Threads: backend event threads call `socketEvents`; application tasks call `send`, `shutdown`,
/// `abort` and (through the inbound queue) restart reading. All mutable state is in `state`;
/// continuations are always resumed outside the lock.
final class AssociationCore: SocketEventTarget {
    private enum Phase {
        case connecting(CheckedContinuation<Void, any Error>?)
        case established
        case shuttingDown(CheckedContinuation<Void, any Error>?)
        /// `nil`: ended gracefully.
        case closed(SCTPError?)

        var isClosed: Bool {
            if case .closed = self { return true }
            return false
        }
    }

    private struct State {
        var phase: Phase
        var session: InboundSession
        var streams: SCTPStreamCounts?
        var sendWaiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var countedActive = false
        /// Set by a listener: a peer restart then yields a new association there.
        var restartHandler: (@Sendable (InboundSession) -> Void)?

        mutating func takeSendWaiters() -> [CheckedContinuation<Void, any Error>] {
            defer { sendWaiters.removeAll() }
            return Array(sendWaiters.values)
        }
    }

    /// Bytes charged per buffered message on top of its payload, so a flood of tiny messages is
    /// bounded too.
    static let messageOverhead = 64
    /// Receive scratch per association; longer messages are reassembled from several reads.
    static let scratchSize = 16 * 1024

    let driver: any SocketDriver
    let configuration: SCTPConfiguration
    let metrics: SCTPMetrics
    let logger: Logger
    /// The peer as logs and errors name it.
    let peer: String
    private let state: Mutex<State>
    private let reader = DrainGuard()
    private let scratch = ReaderScratch(size: AssociationCore.scratchSize)
    private let writeGeneration = Atomic<UInt64>(0)
    private let currentSessionID: Atomic<UInt64>
    private let knownOutboundStreams = Atomic<UInt32>(0)
    private let nextWaiterID = Atomic<UInt64>(1)
    private let link: CoreLink

    init(driver: any SocketDriver, configuration: SCTPConfiguration, metrics: SCTPMetrics,
         logger: Logger, peer: String, accepted: Bool) {
        self.driver = driver
        self.configuration = configuration
        self.metrics = metrics
        self.peer = peer
        var logger = logger
        logger[metadataKey: "sctp.peer"] = "\(peer)"
        self.logger = logger
        let link = CoreLink()
        self.link = link
        let session = InboundSession(limit: configuration.receiveBufferLimit, onRoom: { link.resumeReading() })
        currentSessionID = Atomic(session.id)
        state = Mutex(State(phase: accepted ? .established : .connecting(nil), session: session,
                            countedActive: accepted))
        link.set(self)
        if accepted { SCTPMetrics.increment(metrics.associationsActive) }
    }

    var currentSession: InboundSession { state.withLock { $0.session } }
    var streams: SCTPStreamCounts? { state.withLock { $0.streams } }

    func setRestartHandler(_ handler: (@Sendable (InboundSession) -> Void)?) {
        state.withLock { $0.restartHandler = handler }
    }

    /// Starts events and reads what arrived before they were wired (data can precede the upcall).
    func start() {
        driver.activate(target: self)
        readMore()
    }

    // MARK: Events

    func socketEvents(readable: Bool, writable: Bool) {
        if writable { self.writable() }
        if readable { readMore() }
    }

    func readMore() {
        reader.run { drain() }
    }

    private func writable() {
        writeGeneration.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let waiters = state.withLock { $0.takeSendWaiters() }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Reading (only inside `reader.run`)

    private func drain() {
        var session = currentSession
        while true {
            var discard = false
            if !session.messages.producerMayContinue() {
                // While shutting down nobody may read any more: drop rather than stall the
                // SHUTDOWN exchange, which arrives behind the data.
                guard windingDown else {
                    driver.setReadInterest(false)
                    return
                }
                discard = true
            }
            switch driver.receive(into: scratch.buffer) {
            case .wouldBlock:
                driver.setReadInterest(true)
                return
            case .closed:
                return
            case .endOfFile:
                endOfStream()
                return
            case .failed(let code):
                fail(errno: code)
                return
            case .data(let count, let stream, let ppid, let unordered, let endOfMessage):
                guard let bytes = assemble(count: count, notification: false, endOfMessage: endOfMessage) else { continue }
                if discard { continue }
                SCTPMetrics.increment(metrics.messagesReceived)
                SCTPMetrics.increment(metrics.bytesReceived, by: bytes.readableBytes)
                let message = SCTPMessage(bytes: bytes, stream: stream, ppid: ppid, unordered: unordered)
                session.messages.offer(message, cost: bytes.readableBytes + Self.messageOverhead)
            case .notification(let count, let endOfMessage):
                guard let bytes = assemble(count: count, notification: true, endOfMessage: endOfMessage) else { continue }
                let notification = bytes.withUnsafeReadableBytes { driver.parseNotification($0) }
                if let notification { session = handle(notification, session: session) }
            }
        }
    }

    private var windingDown: Bool {
        state.withLock { state in
            switch state.phase {
            case .shuttingDown, .closed: return true
            case .connecting, .established: return false
            }
        }
    }

    /// The whole message once its last fragment is in, else nil. A peer that sends more than
    /// maxMessageSize is aborted: the alternative is unbounded memory.
    private func assemble(count: Int, notification: Bool, endOfMessage: Bool) -> ByteBuffer? {
        let count = min(max(count, 0), scratch.buffer.count)  // the stack never says more; never trust it to
        let bytes = UnsafeRawBufferPointer(rebasing: scratch.buffer[0..<count])
        if scratch.partial == nil && endOfMessage {
            var buffer = scratch.allocator.buffer(capacity: count)
            buffer.writeBytes(bytes)
            return buffer
        }
        if scratch.partial != nil && scratch.partialIsNotification != notification {
            scratch.partial = nil  // never happens with the events VCore subscribes to; keep the newer kind
        }
        var partial = scratch.partial ?? scratch.allocator.buffer(capacity: max(count * 2, 4096))
        scratch.partial = nil
        scratch.partialIsNotification = notification
        if !notification && partial.readableBytes + count > configuration.maxMessageSize {
            logger.warning("peer sent a message over maxMessageSize; aborting the association",
                           metadata: ["sctp.limit": "\(configuration.maxMessageSize)"])
            terminate(.messageTooLarge(size: partial.readableBytes + count, limit: configuration.maxMessageSize), abort: true)
            return nil
        }
        partial.writeBytes(bytes)
        if endOfMessage { return partial }
        scratch.partial = partial
        return nil
    }

    /// Applies a notification; returns the session that later messages belong to (a new one after
    /// a peer restart on a listener's association).
    private func handle(_ notification: SCTPNotification, session: InboundSession) -> InboundSession {
        switch notification {
        case .up(let inbound, let outbound):
            knownOutboundStreams.store(UInt32(outbound), ordering: .relaxed)
            let (waiter, becameActive) = state.withLock { state in
                state.streams = SCTPStreamCounts(inbound: inbound, outbound: outbound)
                var waiter: CheckedContinuation<Void, any Error>?
                if case .connecting(let parked) = state.phase {
                    state.phase = .established
                    waiter = parked
                }
                let becameActive = !state.countedActive && !state.phase.isClosed
                if becameActive { state.countedActive = true }
                return (waiter, becameActive)
            }
            if becameActive { SCTPMetrics.increment(metrics.associationsActive) }
            waiter?.resume()
            session.notify(notification)
            return session
        case .restarted(let inbound, let outbound):
            SCTPMetrics.increment(metrics.associationsRestarted)
            knownOutboundStreams.store(UInt32(outbound), ordering: .relaxed)
            let (handler, fresh, waiters) = state.withLock { state in
                state.streams = SCTPStreamCounts(inbound: inbound, outbound: outbound)
                guard let handler = state.restartHandler, !state.phase.isClosed else {
                    return (nil as (@Sendable (InboundSession) -> Void)?, nil as InboundSession?, [CheckedContinuation<Void, any Error>]())
                }
                let fresh = makeSession()
                state.session = fresh
                currentSessionID.store(fresh.id, ordering: .sequentiallyConsistent)
                return (handler, fresh, state.takeSendWaiters())
            }
            session.notify(notification)
            guard let handler, let fresh else { return session }
            logger.notice("peer restarted the association; it continues as a new association",
                          metadata: ["sctp.association": "\(fresh.id)"])
            session.finish(.peerRestarted)
            for waiter in waiters { waiter.resume() }  // they retry, see the new session and throw
            handler(fresh)
            return fresh
        case .cannotStart:
            session.notify(notification)
            fail(errno: ECONNREFUSED)
            return session
        case .lost, .shutdownComplete, .peerShutdown, .peerAddressChanged, .remoteError:
            // Loss and completion are acted on when the socket reports them (error, end of file).
            session.notify(notification)
            return session
        }
    }

    private func makeSession() -> InboundSession {
        let link = self.link
        return InboundSession(limit: configuration.receiveBufferLimit, onRoom: { link.resumeReading() })
    }

    // MARK: Endings

    private struct Ending {
        var session: InboundSession
        var connectWaiter: CheckedContinuation<Void, any Error>?
        var shutdownWaiter: CheckedContinuation<Void, any Error>?
        var sendWaiters: [CheckedContinuation<Void, any Error>]
        var wasActive: Bool
        var wasConnecting: Bool
    }

    /// Moves to `.closed(reason)` once; nil when already closed.
    private func close(reason: SCTPError?) -> Ending? {
        state.withLock { state in
            var ending = Ending(session: state.session, sendWaiters: [], wasActive: state.countedActive, wasConnecting: false)
            switch state.phase {
            case .closed: return nil
            case .connecting(let waiter):
                ending.connectWaiter = waiter
                ending.wasConnecting = true
            case .shuttingDown(let waiter):
                ending.shutdownWaiter = waiter
            case .established:
                break
            }
            state.phase = .closed(reason)
            state.countedActive = false
            ending.sendWaiters = state.takeSendWaiters()
            return ending
        }
    }

    private func finish(_ ending: Ending, sessionError: SCTPError?, connectError: SCTPError, shutdownError: SCTPError?) {
        if ending.wasActive { metrics.associationsActive.wrappingSubtract(1, ordering: .relaxed) }
        ending.connectWaiter?.resume(throwing: connectError)
        if let shutdownError { ending.shutdownWaiter?.resume(throwing: shutdownError) } else { ending.shutdownWaiter?.resume() }
        for waiter in ending.sendWaiters { waiter.resume() }
        ending.session.finish(sessionError)
    }

    /// The peer finished a graceful shutdown, or ours completed.
    private func endOfStream() {
        guard let ending = close(reason: nil) else { return }
        logger.info("SCTP association closed")
        finish(ending, sessionError: nil, connectError: .connectFailed(remote: peer, errno: ECONNRESET), shutdownError: nil)
        driver.close(abort: false)
    }

    /// The socket reported an error: the peer aborted, retransmissions ran out, or the INIT failed.
    private func fail(errno code: Int32) {
        let connecting = state.withLock { if case .connecting = $0.phase { return true } else { return false } }
        if connecting {
            terminate(.connectFailed(remote: peer, errno: code), abort: false)
            return
        }
        switch code {
        case ECONNRESET, ECONNABORTED:
            SCTPMetrics.increment(metrics.associationsAbortedByPeer)
            logger.notice("peer aborted the SCTP association")
            terminate(.peerAborted, abort: false)
        default:
            SCTPMetrics.increment(metrics.associationsLost)
            logger.warning("SCTP association lost", metadata: ["sctp.error": "\(errnoDescription(code))"])
            terminate(.associationLost(errno: code), abort: false)
        }
    }

    private func terminate(_ error: SCTPError, abort: Bool) {
        guard let ending = close(reason: error) else { return }
        finish(ending, sessionError: error, connectError: error, shutdownError: error)
        driver.close(abort: abort)
    }

    /// This side closes: `abort` sends ABORT, else the stack shuts down gracefully in the background.
    private func closeLocally(abort: Bool) {
        guard let ending = close(reason: .closed) else { return }
        finish(ending, sessionError: nil, connectError: .closed, shutdownError: nil)
        driver.close(abort: abort)
    }

    private func isCurrent(_ session: InboundSession) -> Bool {
        session.id == currentSessionID.load(ordering: .sequentiallyConsistent)
    }

    // MARK: Application calls

    func abort(session: InboundSession) {
        guard isCurrent(session) else { return }
        closeLocally(abort: true)
    }

    /// The association object went away without being closed: close gracefully.
    func release(session: InboundSession) {
        guard isCurrent(session) else { return }
        closeLocally(abort: false)
    }

    func send(_ bytes: ByteBuffer, stream: UInt16, ppid: UInt32, unordered: Bool, session: InboundSession) async throws {
        let size = bytes.readableBytes
        if size == 0 { throw SCTPError.emptyMessage }
        if size > configuration.maxMessageSize { throw SCTPError.messageTooLarge(size: size, limit: configuration.maxMessageSize) }
        let outbound = knownOutboundStreams.load(ordering: .relaxed)
        if outbound > 0 && UInt32(stream) >= outbound {
            throw SCTPError.invalidStream(stream, outboundStreams: UInt16(outbound))
        }
        while true {
            guard isCurrent(session) else { throw SCTPError.peerRestarted }
            let generation = writeGeneration.load(ordering: .sequentiallyConsistent)
            let outcome = bytes.withUnsafeReadableBytes { driver.send($0, stream: stream, ppid: ppid, unordered: unordered) }
            switch outcome {
            case .sent:
                SCTPMetrics.increment(metrics.messagesSent)
                SCTPMetrics.increment(metrics.bytesSent, by: size)
                return
            case .wouldBlock:
                SCTPMetrics.increment(metrics.sendWaits)
                try await waitUntilWritable(after: generation)
            case .failed(let code):
                throw sendError(code, size: size)
            case .closed:
                throw terminalError()
            }
        }
    }

    private func sendError(_ code: Int32, size: Int) -> SCTPError {
        switch code {
        case ECONNRESET, ECONNABORTED: return .peerAborted
        case EPIPE, ENOTCONN, ESHUTDOWN: return terminalError()
        case EMSGSIZE: return .messageTooLarge(size: size, limit: configuration.sendBufferLimit)
        default: return .sendFailed(errno: code)
        }
    }

    private func terminalError() -> SCTPError {
        state.withLock { state in
            if case .closed(let reason) = state.phase { return reason ?? .closed }
            return .closed
        }
    }

    private func waitUntilWritable(after generation: UInt64) async throws {
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).oldValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let parked = state.withLock { state in
                    // A writable event since the failed send, or the end: retry at once.
                    if writeGeneration.load(ordering: .sequentiallyConsistent) != generation || state.phase.isClosed {
                        return false
                    }
                    state.sendWaiters[id] = continuation
                    return true
                }
                guard parked else {
                    continuation.resume()
                    return
                }
                driver.armWritable()
                if Task.isCancelled { cancelSendWaiter(id) }
            }
        } onCancel: {
            cancelSendWaiter(id)
        }
    }

    private func cancelSendWaiter(_ id: UInt64) {
        let waiter = state.withLock { $0.sendWaiters.removeValue(forKey: id) }
        waiter?.resume(throwing: CancellationError())
    }

    /// Waits for COMM_UP after the backend started the INIT exchange.
    func awaitEstablished() async throws {
        let timeout = configuration.connectTimeout
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            if Task.isCancelled { return }
            self?.terminateConnect(.connectTimedOut(remote: self?.peer ?? "?", after: timeout))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, SCTPError>? = state.withLock { state in
                    switch state.phase {
                    case .connecting(.none):
                        state.phase = .connecting(continuation)
                        return nil
                    case .connecting(.some): return .failure(.concurrentReceive)
                    case .established, .shuttingDown: return .success(())
                    case .closed(let reason): return .failure(reason ?? .closed)
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            self.terminateConnect(.closed)
        }
    }

    private func terminateConnect(_ error: SCTPError) {
        let connecting = state.withLock { if case .connecting = $0.phase { return true } else { return false } }
        guard connecting else { return }
        terminate(error, abort: true)
    }

    /// Graceful shutdown: SHUTDOWN once the peer has acknowledged everything queued, then wait for
    /// SHUTDOWN-COMPLETE; after `shutdownTimeout` abort instead.
    func shutdown(session: InboundSession) async throws {
        guard isCurrent(session) else { return }
        enum Start { case proceed, done, abortInstead }
        let start: Start = state.withLock { state in
            switch state.phase {
            case .established:
                state.phase = .shuttingDown(nil)
                return .proceed
            case .shuttingDown, .closed: return .done
            case .connecting: return .abortInstead
            }
        }
        switch start {
        case .done: return
        case .abortInstead:
            closeLocally(abort: true)
            return
        case .proceed:
            break
        }
        if let code = driver.shutdownWrite(), code != ENOTCONN {
            terminate(.socketFailed(operation: "shutdown(SHUT_WR)", errno: code), abort: true)
            throw SCTPError.socketFailed(operation: "shutdown(SHUT_WR)", errno: code)
        }
        let timeout = configuration.shutdownTimeout
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            if Task.isCancelled { return }
            self?.shutdownTimedOut(after: timeout)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let immediate: Result<Void, SCTPError>? = state.withLock { state in
                switch state.phase {
                case .shuttingDown(.none):
                    state.phase = .shuttingDown(continuation)
                    return nil
                case .closed(let reason):
                    if let reason, reason != .closed { return .failure(reason) }
                    return .success(())
                default:
                    return .success(())
                }
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    private func shutdownTimedOut(after timeout: Duration) {
        let shuttingDown = state.withLock { if case .shuttingDown = $0.phase { return true } else { return false } }
        guard shuttingDown else { return }
        logger.warning("SCTP shutdown timed out; aborting")
        terminate(.shutdownTimedOut(after: timeout), abort: true)
    }
}

/// Lets the inbound queue (created before the core) restart the core's reader without keeping it alive.
final class CoreLink: Sendable {
    private struct Weak { weak var core: AssociationCore? }
    private let target = Mutex(Weak())

    func set(_ core: AssociationCore) { target.withLock { $0.core = core } }

    func resumeReading() {
        target.withLock { $0.core }?.readMore()
    }
}
