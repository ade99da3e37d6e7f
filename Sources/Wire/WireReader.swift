import NIOCore

/// A cursor over a `ByteBuffer` that never reads out of range and knows its absolute offset.
///
/// Nested elements are read either with `bounded(_:_:_:)`, which narrows this same reader to the
/// element's length for the duration of a closure (no copy, so no reference counting per element),
/// or with `slice(_:_:)`, which makes an independent reader. Both keep counting offsets from the
/// start of the outermost message, so an error deep inside a grouped element still reports where it
/// is in the datagram.
public struct WireReader: Sendable {
    @usableFromInline var storage: ByteBuffer
    @usableFromInline let origin: Int
    @usableFromInline let start: Int
    /// Index in `storage` one past the last byte this reader may read.
    @usableFromInline var limit: Int

    @inlinable
    public init(_ buffer: ByteBuffer, origin: Int = 0) {
        self.storage = buffer
        self.origin = origin
        self.start = buffer.readerIndex
        self.limit = buffer.writerIndex
    }

    @inlinable
    public init(bytes: some Sequence<UInt8>) {
        self.init(ByteBuffer(bytes: bytes))
    }

    /// Absolute offset of the next byte to read.
    @inlinable public var offset: Int { origin + storage.readerIndex - start }
    @inlinable public var remaining: Int { limit - storage.readerIndex }
    @inlinable public var isAtEnd: Bool { storage.readerIndex >= limit }

    /// The unread bytes, as a buffer sharing storage with the message.
    @inlinable public var unread: ByteBuffer { storage.getSlice(at: storage.readerIndex, length: remaining)! }

    /// An opaque position for `rewind(to:)`.
    @inlinable public var position: Int { storage.readerIndex }

    /// Goes back to a position taken earlier, e.g. to keep an element's bytes after a failed
    /// attempt to decode them.
    @inlinable
    public mutating func rewind(to position: Int) {
        storage.moveReaderIndex(to: position)
    }

    /// Kept out of line so that the inlined fast path of every read stays a compare and a load.
    @usableFromInline @inline(never)
    func truncated(_ needed: Int, _ what: StaticString) -> CodecError {
        CodecError(.truncated(needed: needed, available: remaining), at: offset, in: "\(what)")
    }

    @inlinable @inline(__always)
    public mutating func u8(_ what: StaticString) throws(CodecError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(1, what) }
        return storage.readInteger(as: UInt8.self)!
    }

    @inlinable @inline(__always)
    public mutating func u16(_ what: StaticString) throws(CodecError) -> UInt16 {
        guard remaining >= 2 else { throw truncated(2, what) }
        return storage.readInteger(endianness: .big, as: UInt16.self)!
    }

    @inlinable @inline(__always)
    public mutating func u24(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard remaining >= 3 else { throw truncated(3, what) }
        let high = UInt32(storage.readInteger(as: UInt8.self)!)
        let low = UInt32(storage.readInteger(endianness: .big, as: UInt16.self)!)
        return high << 16 | low
    }

    @inlinable @inline(__always)
    public mutating func u32(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard remaining >= 4 else { throw truncated(4, what) }
        return storage.readInteger(endianness: .big, as: UInt32.self)!
    }

    @inlinable @inline(__always)
    public mutating func u40(_ what: StaticString) throws(CodecError) -> UInt64 {
        guard remaining >= 5 else { throw truncated(5, what) }
        let high = UInt64(storage.readInteger(as: UInt8.self)!)
        let low = UInt64(storage.readInteger(endianness: .big, as: UInt32.self)!)
        return high << 32 | low
    }

    @inlinable @inline(__always)
    public mutating func u64(_ what: StaticString) throws(CodecError) -> UInt64 {
        guard remaining >= 8 else { throw truncated(8, what) }
        return storage.readInteger(endianness: .big, as: UInt64.self)!
    }

    /// The next `count` bytes as a buffer that shares storage with the message.
    @inlinable @inline(__always)
    public mutating func bytes(_ count: Int, _ what: StaticString) throws(CodecError) -> ByteBuffer {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        return storage.readSlice(length: count)!
    }

    /// The next `count` bytes as a reader of their own that keeps the absolute offset.
    @inlinable
    public mutating func slice(_ count: Int, _ what: StaticString) throws(CodecError) -> WireReader {
        let at = offset
        return WireReader(try bytes(count, what), origin: at)
    }

    /// Runs `body` with this reader narrowed to the next `count` bytes, then continues after them
    /// whatever `body` consumed.
    @inlinable @inline(__always)
    public mutating func bounded<T>(_ count: Int, _ what: StaticString,
                                    _ body: (inout WireReader) throws(CodecError) -> T) throws(CodecError) -> T {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        let outer = limit
        let end = storage.readerIndex + count
        limit = end
        defer {
            limit = outer
            storage.moveReaderIndex(to: end)
        }
        return try body(&self)
    }

    @inlinable
    public mutating func array(_ count: Int, _ what: StaticString) throws(CodecError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        return storage.readBytes(length: count)!
    }

    @inlinable @inline(__always)
    public mutating func skip(_ count: Int, _ what: StaticString) throws(CodecError) {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        storage.moveReaderIndex(forwardBy: count)
    }

    /// Everything that is left.
    @inlinable @inline(__always)
    public mutating func rest() -> ByteBuffer {
        storage.readSlice(length: remaining)!
    }

    @inlinable
    public func peekU8() -> UInt8? {
        remaining >= 1 ? storage.getInteger(at: storage.readerIndex, as: UInt8.self) : nil
    }

    @inlinable
    public func peekU16() -> UInt16? {
        remaining >= 2 ? storage.getInteger(at: storage.readerIndex, endianness: .big, as: UInt16.self) : nil
    }

    /// Fails unless every byte was consumed.
    @inlinable
    public func expectEnd(_ what: StaticString) throws(CodecError) {
        if remaining != 0 {
            throw CodecError(.trailingBytes(remaining), at: offset, in: "\(what)")
        }
    }

    /// True when the unread bytes are UTF-8. ASCII, the common case for identities and realms, is
    /// checked without building a String.
    public var isValidUTF8: Bool {
        storage.withUnsafeReadableBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<remaining])
            if !bytes.contains(where: { $0 >= 0x80 }) { return true }
            return String(validating: bytes, as: UTF8.self) != nil
        }
    }

    /// An error located at the reader's current position.
    @inlinable
    public func error(_ kind: CodecError.Kind, _ what: String) -> CodecError {
        CodecError(kind, at: offset, in: what)
    }
}
