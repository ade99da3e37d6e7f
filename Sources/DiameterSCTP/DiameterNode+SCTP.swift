import Diameter
import DiameterPeer
import Logging
import NIOCore
import NIOPosix
import SCTP
import Wire

/// Diameter over SCTP for a `DiameterNode`: listeners and connections over an `SCTPTransport`
/// (kernel SCTP or usrsctp, whichever it chose). Their peers join the node's peer table next to
/// the TCP ones, and the same `PeerStateMachine` runs them.
///
/// ```swift
/// let sctp = try SCTPTransport(configuration: configuration, logger: logger)
/// try node.listen(sctp: sctp, on: [try SocketAddress(ipAddress: "10.0.0.2", port: 3868)])
/// let link = node.link(sctp: sctp, host: "hss.example", port: 3868)
/// ```
extension DiameterNode {
    /// Listens for peers on `addresses` (one port); returns the addresses bound.
    @discardableResult
    public func listen(sctp transport: SCTPTransport, on addresses: [SocketAddress]) throws -> [SocketAddress] {
        let listener = try transport.listen(on: addresses)
        let logger = self.logger
        let accepting = Task {
            do {
                for try await association in listener {
                    _ = try await self.serve(association, role: .responder)
                }
            } catch {
                logger.error("Diameter SCTP listener failed", metadata: ["error": "\(error)"])
            }
        }
        addListener {
            listener.close()
            await accepting.value
        }
        logger.info("Diameter listening", metadata: ["address": "\(Self.endpoints(listener.localAddresses))", "transport": "sctp",
                                                     "backend": "\(transport.selectedBackend.rawValue)"])
        return listener.localAddresses
    }

    /// One association to `host` (a name or an address) and `port`; the capabilities exchange
    /// starts at once. Use `link(sctp:host:port:)` for one that keeps itself up.
    public func connect(sctp transport: SCTPTransport, host: String, port: Int) async throws -> DiameterConnection {
        let address = try await Self.resolve(host, port: port)
        let association = try await transport.connect(to: [address])
        return try await serve(association, role: .initiator)
    }

    /// An SCTP link to `host:port` that reconnects with back-off until stopped.
    public func link(sctp transport: SCTPTransport, host: String, port: Int) -> DiameterPeerLink {
        link(host: host, port: port, transport: .sctp) { [self] in try await connect(sctp: transport, host: host, port: port) }
    }

    /// An address literal as it is, a name through getaddrinfo (on the thread pool: it blocks).
    static func resolve(_ host: String, port: Int) async throws -> SocketAddress {
        if let literal = try? SocketAddress(ipAddress: host, port: port) { return literal }
        return try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
    }

    /// "10.0.0.1:3868, [fd00::1]:3868": addresses as logs show them, primary first.
    static func endpoints(_ addresses: [SocketAddress]) -> String {
        addresses.map { address in
            let host = address.ipAddress ?? "?"
            return (host.contains(":") ? "[\(host)]" : host) + ":\(address.port ?? 0)"
        }.joined(separator: ", ")
    }

    /// Runs a peer connection over `association`: a reader task feeds its messages to the driver
    /// on one event loop, a writer task sends what the driver writes, in order.
    func serve(_ association: SCTPAssociation, role: PeerStateMachine.Role) async throws -> DiameterConnection {
        let eventLoop = group.next()
        let closed = eventLoop.makePromise(of: Void.self)
        let queue = OutboundQueue(limit: settings.maximumOutboundQueueBytes)
        let (outbound, continuation) = AsyncStream.makeStream(of: OutboundMessage.self)
        let logger = self.logger
        let localAddresses = association.localAddresses.compactMap { $0.ipAddress.flatMap { IPAddress($0) } }
        let remote = Self.endpoints(association.remoteAddresses)
        return try await eventLoop.submit {
            let (connection, driver) = self.attach(role: role, transport: .sctp, eventLoop: eventLoop, closeFuture: closed.futureResult) {
                association.abort()
            }
            let transport = SCTPPeerTransport(association: association, outbound: continuation, queue: queue)
            driver.transportActive(transport, localAddresses: localAddresses, remote: "sctp \(remote)", framing: .messageBoundaries)
            let bound = NIOLoopBound(driver, eventLoop: eventLoop)
            Task {
                for await message in outbound {
                    do {
                        try await association.send(message.bytes, stream: message.stream, ppid: DiameterSCTP.ppid)
                    } catch {
                        logger.debug("Diameter SCTP send failed", metadata: ["association": "\(association.id)", "error": "\(error)"])
                    }
                    queue.sent(message.bytes.readableBytes)
                    message.whenWritten?()
                }
                // Closed by the driver (after a DPA, a refused CEA) or by the peer: SHUTDOWN once
                // what was queued is delivered; harmless on an association that is down.
                try? await association.shutdown()
            }
            Task {
                do {
                    for try await message in association.inbound {
                        guard DiameterSCTP.accepts(ppid: message.ppid) else {
                            logger.notice("dropped SCTP message with PPID \(message.ppid)", metadata: ["association": "\(association.id)"])
                            continue
                        }
                        await queue.waitUntilBelowLimit()
                        eventLoop.execute { bound.value.received(message.bytes) }
                    }
                } catch {
                    logger.notice("Diameter SCTP association ended", metadata: ["association": "\(association.id)", "error": "\(error)"])
                }
                continuation.finish()
                queue.close()
                eventLoop.execute {
                    bound.value.transportClosed()
                    closed.succeed()
                }
            }
            return connection
        }.get()
    }
}
