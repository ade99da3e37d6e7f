import Diameter
import Logging
import NIOCore
import Wire

/// What a peer connection's transport does for `PeerDriver`: a TCP channel (`PeerChannelHandler`)
/// or an SCTP association (the DiameterSCTP module). Called on the driver's event loop only.
package protocol PeerTransport: AnyObject {
    /// Queues one message; `flush()` sends what is queued. `whenWritten`, when given, runs once
    /// the message has been written, or could not be (the transport closed).
    func write(_ message: DiameterMessage, whenWritten: (@Sendable () -> Void)?)
    func flush()
    /// False while more is queued for sending than `DiameterPeerSettings.maximumOutboundQueueBytes`.
    var isWritable: Bool { get }
    /// Closes the transport once the messages written before have gone out.
    func closeAfterQueuedWrites()
}

/// Carries out what a `PeerStateMachine` decides, whatever the transport: feeds it messages,
/// requests and the clock, performs the actions it returns (writes, requests for the application,
/// answers for waiting callers, close) and keeps the node's registry and metrics up to date.
/// Everything here runs on one event loop; `DiameterConnection` hops calls onto it.
package final class PeerDriver {
    package typealias Completion = CheckedContinuation<Result<DiameterMessage, DiameterRequestError>, Never>

    private let role: PeerStateMachine.Role
    private let node: DiameterNode
    private let eventLoop: any EventLoop
    private var machine: PeerStateMachine?
    private var transport: (any PeerTransport)?
    private var timer: RepeatedTask?
    private var waiting: [PeerStateMachine.RequestToken: Completion] = [:]
    private var nextToken: UInt64 = 1
    private var logger: Logger
    weak var connection: DiameterConnection?

    package init(role: PeerStateMachine.Role, node: DiameterNode, eventLoop: any EventLoop, logger: Logger) {
        self.role = role
        self.node = node
        self.eventLoop = eventLoop
        self.logger = logger
    }

    // MARK: Transport events

    /// The transport is up: the state machine starts (an initiator sends CER) and so does its clock.
    /// - Parameters:
    ///   - localAddresses: the connection's own addresses, for Host-IP-Address when the identity names none.
    ///   - framing: whether the transport keeps message boundaries (SCTP) or cuts a byte stream (TCP).
    package func transportActive(_ transport: any PeerTransport, localAddresses: [IPAddress], remote: String?,
                                 framing: PeerStateMachine.Framing) {
        self.transport = transport
        let now = NIODeadline.now()
        if let remote { logger[metadataKey: "remote"] = "\(remote)" }
        let connectionID = ObjectIdentifier(self)
        let node = self.node
        machine = PeerStateMachine(role: role, identity: node.identity, settings: node.settings, localAddresses: localAddresses,
                                   framing: framing, now: now, hopByHopSeed: UInt32.random(in: 1...UInt32.max),
                                   endToEndSeed: DiameterNode.endToEndSeed(),
                                   admission: { capabilities, role in node.admit(capabilities, role: role, connection: connectionID) })
        let resolution = node.settings.timerResolution
        // The timer holds the driver until `transportClosed` cancels it.
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleRepeatedTask(initialDelay: resolution, delay: resolution) { _ in
            bound.value.apply { $0.tick(now: .now()) }
        }
        apply { $0.start(now: now) }
    }

    /// One whole message from the peer.
    package func received(_ bytes: ByteBuffer) {
        node.metrics.received(bytes)
        apply { $0.receive(bytes, now: .now()) }
    }

    /// A byte stream that no longer frames: the transport closes it, since nothing tells where
    /// the next message starts.
    package func framingFailed(_ error: any Error) {
        logger.warning("closing Diameter connection", metadata: ["error": "\(error)"])
        node.metrics.protocolViolation()
    }

    /// The transport is gone: waiting requests fail and the node forgets the connection.
    package func transportClosed() {
        timer?.cancel()
        timer = nil
        apply { $0.transportClosed() }
        if let connection { node.connectionClosed(connection, reason: closeReason) }
        transport = nil
    }

    // MARK: Calls from other threads, hopped onto the event loop by `DiameterConnection`

    var capabilities: PeerCapabilities? { machine?.peer }
    var isOpen: Bool { machine?.state == .open }
    private(set) var closeReason: PeerStateMachine.CloseReason?

    func send(_ request: DiameterMessage, timeout: TimeAmount?, completion: Completion) {
        if let transport, !transport.isWritable {
            completion.resume(returning: .failure(.overloaded))
            return
        }
        let token = PeerStateMachine.RequestToken(nextToken)
        nextToken += 1
        waiting[token] = completion
        apply { $0.send(request: request, token: token, timeout: timeout, now: .now()) }
    }

    func disconnect(cause: DisconnectCause) {
        apply { $0.disconnect(cause: cause, now: .now()) }
    }

    // MARK: Actions

    private func apply(_ event: (inout PeerStateMachine) -> [PeerStateMachine.Action]) {
        guard var machine else { return }
        let actions = event(&machine)
        self.machine = machine
        perform(actions)
    }

    /// Performs the actions; `afterAnswer` goes with the write of `answer` (if one of them is), or
    /// runs at the end when the answer is not written.
    private func perform(_ actions: [PeerStateMachine.Action], answer: DiameterMessage? = nil,
                         afterAnswer: (@Sendable () -> Void)? = nil) {
        var written = false
        var afterAnswer = afterAnswer
        defer { afterAnswer?() }
        for action in actions {
            switch action {
            case .write(let message):
                guard let transport else { continue }
                node.metrics.sent(message)
                let isAnswer = !message.isRequest && message.header.hopByHop == answer?.header.hopByHop
                transport.write(message, whenWritten: isAnswer ? afterAnswer : nil)
                if isAnswer { afterAnswer = nil }
                written = true
            case .deliverRequest(let request):
                deliver(request)
            case .completeRequest(let token, let answer):
                waiting.removeValue(forKey: token)?.resume(returning: .success(answer))
            case .failRequest(let token, let error):
                if error == .timedOut { node.metrics.requestTimedOut() }
                waiting.removeValue(forKey: token)?.resume(returning: .failure(error))
            case .opened(let capabilities):
                logger[metadataKey: "peer"] = "\(capabilities.originHost)"
                logger.info("Diameter peer open", metadata: [
                    "realm": "\(capabilities.originRealm)", "product": "\(capabilities.productName)",
                    "applications": "\(capabilities.applications.map(\.rawValue).sorted())",
                ])
                if let connection { node.connectionOpened(connection, capabilities) }
            case .watchdogChanged(let status):
                logger.warning("Diameter watchdog \(status == .suspect ? "suspects the peer" : "sees the peer again")")
                if status == .suspect { node.metrics.watchdogSuspect() }
            case .refusedRequest(let code):
                node.metrics.refused(code)
            case .close(let reason):
                closeReason = reason
                logger.info("closing Diameter connection", metadata: ["reason": "\(reason)"])
                written = false
                // Closes once the writes queued before (the CEA that refuses, the DPA) have gone out.
                transport?.closeAfterQueuedWrites()
            }
        }
        if written { transport?.flush() }
    }

    private func deliver(_ request: DiameterMessage) {
        guard transport != nil else { return }
        let eventLoop = self.eventLoop
        let node = self.node
        let peer = machine?.peer ?? PeerCapabilities(originHost: "", originRealm: "")
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        Task {
            let response = await node.answer(request, from: peer)
            eventLoop.execute { bound.value.answered(response) }
        }
    }

    /// The application's answer to a delivered request: written while the connection can still
    /// take it, with what the application does after it.
    private func answered(_ response: DiameterResponse) {
        guard var machine else {
            response.afterAnswer?()
            return
        }
        let actions = machine.answer(response.answer, now: .now())
        self.machine = machine
        perform(actions, answer: response.answer, afterAnswer: response.afterAnswer)
    }
}
