import Logging
import MMEKit
import NFKit
import NIOCore
import SCTP
import Synchronization

/// S1-MME: the SCTP listener (port 36412, PPID 18) and one reader and one writer per eNB
/// association. Readers post what arrives to the inbox; the writer keeps each association's
/// sends in the order the MME produced them without making the MME wait for SCTP.
final class S1APServer: Sendable {
    private struct Outbound: Sendable {
        var bytes: ByteBuffer
        var stream: UInt16
    }

    private struct Peer: Sendable {
        var association: SCTPAssociation
        var outbound: AsyncStream<Outbound>.Continuation
    }

    private let listener: SCTPListener
    private let inbox: Inbox<MMEEvent>
    private let logger: Logger
    private let peers = Mutex<[ENBAssociationID: Peer]>([:])

    init(transport: SCTPTransport, addresses: [SocketAddress], inbox: Inbox<MMEEvent>, logger: Logger) throws {
        listener = try transport.listen(on: addresses)
        self.inbox = inbox
        self.logger = logger
    }

    var localAddresses: [SocketAddress] { listener.localAddresses }

    /// Accepts eNBs until the listener is closed; each association is served in its own task.
    func run() async {
        await withDiscardingTaskGroup { group in
            do {
                for try await association in listener {
                    group.addTask { await self.serve(association) }
                }
            } catch {
                logger.error("S1AP listener failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func serve(_ association: SCTPAssociation) async {
        let id = ENBAssociationID(association.id)
        let (outbound, continuation) = AsyncStream.makeStream(of: Outbound.self)
        peers.withLock { $0[id] = Peer(association: association, outbound: continuation) }
        logger.info("eNB association up", metadata: ["association": "\(id.rawValue)", "peer": "\(association.remoteAddresses)"])
        inbox.post(.s1apAssociationUp(id, outboundStreams: association.streams?.outbound ?? 1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await message in outbound {
                    do {
                        try await association.send(message.bytes, stream: message.stream, ppid: SCTPPayloadProtocol.s1ap)
                    } catch {
                        self.logger.notice("S1AP send failed", metadata: ["association": "\(id.rawValue)", "error": "\(error)"])
                    }
                }
                // The MME closed it, or the process stops, or it is gone already: what was queued
                // has been sent, now SHUTDOWN (harmless on an association that is down).
                try? await association.shutdown()
            }
            do {
                for try await message in association.inbound {
                    // TS 36.412 7: S1AP is PPID 18; anything else on this port is not for the MME.
                    guard message.ppid == SCTPPayloadProtocol.s1ap else {
                        logger.notice("dropped SCTP message with PPID \(message.ppid)", metadata: ["association": "\(id.rawValue)"])
                        continue
                    }
                    inbox.post(.s1ap(id, stream: message.stream, message.bytes))
                }
            } catch {
                logger.notice("eNB association failed", metadata: ["association": "\(id.rawValue)", "error": "\(error)"])
            }
            continuation.finish()
        }
        peers.withLock { $0[id] = nil }
        logger.info("eNB association down", metadata: ["association": "\(id.rawValue)"])
        inbox.post(.s1apAssociationDown(id))
    }

    func send(_ bytes: ByteBuffer, to association: ENBAssociationID, stream: UInt16) {
        let peer = peers.withLock { $0[association] }
        guard let peer else {
            logger.debug("S1AP for a gone association dropped", metadata: ["association": "\(association.rawValue)"])
            return
        }
        peer.outbound.yield(Outbound(bytes: bytes, stream: stream))
    }

    /// Ends an association gracefully: its writer sends what is queued, then SHUTDOWN.
    func close(_ association: ENBAssociationID) {
        peers.withLock { $0[association] }?.outbound.finish()
    }

    /// Stops accepting and shuts every association down (SIGTERM), waiting at most `grace`.
    func shutdown(grace: Duration = .seconds(5)) async {
        listener.close()
        for peer in peers.withLock({ Array($0.values) }) { peer.outbound.finish() }
        let deadline = ContinuousClock.now + grace
        while !peers.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
