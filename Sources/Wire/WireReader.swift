import NIOCore

/// A cursor over a `ByteBuffer` that never reads out of range and knows its absolute offset.
///
/// Sub-readers made with `slice(_:_:)` keep counting from the start of the outermost message, so an
/// error deep inside a grouped element still reports where it is in the datagram.
public struct WireReader: Sendable {
    public var buffer: ByteBuffer
    @usableFromInline let origin: Int
    @usableFromInline let start: Int

    @inlinable
    public init(_ buffer: ByteBuffer, origin: Int = 0) {
        self.buffer = buffer
        self.origin = origin
        self.start = buffer.readerIndex
    }

    @inlinable
    public init(bytes: some Sequence<UInt8>) {
        self.init(ByteBuffer(bytes: bytes))
    }

    /// Absolute offset of the next byte to read.
    @inlinable public var offset: Int { origin + buffer.readerIndex - start }
    @inlinable public var remaining: Int { buffer.readableBytes }
    @inlinable public var isAtEnd: Bool { buffer.readableBytes == 0 }

    /// Kept out of line so that the inlined fast path of every read stays a compare and a load.
    @usableFromInline @inline(never)
    func truncated(_ needed: Int, _ what: StaticString) -> CodecError {
        CodecError(.truncated(needed: needed, available: buffer.readableBytes), at: offset, in: "\(what)")
    }

    @inlinable
    public mutating func u8(_ what: StaticString) throws(CodecError) -> UInt8 {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw truncated(1, what) }
        return value
    }

    @inlinable
    public mutating func u16(_ what: StaticString) throws(CodecError) -> UInt16 {
        guard let value = buffer.readInteger(endianness: .big, as: UInt16.self) else { throw truncated(2, what) }
        return value
    }

    @inlinable
    public mutating func u24(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard buffer.readableBytes >= 3 else { throw truncated(3, what) }
        let high = UInt32(buffer.readInteger(as: UInt8.self)!)
        let low = UInt32(buffer.readInteger(endianness: .big, as: UInt16.self)!)
        return high << 16 | low
    }

    @inlinable
    public mutating func u32(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard let value = buffer.readInteger(endianness: .big, as: UInt32.self) else { throw truncated(4, what) }
        return value
    }

    @inlinable
    public mutating func u40(_ what: StaticString) throws(CodecError) -> UInt64 {
        guard buffer.readableBytes >= 5 else { throw truncated(5, what) }
        let high = UInt64(buffer.readInteger(as: UInt8.self)!)
        let low = UInt64(buffer.readInteger(endianness: .big, as: UInt32.self)!)
        return high << 32 | low
    }

    @inlinable
    public mutating func u64(_ what: StaticString) throws(CodecError) -> UInt64 {
        guard let value = buffer.readInteger(endianness: .big, as: UInt64.self) else { throw truncated(8, what) }
        return value
    }

    /// The next `count` bytes as a buffer that shares storage with the message.
    @inlinable
    public mutating func bytes(_ count: Int, _ what: StaticString) throws(CodecError) -> ByteBuffer {
        guard count >= 0, let slice = buffer.readSlice(length: count) else { throw truncated(count, what) }
        return slice
    }

    /// The next `count` bytes as a reader of their own that keeps the absolute offset.
    @inlinable
    public mutating func slice(_ count: Int, _ what: StaticString) throws(CodecError) -> WireReader {
        let at = offset
        guard count >= 0, let slice = buffer.readSlice(length: count) else { throw truncated(count, what) }
        return WireReader(slice, origin: at)
    }

    @inlinable
    public mutating func array(_ count: Int, _ what: StaticString) throws(CodecError) -> [UInt8] {
        guard count >= 0, let bytes = buffer.readBytes(length: count) else { throw truncated(count, what) }
        return bytes
    }

    @inlinable
    public mutating func skip(_ count: Int, _ what: StaticString) throws(CodecError) {
        guard count >= 0, count <= buffer.readableBytes else { throw truncated(count, what) }
        buffer.moveReaderIndex(forwardBy: count)
    }

    /// Moves back to where the reader started, e.g. to keep an element's bytes after a failed
    /// attempt to decode them.
    @inlinable
    public mutating func rewind() {
        buffer.moveReaderIndex(to: start)
    }

    /// Everything that is left.
    @inlinable
    public mutating func rest() -> ByteBuffer {
        buffer.readSlice(length: buffer.readableBytes)!
    }

    @inlinable
    public func peekU8() -> UInt8? {
        buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)
    }

    @inlinable
    public func peekU16() -> UInt16? {
        buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt16.self)
    }

    /// Fails unless every byte was consumed.
    @inlinable
    public func expectEnd(_ what: StaticString) throws(CodecError) {
        if buffer.readableBytes != 0 {
            throw CodecError(.trailingBytes(buffer.readableBytes), at: offset, in: "\(what)")
        }
    }

    /// An error located at the reader's current position.
    @inlinable
    public func error(_ kind: CodecError.Kind, _ what: String) -> CodecError {
        CodecError(kind, at: offset, in: what)
    }
}
