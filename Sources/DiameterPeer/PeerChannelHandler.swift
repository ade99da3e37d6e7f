import Diameter
import Logging
import NIOCore
import Wire

/// The NIO side of one peer connection: feeds framed messages, requests and the clock into a
/// `PeerStateMachine` and performs the actions it returns. Everything here runs on the channel's
/// event loop.
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Completion = CheckedContinuation<Result<DiameterMessage, DiameterRequestError>, Never>

    private let role: PeerStateMachine.Role
    private let node: DiameterNode
    private var machine: PeerStateMachine?
    private var context: ChannelHandlerContext?
    private var timer: RepeatedTask?
    private var waiting: [PeerStateMachine.RequestToken: Completion] = [:]
    private var nextToken: UInt64 = 1
    private var readingPaused = false
    private var logger: Logger
    weak var connection: DiameterConnection?

    init(role: PeerStateMachine.Role, node: DiameterNode, logger: Logger) {
        self.role = role
        self.node = node
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        let now = NIODeadline.now()
        let local = context.channel.localAddress?.ipAddress.flatMap { IPAddress($0) }
        if let remote = context.channel.remoteAddress { logger[metadataKey: "remote"] = "\(remote)" }
        let connectionID = ObjectIdentifier(self)
        let node = self.node
        machine = PeerStateMachine(role: role, identity: node.identity, settings: node.settings, localAddress: local,
                                   now: now, hopByHopSeed: UInt32.random(in: 1...UInt32.max),
                                   endToEndSeed: DiameterNode.endToEndSeed(),
                                   admission: { capabilities, role in node.admit(capabilities, role: role, connection: connectionID) })
        let resolution = node.settings.timerResolution
        // The timer holds the handler until channelInactive cancels it.
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: resolution, delay: resolution) { _ in
            bound.value.apply { $0.tick(now: .now()) }
        }
        apply { $0.start(now: now) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        apply { $0.transportClosed() }
        if let connection { node.connectionClosed(connection, reason: closeReason) }
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        node.metrics.received(bytes)
        apply { $0.receive(bytes, now: .now()) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A framing error (a length that cannot be right) leaves no way to find the next message.
        logger.warning("closing Diameter connection", metadata: ["error": "\(error)"])
        node.metrics.protocolViolation()
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // While the peer does not read our answers, stop reading its requests: the send queue
        // stays bounded by the channel's water marks instead of growing with every request.
        let writable = context.channel.isWritable
        if writable && readingPaused {
            readingPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            context.read()
        } else if !writable && !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Calls from other threads, hopped onto the event loop by `DiameterConnection`

    var capabilities: PeerCapabilities? { machine?.peer }
    var isOpen: Bool { machine?.state == .open }
    private(set) var closeReason: PeerStateMachine.CloseReason?

    func send(_ request: DiameterMessage, timeout: TimeAmount?, completion: Completion) {
        if let context, !context.channel.isWritable {
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

    private func perform(_ actions: [PeerStateMachine.Action]) {
        var written = false
        for action in actions {
            switch action {
            case .write(let message):
                guard let context else { continue }
                var buffer = context.channel.allocator.buffer(capacity: message.encodedSizeEstimate)
                message.encode(into: &buffer)
                node.metrics.sent(message)
                context.write(wrapOutboundOut(buffer), promise: nil)
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
                guard let context else { continue }
                // Close once the writes queued before (the CEA that refuses, the DPA) have gone out.
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
            }
        }
        if written { context?.flush() }
    }

    private func deliver(_ request: DiameterMessage) {
        guard let context else { return }
        let eventLoop = context.eventLoop
        let node = self.node
        let peer = machine?.peer ?? PeerCapabilities(originHost: "", originRealm: "")
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        Task {
            let answer = await node.answer(request, from: peer)
            eventLoop.execute { bound.value.apply { $0.answer(answer, now: .now()) } }
        }
    }
}
