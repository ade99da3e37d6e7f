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
    let respond: @Sendable (DiameterMessage) async -> DiameterResponse?

    public init(owner: String, answer: @escaping @Sendable (DiameterMessage) async -> DiameterMessage?) {
        self.init(owner: owner, respond: { request in await answer(request).map { DiameterResponse($0) } })
    }

    /// For logic with work to do once its answer is written (`DiameterResponse.afterAnswer`).
    public init(owner: String, respond: @escaping @Sendable (DiameterMessage) async -> DiameterResponse?) {
        self.owner = owner
        self.respond = respond
    }

    public func respond(to request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterResponse {
        guard let response = await respond(request) else {
            throw DiameterAnswerError(.unableToComply, errorMessage: "the \(owner) has no answer to this request")
        }
        return response
    }

    /// The answer alone: with no write to wait for, what follows the answer runs at once.
    public func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        let response = try await respond(to: request, from: peer)
        response.afterAnswer?()
        return response.answer
    }
}
