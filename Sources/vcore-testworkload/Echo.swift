import NIOCore

/// TCP echo: every byte back to the sender; a line per connection and per read.
final class TCPEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        log("tcp echo connection from \(context.remoteAddress.map(describe) ?? "?")")
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        log("tcp echo \(buffer.readableBytes) bytes from \(context.remoteAddress.map(describe) ?? "?")")
        context.writeAndFlush(data, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// UDP echo: each datagram back to where it came from.
final class UDPEchoHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        log("udp echo \(envelope.data.readableBytes) bytes from \(describe(envelope.remoteAddress))")
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: envelope.data)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log("udp echo error: \(error)")
    }
}
