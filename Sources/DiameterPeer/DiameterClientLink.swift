import Diameter
import Logging
import NIOCore

/// One Diameter link to a peer (by DNS name, reconnecting with back-off) for a network function
/// whose logic builds its own requests and keeps its own timers (the MME's S6a, the PGW's Gx):
/// each request is sent, and its answer handed back under the hop-by-hop identifier the logic
/// gave it, because the peer layer numbers its requests itself.
public final class DiameterClientLink: Sendable {
    public let node: DiameterNode
    public let host: String
    private let link: DiameterPeerLink
    private let deliver: @Sendable (DiameterMessage) -> Void
    private let logger: Logger

    /// A link over TCP to `host:port`.
    public convenience init(node: DiameterNode, host: String, port: Int, logger: Logger,
                            deliver: @escaping @Sendable (DiameterMessage) -> Void) {
        self.init(node: node, link: node.link(host: host, port: port), logger: logger, deliver: deliver)
    }

    /// Over a link of the node's already made (`node.link(sctp:host:port:)` for SCTP).
    public init(node: DiameterNode, link: DiameterPeerLink, logger: Logger, deliver: @escaping @Sendable (DiameterMessage) -> Void) {
        self.node = node
        host = link.host
        self.deliver = deliver
        self.logger = logger
        self.link = link
    }

    public var isOpen: Bool { link.connection?.isOpen ?? false }

    /// Sends a request; a request that gets no answer is only logged: the caller's own timer
    /// retries or fails what it was for.
    public func send(_ message: DiameterMessage) {
        guard message.isRequest else {
            // Answers to the peer's requests go back through the node's request handler.
            logger.debug("Diameter answer outside a request handler dropped")
            return
        }
        let hopByHop = message.header.hopByHop
        let node = self.node, deliver = self.deliver, logger = self.logger
        Task {
            do {
                var answer = try await node.request(message)
                answer.header.hopByHop = hopByHop
                deliver(answer)
            } catch {
                logger.notice("Diameter request not answered", metadata: ["command": "\(message.name)", "error": "\(error)"])
            }
        }
    }

    public func shutdown() async {
        await node.shutdown()
    }
}

/// Requests from the peer (Cancel Location, Re-Auth, ...) answered by the network function's own
/// logic; a request it has no answer for gets 5012.
public struct DelegatingRequestHandler: DiameterRequestHandler {
    let owner: String
    let answer: @Sendable (DiameterMessage) async -> DiameterMessage?

    public init(owner: String, answer: @escaping @Sendable (DiameterMessage) async -> DiameterMessage?) {
        self.owner = owner
        self.answer = answer
    }

    public func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        guard let answer = await answer(request) else {
            throw DiameterAnswerError(.unableToComply, errorMessage: "the \(owner) has no answer to this request")
        }
        return answer
    }
}
