import Diameter
import NIOCore
import Wire

/// The TCP side of one peer connection: hands framed messages and the channel's life to a
/// `PeerDriver` and writes what it sends. Everything here runs on the channel's event loop.
final class PeerChannelHandler: ChannelInboundHandler, PeerTransport {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let driver: PeerDriver
    private var context: ChannelHandlerContext?
    private var readingPaused = false

    init(driver: PeerDriver) {
        self.driver = driver
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        let local = context.channel.localAddress?.ipAddress.flatMap { IPAddress($0) }
        driver.transportActive(self, localAddresses: local.map { [$0] } ?? [], remote: context.channel.remoteAddress.map { "\($0)" },
                               framing: .byteStream)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        driver.transportClosed()
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        driver.received(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A framing error (a length that cannot be right) leaves no way to find the next message.
        driver.framingFailed(error)
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // While the peer does not read our answers, stop reading its requests: the send queue
        // stays bounded by the channel's water marks instead of growing with every request.
        let writable = context.channel.isWritable
        if writable && readingPaused {
            readingPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            context.read()
        } else if !writable && !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: PeerTransport

    func write(_ message: DiameterMessage, whenWritten: (@Sendable () -> Void)?) {
        guard let context else {
            whenWritten?()
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: message.encodedSizeEstimate)
        message.encode(into: &buffer)
        // The promise completes once the bytes are in the socket, or failed when the channel closed first.
        let promise = whenWritten.map { whenWritten in
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { _ in whenWritten() }
            return promise
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func flush() {
        context?.flush()
    }

    var isWritable: Bool { context?.channel.isWritable ?? true }

    func closeAfterQueuedWrites() {
        guard let context else { return }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
    }
}
