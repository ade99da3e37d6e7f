import Diameter
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A Diameter node: listens for peers, connects to peers (reconnecting), answers their requests
/// through a `DiameterRequestHandler` and routes its own requests to them. TCP is built in; the
/// DiameterSCTP module adds SCTP listeners and connections (`listen(sctp:on:)`), which share the
/// peer table, the routing and the `PeerStateMachine` with TCP.
///
/// ```swift
/// let node = DiameterNode(identity: identity, handler: S6aServer(...))
/// let address = try await node.listen(host: "0.0.0.0", port: 3868)
/// let answer = try await node.request(clr)           // routed by Destination-Host / -Realm
/// ```
public final class DiameterNode: Sendable {
    public let identity: DiameterNodeIdentity
    public let settings: DiameterPeerSettings
    let handler: (any DiameterRequestHandler)?
    package let group: any EventLoopGroup
    package let logger: Logger
    let metrics = DiameterMetrics()

    private struct Registry {
        var connections: [ObjectIdentifier: DiameterConnection] = [:]
        /// The open connection of each peer, by lower-cased Origin-Host.
        var open: [String: DiameterConnection] = [:]
        /// How to close each listener.
        var listeners: [@Sendable () async -> Void] = []
        var links: [DiameterPeerLink] = []
        var nextRoute = 0
    }

    private let registry = Mutex(Registry())

    public init(identity: DiameterNodeIdentity, settings: DiameterPeerSettings = .init(),
                handler: (any DiameterRequestHandler)? = nil, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "vcore.diameter")) {
        self.identity = identity
        self.settings = settings
        self.handler = handler
        self.group = group
        self.logger = logger
    }

    /// End-to-End Identifiers start with the low 12 bits of the clock in the high bits and random
    /// low bits, so that they do not repeat across a restart (RFC 6733 3).
    static func endToEndSeed() -> UInt32 {
        let seconds = UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
        return (seconds & 0xFFF) << 20 | UInt32.random(in: 0..<(1 << 20))
    }

    // MARK: Transport

    /// Listens for peers; returns the bound address (port 0 picks a free one).
    @discardableResult
    public func listen(host: String, port: Int) async throws -> SocketAddress {
        let channel = try await serverBootstrap.serverChannelOption(.socketOption(.so_reuseaddr), value: 1).bind(host: host, port: port).get()
        listening(channel)
        return channel.localAddress!
    }

    /// Listens on a TCP socket that is already bound and listening (made inside another network
    /// namespace, say: it stays there); the node owns it from now on.
    @discardableResult
    public func listen(boundSocket descriptor: CInt) async throws -> SocketAddress? {
        let channel = try await serverBootstrap.withBoundSocket(descriptor).get()
        listening(channel)
        return channel.localAddress
    }

    /// TCP listeners: each accepted connection answers CER as the responder.
    private var serverBootstrap: ServerBootstrap {
        ServerBootstrap(group: group)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: waterMark)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.setUp(channel, role: .responder) }
            }
    }

    private func listening(_ channel: any Channel) {
        addListener { try? await channel.close() }
        logger.info("Diameter listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")", "transport": "tcp"])
    }

    /// One connection attempt to `host` (a name or an address) and `port`; the capabilities
    /// exchange starts at once. Use `link(host:port:)` for a connection that keeps itself up.
    public func connect(host: String, port: Int) async throws -> DiameterConnection {
        let box = Mutex<DiameterConnection?>(nil)
        _ = try await ClientBootstrap(group: group)
            // tcpOption: `.socketOption(.tcp_nodelay)` is level SOL_SOCKET, where 1 is SO_DEBUG,
            // which needs CAP_NET_ADMIN and is refused inside a pod.
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: waterMark)
            .connectTimeout(settings.connectTimeout)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = try self.setUp(channel, role: .initiator)
                    box.withLock { $0 = connection }
                }
            }
            .connect(host: host, port: port).get()
        return box.withLock { $0 }!
    }

    /// A client connection to `host:port` that reconnects with back-off until stopped.
    public func link(host: String, port: Int) -> DiameterPeerLink {
        link(host: host, port: port, transport: .tcp) { [self] in try await connect(host: host, port: port) }
    }

    /// A link to `host:port` whose connections `connect` opens (over another transport).
    package func link(host: String, port: Int, transport: DiameterTransport,
                      connect: @escaping @Sendable () async throws -> DiameterConnection) -> DiameterPeerLink {
        let link = DiameterPeerLink(host: host, port: port, transport: transport)
        registry.withLock { $0.links.append(link) }
        link.run(node: self, connect: connect)
        return link
    }

    /// Remembers how to close a listener, for `shutdown`.
    package func addListener(_ close: @escaping @Sendable () async -> Void) {
        registry.withLock { $0.listeners.append(close) }
    }

    /// A connection over a transport of another module, registered with the node: `driver` is
    /// then given the transport's events on `eventLoop`.
    package func attach(role: PeerStateMachine.Role, transport: DiameterTransport, eventLoop: any EventLoop,
                        closeFuture: EventLoopFuture<Void>,
                        abort: @escaping @Sendable () async -> Void) -> (DiameterConnection, PeerDriver) {
        let driver = PeerDriver(role: role, node: self, eventLoop: eventLoop, logger: logger)
        let connection = DiameterConnection(role: role, transport: transport, driver: driver, eventLoop: eventLoop,
                                            closeFuture: closeFuture, abort: abort)
        driver.connection = connection
        registry.withLock { $0.connections[connection.id] = connection }
        return (connection, driver)
    }

    private var waterMark: ChannelOptions.Types.WriteBufferWaterMark {
        .init(low: settings.maximumOutboundQueueBytes / 2, high: settings.maximumOutboundQueueBytes)
    }

    @discardableResult
    private func setUp(_ channel: any Channel, role: PeerStateMachine.Role) throws -> DiameterConnection {
        let (connection, driver) = attach(role: role, transport: .tcp, eventLoop: channel.eventLoop, closeFuture: channel.closeFuture,
                                          abort: { try? await channel.close() })
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DiameterFrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(PeerChannelHandler(driver: driver))
        return connection
    }

    // MARK: Peers

    /// The peers with an open connection.
    public var openPeers: [PeerCapabilities] {
        registry.withLock { $0.open.values.compactMap(\.capabilities) }.sorted { $0.originHost < $1.originHost }
    }

    public func connection(toPeer host: String) -> DiameterConnection? {
        registry.withLock { $0.open[host.lowercased()] }.flatMap { $0.isOpen ? $0 : nil }
    }

    /// Waits until a peer (this one, or any) is open, at most `timeout`.
    public func waitForPeer(_ host: String? = nil, timeout: TimeAmount) async -> DiameterConnection? {
        let deadline = NIODeadline.now() + timeout
        while true {
            let found = registry.withLock { registry in
                host.map { registry.open[$0.lowercased()] } ?? registry.open.values.first
            }
            if let found, found.isOpen { return found }
            if NIODeadline.now() >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Called by a state machine when a peer passed the capabilities exchange: admits it (and
    /// records it as open) or refuses it.
    func admit(_ capabilities: PeerCapabilities, role: PeerStateMachine.Role,
               connection id: ObjectIdentifier) -> DiameterResultCode? {
        let key = capabilities.originHost.lowercased()
        let (refusal, replaced): (DiameterResultCode?, DiameterConnection?) = registry.withLock { registry in
            guard let connection = registry.connections[id] else { return (.unableToComply, nil) }
            guard let existing = registry.open[key], existing.id != id, existing.isOpen else {
                registry.open[key] = connection
                return (nil, nil)
            }
            switch PeerAdmission.decide(existing: existing.role, new: role, localHost: identity.originHost,
                                        peerHost: capabilities.originHost) {
            case .accept:
                registry.open[key] = connection
                return (nil, nil)
            case .acceptReplacingExisting:
                registry.open[key] = connection
                return (nil, existing)
            case .refuse:
                return (.unableToComply, nil)
            }
        }
        if let replaced {
            logger.info("Diameter election: keeping the newer connection", metadata: ["peer": "\(capabilities.originHost)"])
            Task { await replaced.disconnect(cause: .doNotWantToTalkToYou) }
        }
        if refusal != nil {
            logger.warning("Diameter peer refused: already connected", metadata: ["peer": "\(capabilities.originHost)"])
        }
        return refusal
    }

    func connectionOpened(_ connection: DiameterConnection, _ capabilities: PeerCapabilities) {
        connection.markOpen(capabilities)
        metrics.openPeers.record(registry.withLock { $0.open.count })
    }

    func connectionClosed(_ connection: DiameterConnection, reason: PeerStateMachine.CloseReason?) {
        connection.markClosed()
        let count = registry.withLock { registry in
            registry.connections.removeValue(forKey: connection.id)
            if let host = connection.capabilities?.originHost.lowercased(), registry.open[host]?.id == connection.id {
                registry.open.removeValue(forKey: host)
            }
            return registry.open.count
        }
        metrics.openPeers.record(count)
    }

    // MARK: Requests

    /// Answers a request through the handler; what it throws becomes the protocol answer.
    func answer(_ request: DiameterMessage, from peer: PeerCapabilities) async -> DiameterResponse {
        guard let handler else { return DiameterResponse(DiameterMessage.errorAnswer(to: request, from: identity, .commandUnsupported)) }
        do {
            return try await handler.respond(to: request, from: peer)
        } catch {
            metrics.refused(error.resultCode)
            return DiameterResponse(DiameterMessage.errorAnswer(to: request, from: identity, error))
        }
    }

    /// Sends a request to the peer it is for: Destination-Host when that peer is connected,
    /// otherwise a peer of Destination-Realm supporting the application, otherwise any peer
    /// supporting it (round robin).
    public func request(_ message: DiameterMessage, timeout: TimeAmount? = nil) async throws(DiameterRequestError) -> DiameterMessage {
        guard let connection = route(message) else {
            throw .noRoute(message[.destinationHost]?.value.text ?? message[.destinationRealm]?.value.text
                           ?? DiameterApplication(rawValue: message.applicationID).description)
        }
        return try await connection.request(message, timeout: timeout)
    }

    func route(_ message: DiameterMessage) -> DiameterConnection? {
        let application = DiameterApplication(rawValue: message.applicationID)
        let host = message[.destinationHost]?.value.text?.lowercased()
        let realm = message[.destinationRealm]?.value.text?.lowercased()
        return registry.withLock { registry in
            if let host, let connection = registry.open[host], connection.isOpen { return connection }
            let candidates = registry.open.values.filter { connection in
                guard connection.isOpen, let capabilities = connection.capabilities else { return false }
                return capabilities.applications.contains(application) || capabilities.applications.contains(.relay)
            }.sorted { ($0.capabilities?.originHost ?? "") < ($1.capabilities?.originHost ?? "") }
            let inRealm = candidates.filter { $0.capabilities?.originRealm.lowercased() == realm }
            let choices = inRealm.isEmpty ? candidates : inRealm
            guard !choices.isEmpty else { return nil }
            registry.nextRoute &+= 1
            return choices[registry.nextRoute % choices.count]
        }
    }

    // MARK: Shutdown

    /// Stops listening and reconnecting, sends DPR to every peer and waits until the
    /// connections are closed (each at most the DPR timeout).
    public func shutdown(cause: DisconnectCause = .rebooting) async {
        let (listeners, links, connections) = registry.withLock { registry in
            (registry.listeners, registry.links, Array(registry.connections.values))
        }
        for close in listeners { await close() }
        await withTaskGroup(of: Void.self) { group in
            for link in links { group.addTask { await link.stop(cause: cause) } }
            for connection in connections { group.addTask { await connection.disconnect(cause: cause) } }
        }
    }
}
