import Logging
import NIOCore
import NIOPosix

/// The UDP and TCP listeners of a running ClusterDNS.
public final class DNSServer: Sendable {
    public let udpAddress: SocketAddress
    public let tcpAddress: SocketAddress
    private let channels: [any Channel]

    init(udp: any Channel, tcp: any Channel) {
        channels = [udp, tcp]
        udpAddress = udp.localAddress!
        tcpAddress = tcp.localAddress!
    }

    static func start(dns: ClusterDNS, host: String, port: Int, group: any EventLoopGroup, logger: Logger) async throws -> DNSServer {
        let udp = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPHandler(dns: dns))
                }
            }
            .bind(host: host, port: port).get()
        // TCP on the very port UDP got (port 0 asks for any).
        let boundPort = udp.localAddress?.port ?? port
        let tcp: any Channel
        do {
            tcp = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TCPFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(TCPHandler(dns: dns))
                    }
                }
                .bind(host: host, port: boundPort).get()
        } catch {
            try? await udp.close()
            throw error
        }
        logger.info("cluster DNS serving", metadata: ["address": "\(host):\(boundPort)", "zone": "\(dns.zone)"])
        return DNSServer(udp: udp, tcp: tcp)
    }

    /// Closes both listeners.
    public func shutdown() async {
        for channel in channels { try? await channel.close() }
    }
}

/// One datagram, one answer.
private final class UDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let dns: ClusterDNS

    init(dns: ClusterDNS) { self.dns = dns }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let answer = dns.respond(to: Array(envelope.data.readableBytesView)) else { return }
        let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: answer))
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A send to a vanished client must not stop the listener.
    }
}

/// RFC 1035 4.2.2: over TCP each message is preceded by its two-byte length.
struct TCPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

private final class TCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let dns: ClusterDNS

    init(dns: ClusterDNS) { self.dns = dns }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard let answer = dns.respond(to: Array(message.readableBytesView), overTCP: true) else {
            context.close(promise: nil)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: answer.count + 2)
        buffer.writeInteger(UInt16(answer.count))
        buffer.writeBytes(answer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
