import Logging
import NIOCore
import NIOPosix
import SGWKit
import Wire

/// One GTPv2-C UDP socket (port 2123): S11 toward the MMEs, S5/S8-C toward the PGWs, or both
/// when they share an address. Datagrams go to the inbox as they arrive; the SGW decodes them
/// (and answers the malformed ones itself).
final class GTPCSocket: Sendable {
    let interface: ControlInterface
    private let channel: any Channel
    private let logger: Logger

    init(_ interface: ControlInterface, host: String, port: Int, inbox: SGWInbox, logger: Logger) async throws {
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(GTPCInboundHandler(interface: interface, inbox: inbox, logger: logger))
                }
            }
            .bind(host: host, port: port).get()
        self.interface = interface
        self.logger = logger
    }

    var localAddress: SocketAddress? { channel.localAddress }

    func send(_ bytes: ByteBuffer, to peer: IPEndpoint) {
        do {
            let address = try SocketAddress(ipAddress: peer.address.description, port: Int(peer.port))
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: bytes), promise: nil)
        } catch {
            logger.warning("GTPv2-C peer address unusable", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }

    func close() async {
        try? await channel.close()
    }
}

private final class GTPCInboundHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let interface: ControlInterface
    let inbox: SGWInbox
    let logger: Logger

    init(interface: ControlInterface, inbox: SGWInbox, logger: Logger) {
        self.interface = interface
        self.inbox = inbox
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let text = envelope.remoteAddress.ipAddress, let address = IPAddress(text),
              let port = envelope.remoteAddress.port, let sourcePort = UInt16(exactly: port) else {
            logger.notice("GTPv2-C datagram from an unusable address dropped", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        inbox.post(.gtp(envelope.data, from: IPEndpoint(address, sourcePort)), arrivedOn: interface)
    }
}
