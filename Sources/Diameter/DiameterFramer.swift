import NIOCore
import Wire

/// Cuts a TCP (or SCTP-stream) byte stream into whole Diameter messages.
///
/// Bytes arrive in any split: a message across several reads, several messages in one read. A
/// header whose length cannot be right (under 20, not a multiple of 4, above `maximumLength`, or a
/// version other than 1) makes the stream unusable, because nothing tells where the next message
/// starts: the peer connection must be closed.
public struct DiameterFramer: Sendable {
    public static let defaultMaximumLength = 1 << 20

    public let maximumLength: Int
    private var pending = ByteBuffer()

    public init(maximumLength: Int = DiameterFramer.defaultMaximumLength) {
        self.maximumLength = maximumLength
    }

    public var bufferedBytes: Int { pending.readableBytes }

    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        pending.writeBuffer(&bytes)
    }

    /// The next whole message, nil until enough bytes have arrived.
    public mutating func next() throws(CodecError) -> ByteBuffer? {
        guard let message = try Self.cut(&pending, maximumLength: maximumLength) else { return nil }
        if pending.readableBytes == 0 { pending.clear() } else if pending.readerIndex > 65536 { pending.discardReadBytes() }
        return message
    }

    /// Reads one whole message off the front of `buffer`, nil when it has not all arrived yet.
    static func cut(_ buffer: inout ByteBuffer, maximumLength: Int) throws(CodecError) -> ByteBuffer? {
        guard buffer.readableBytes >= 4 else { return nil }
        let version = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        let length = DiameterMessage.announcedLength(in: buffer)!
        guard version == 1 else {
            throw CodecError(.invalidValue("Diameter version \(version)"), at: 0, in: "Diameter stream")
        }
        guard length >= DiameterHeader.size, length % 4 == 0, length <= maximumLength else {
            throw CodecError(.invalidLength(length), at: 1, in: "Diameter stream")
        }
        return buffer.readSlice(length: length)
    }
}

/// The framer as a NIO channel handler: emits one `ByteBuffer` per whole Diameter message.
public struct DiameterFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer
    public let maximumLength: Int

    public init(maximumLength: Int = DiameterFramer.defaultMaximumLength) {
        self.maximumLength = maximumLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try DiameterFramer.cut(&buffer, maximumLength: maximumLength) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
