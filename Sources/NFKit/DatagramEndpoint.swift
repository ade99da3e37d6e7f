import Logging
import NIOCore
import NIOPosix
import Wire

/// A UDP socket for signalling (GTPv2-C on port 2123: the MME's S11, the SGW's S11 and S5/S8-C):
/// every datagram that arrives goes to `received` with its sender, as it came (the network
/// function decodes it, and answers the malformed ones itself); sends are addressed to a peer.
public final class DatagramEndpoint: Sendable {
    private let channel: any Channel
    private let logger: Logger

    public init(host: String, port: Int, logger: Logger,
                received: @escaping @Sendable (ByteBuffer, IPEndpoint) -> Void) async throws {
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramInboundHandler(logger: logger, received: received))
                }
            }
            .bind(host: host, port: port).get()
        self.logger = logger
    }

    public var localAddress: SocketAddress? { channel.localAddress }

    public func send(_ bytes: ByteBuffer, to peer: IPEndpoint) {
        do {
            let address = try SocketAddress(ipAddress: peer.address.description, port: Int(peer.port))
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: bytes), promise: nil)
        } catch {
            logger.warning("peer address unusable", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }

    public func close() async {
        try? await channel.close()
    }
}

private final class DatagramInboundHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let logger: Logger
    let received: @Sendable (ByteBuffer, IPEndpoint) -> Void

    init(logger: Logger, received: @escaping @Sendable (ByteBuffer, IPEndpoint) -> Void) {
        self.logger = logger
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let text = envelope.remoteAddress.ipAddress, let address = IPAddress(text),
              let port = envelope.remoteAddress.port, let sourcePort = UInt16(exactly: port) else {
            logger.notice("datagram from an unusable address dropped", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        received(envelope.data, IPEndpoint(address, sourcePort))
    }
}
