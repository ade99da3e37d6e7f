import Logging
import MMEKit
import NIOCore
import NIOPosix
import Wire

/// S11: GTPv2-C over UDP (port 2123) to the SGW replicas. Datagrams go to the inbox as they
/// arrive; the MME decodes them (and answers the malformed ones itself).
final class S11Endpoint: Sendable {
    private let channel: any Channel
    private let logger: Logger

    init(host: String, port: Int, inbox: MMEInbox, logger: Logger) async throws {
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(S11InboundHandler(inbox: inbox, logger: logger))
                }
            }
            .bind(host: host, port: port).get()
        self.logger = logger
    }

    var localAddress: SocketAddress? { channel.localAddress }

    func send(_ bytes: ByteBuffer, to peer: GTPPeer) {
        do {
            let address = try SocketAddress(ipAddress: peer.address.description, port: Int(peer.port))
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: bytes), promise: nil)
        } catch {
            logger.warning("S11 peer address unusable", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }

    func close() async {
        try? await channel.close()
    }
}

private final class S11InboundHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let inbox: MMEInbox
    let logger: Logger

    init(inbox: MMEInbox, logger: Logger) {
        self.inbox = inbox
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let text = envelope.remoteAddress.ipAddress, let address = IPAddress(text),
              let port = envelope.remoteAddress.port, let sourcePort = UInt16(exactly: port) else {
            logger.notice("S11 datagram from an unusable address dropped", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        inbox.post(.gtp(envelope.data, from: GTPPeer(address: address, port: sourcePort)))
    }
}
