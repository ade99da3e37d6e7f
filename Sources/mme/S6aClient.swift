import Diameter
import DiameterPeer
import Logging
import MMEKit
import NIOCore

/// S6a: one Diameter/TCP link to the HSS (by DNS name, reconnecting with back-off). The MME
/// builds its requests and keeps its own retransmission timers; this layer sends each one and
/// posts the answer back under the hop-by-hop identifier the MME gave it (the peer layer numbers
/// its requests itself).
final class S6aClient: Sendable {
    let node: DiameterNode
    private let link: DiameterPeerLink
    private let inbox: MMEInbox
    private let logger: Logger

    init(node: DiameterNode, host: String, port: Int, inbox: MMEInbox, logger: Logger) {
        self.node = node
        self.inbox = inbox
        self.logger = logger
        link = node.link(host: host, port: port)
    }

    var isOpen: Bool { link.connection?.isOpen ?? false }

    func send(_ message: DiameterMessage) {
        guard message.isRequest else {
            // Answers to the HSS's requests go back through `S6aRequestHandler`.
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
                // The MME's own S6a timer retries or fails the procedure.
                logger.notice("S6a request not answered", metadata: ["command": "\(message.name)", "error": "\(error)"])
            }
        }
    }

    func shutdown() async {
        await node.shutdown()
    }
}

/// Requests from the HSS (Cancel Location, ...) are answered by the MME itself.
struct S6aRequestHandler: DiameterRequestHandler {
    let core: MMECore

    func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        guard let answer = await core.answer(request) else { throw DiameterAnswerError(.unableToComply, errorMessage: "the MME has no answer to this request") }
        return answer
    }
}
