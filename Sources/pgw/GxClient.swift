import Diameter
import DiameterPeer
import Logging
import NIOCore

/// Gx: one Diameter/TCP link to the PCRF (by DNS name, reconnecting with back-off), as the MME's
/// S6aClient does S6a. The PGW builds its requests and keeps its own policy timer; this layer
/// sends each one and posts the answer back under the hop-by-hop identifier the PGW gave it (the
/// peer layer numbers its requests itself).
final class GxClient: Sendable {
    let node: DiameterNode
    let pcrf: String
    private let link: DiameterPeerLink
    private let inbox: PGWInbox
    private let logger: Logger

    init(node: DiameterNode, pcrf: String, port: Int, inbox: PGWInbox, logger: Logger) {
        self.node = node
        self.pcrf = pcrf
        self.inbox = inbox
        self.logger = logger
        link = node.link(host: pcrf, port: port)
    }

    var isOpen: Bool { link.connection?.isOpen ?? false }

    func send(_ message: DiameterMessage) {
        guard message.isRequest else {
            // Answers to the PCRF's requests (RAA) go back through `GxRequestHandler`.
            logger.debug("Diameter answer outside a request handler dropped")
            return
        }
        let hopByHop = message.header.hopByHop
        let node = self.node, inbox = self.inbox, logger = self.logger
        Task {
            do {
                var answer = try await node.request(message)
                answer.header.hopByHop = hopByHop
                inbox.post(.diameter(answer))
            } catch {
                // The PGW's own policy timer refuses the session (CCR-I) or lets it be (CCR-T).
                logger.notice("Gx request not answered", metadata: ["command": "\(message.name)", "error": "\(error)"])
            }
        }
    }

    func shutdown() async {
        await node.shutdown()
    }
}

/// Requests from the PCRF (Re-Auth) are answered by the PGW itself.
struct GxRequestHandler: DiameterRequestHandler {
    let core: PGWCore

    func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        guard let answer = await core.answer(request) else { throw DiameterAnswerError(.unableToComply, errorMessage: "the PGW has no answer to this request") }
        return answer
    }
}
