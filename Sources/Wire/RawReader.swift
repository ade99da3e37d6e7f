/// A bounds-checked cursor over raw bytes, for validation walks that run inside
/// `ByteBuffer.withUnsafeReadableBytes`: each read is a compare and a load, with none of the
/// per-read bookkeeping of a `ByteBuffer`. It must not outlive the closure that lent the bytes.
public struct RawReader {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// Absolute offset of `bytes[0]` in the outermost message, for errors.
    @usableFromInline let origin: Int
    @usableFromInline var cursor: Int
    @usableFromInline var limit: Int

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, origin: Int = 0) {
        self.bytes = bytes
        self.origin = origin
        self.cursor = 0
        self.limit = bytes.count
    }

    /// Where the next read happens, relative to the start of the lent bytes.
    @inlinable public var position: Int { cursor }
    @inlinable public var offset: Int { origin + cursor }
    @inlinable public var remaining: Int { limit - cursor }
    @inlinable public var isAtEnd: Bool { cursor >= limit }

    @usableFromInline @inline(never)
    func truncated(_ needed: Int, _ what: StaticString) -> CodecError {
        CodecError(.truncated(needed: needed, available: remaining), at: offset, in: "\(what)")
    }

    @inlinable @inline(__always)
    public mutating func u8(_ what: StaticString) throws(CodecError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(1, what) }
        defer { cursor += 1 }
        return bytes[cursor]
    }

    @inlinable @inline(__always)
    public mutating func u16(_ what: StaticString) throws(CodecError) -> UInt16 {
        guard remaining >= 2 else { throw truncated(2, what) }
        defer { cursor += 2 }
        return UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: cursor, as: UInt16.self))
    }

    @inlinable @inline(__always)
    public mutating func u24(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard remaining >= 3 else { throw truncated(3, what) }
        defer { cursor += 3 }
        return UInt32(bytes[cursor]) << 16 | UInt32(bytes[cursor + 1]) << 8 | UInt32(bytes[cursor + 2])
    }

    @inlinable @inline(__always)
    public mutating func u32(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard remaining >= 4 else { throw truncated(4, what) }
        defer { cursor += 4 }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self))
    }

    @inlinable @inline(__always)
    public mutating func skip(_ count: Int, _ what: StaticString) throws(CodecError) {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        cursor += count
    }

    /// Runs `body` narrowed to the next `count` bytes, then continues after them.
    @inlinable @inline(__always)
    public mutating func bounded<T>(_ count: Int, _ what: StaticString,
                                    _ body: (inout RawReader) throws(CodecError) -> T) throws(CodecError) -> T {
        guard count >= 0, count <= remaining else { throw truncated(count, what) }
        let outer = limit
        let end = cursor + count
        limit = end
        defer {
            limit = outer
            cursor = end
        }
        return try body(&self)
    }

    /// The unread bytes.
    @inlinable public var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[cursor..<limit]) }

    /// True when the unread bytes are UTF-8; ASCII is checked without building a String.
    @inlinable public var isValidUTF8: Bool {
        let text = unread
        if !text.contains(where: { $0 >= 0x80 }) { return true }
        return String(validating: text, as: UTF8.self) != nil
    }

    public func error(_ kind: CodecError.Kind, _ what: String) -> CodecError {
        CodecError(kind, at: offset, in: what)
    }
}
