import Wire

/// A bit-level cursor for ITU-T X.691 aligned PER over borrowed bytes.
///
/// Like `RawReader`, it runs inside `withUnsafeReadableBytes` and must not outlive the closure that
/// lent the bytes. Every read is checked against the bits that remain, so a hostile length can only
/// make it throw `CodecError`; offsets in errors are byte offsets from the start of the outermost
/// message. The X.691 building blocks (whole numbers, length determinants, strings, open types)
/// live in the extensions in APERReader+X691.swift.
public struct APERReader {
    @usableFromInline let base: UnsafeRawBufferPointer
    /// Absolute byte offset of `base[0]` in the outermost message, for errors.
    @usableFromInline let origin: Int
    /// Index of the next bit to read, counted from the first bit of `base`.
    @usableFromInline var bit: Int
    /// One past the last bit this reader may read.
    @usableFromInline var limit: Int

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, origin: Int = 0) {
        self.base = bytes
        self.origin = origin
        self.bit = 0
        self.limit = bytes.count &* 8
    }

    /// Absolute byte offset of the byte holding the next bit.
    @inlinable public var offset: Int { origin + (bit >> 3) }
    @inlinable public var remainingBits: Int { limit - bit }
    @inlinable public var isAtEnd: Bool { bit >= limit }
    /// Bits read so far since the reader was made.
    @inlinable public var bitPosition: Int { bit }
    @inlinable public var isOctetAligned: Bool { bit & 7 == 0 }

    @usableFromInline @inline(never)
    func truncated(bits: Int, _ what: StaticString) -> CodecError {
        CodecError(.truncated(needed: (bits + 7) / 8, available: remainingBits / 8), at: offset, in: "\(what)")
    }

    /// An error located at the reader's position.
    public func error(_ kind: CodecError.Kind, _ what: String) -> CodecError {
        CodecError(kind, at: offset, in: what)
    }

    @inlinable @inline(__always)
    public mutating func readBit(_ what: StaticString) throws(CodecError) -> Bool {
        guard bit < limit else { throw truncated(bits: 1, what) }
        let byte = base[bit >> 3]
        let set = byte & (0x80 >> UInt8(bit & 7)) != 0
        bit += 1
        return set
    }

    /// The next `count` bits (0...64) as an unsigned number, most significant bit first.
    @inlinable
    public mutating func readBits(_ count: Int, _ what: StaticString) throws(CodecError) -> UInt64 {
        guard count >= 0, count <= 64, count <= remainingBits else { throw truncated(bits: count, what) }
        var result: UInt64 = 0
        var needed = count
        var position = bit
        while needed > 0 {
            let byte = UInt64(base[position >> 3])
            let used = position & 7
            let available = 8 - used
            let take = Swift.min(available, needed)
            let chunk = (byte >> UInt64(available - take)) & ((1 << UInt64(take)) - 1)
            result = result << UInt64(take) | chunk
            needed -= take
            position += take
        }
        bit = position
        return result
    }

    /// Skips the padding bits up to the next octet boundary, before an octet-aligned field.
    /// Padding values are not checked: senders write zeros, receivers ignore them. Limits are
    /// always whole octets, so this never passes the limit.
    @inlinable @inline(__always)
    public mutating func align() {
        bit = Swift.min((bit + 7) & ~7, limit)
    }

    /// The next `count` whole octets, starting at an octet boundary (call `align()` first).
    @inlinable
    public mutating func readAlignedOctets(_ count: Int, _ what: StaticString) throws(CodecError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remainingBits / 8 else { throw truncated(bits: count * 8, what) }
        let start = bit >> 3
        bit += count * 8
        return UnsafeRawBufferPointer(rebasing: base[start..<(start + count)])
    }

    /// Copies `count` bits starting at the current (not necessarily aligned) position, left-aligned
    /// into whole octets with zero padding at the end.
    @inlinable
    public mutating func readBitsAsOctets(_ count: Int, _ what: StaticString) throws(CodecError) -> [UInt8] {
        guard count >= 0, count <= remainingBits else { throw truncated(bits: count, what) }
        if bit & 7 == 0 {
            let start = bit >> 3
            var bytes = Array(base[start..<(start + (count + 7) / 8)])
            if count & 7 != 0 { bytes[bytes.count - 1] &= UInt8(truncatingIfNeeded: 0xFF00 >> (count & 7)) }
            bit += count
            return bytes
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity((count + 7) / 8)
        var left = count
        while left >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: try readBits(8, what)))
            left -= 8
        }
        if left > 0 { bytes.append(UInt8(truncatingIfNeeded: try readBits(left, what) << UInt64(8 - left))) }
        return bytes
    }

    /// Runs `body` with the reader narrowed to the next `octets` octets (an open type's contents),
    /// then continues after them whatever `body` read.
    @inlinable
    public mutating func bounded<T>(octets: Int, _ what: StaticString,
                                    _ body: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> T {
        guard bit & 7 == 0, octets >= 0, octets <= remainingBits / 8 else { throw truncated(bits: octets * 8, what) }
        let outer = limit
        let end = bit + octets * 8
        limit = end
        defer {
            limit = outer
            bit = end
        }
        return try body(&self)
    }
}
