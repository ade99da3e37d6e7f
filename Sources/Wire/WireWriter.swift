import NIOCore

/// Writes big-endian fields straight into a ByteBuffer's spare capacity.
///
/// Encoders write dozens of small fields per message; going through `ByteBuffer.writeInteger`
/// for each costs a capacity check, a uniqueness check and an exclusivity check every time. The
/// writer does one bounds check per field against memory reserved once per message, and records an
/// overflow instead of writing past the end; `ByteBuffer.writeWire` then retries with more room.
public struct WireWriter {
    @usableFromInline let base: UnsafeMutableRawBufferPointer
    @usableFromInline var written: Int
    @usableFromInline var didOverflow: Bool

    /// Bytes written so far.
    @inlinable public var count: Int { written }
    /// True once a write did not fit; everything after it was dropped.
    @inlinable public var overflowed: Bool { didOverflow }

    @inlinable
    init(_ base: UnsafeMutableRawBufferPointer) {
        self.base = base
        self.written = 0
        self.didOverflow = false
    }

    @inlinable
    mutating func claim(_ size: Int) -> Int? {
        guard !didOverflow, size <= base.count - written else {
            didOverflow = true
            return nil
        }
        defer { written += size }
        return written
    }

    @inlinable
    public mutating func writeU8(_ value: UInt8) {
        guard let at = claim(1) else { return }
        base.storeBytes(of: value, toByteOffset: at, as: UInt8.self)
    }

    @inlinable
    public mutating func writeU16(_ value: UInt16) {
        guard let at = claim(2) else { return }
        base.storeBytes(of: value.bigEndian, toByteOffset: at, as: UInt16.self)
    }

    @inlinable
    public mutating func writeU24(_ value: UInt32) {
        guard let at = claim(3) else { return }
        base.storeBytes(of: UInt8(truncatingIfNeeded: value >> 16), toByteOffset: at, as: UInt8.self)
        base.storeBytes(of: UInt16(truncatingIfNeeded: value).bigEndian, toByteOffset: at + 1, as: UInt16.self)
    }

    @inlinable
    public mutating func writeU32(_ value: UInt32) {
        guard let at = claim(4) else { return }
        base.storeBytes(of: value.bigEndian, toByteOffset: at, as: UInt32.self)
    }

    @inlinable
    public mutating func writeU40(_ value: UInt64) {
        guard let at = claim(5) else { return }
        base.storeBytes(of: UInt8(truncatingIfNeeded: value >> 32), toByteOffset: at, as: UInt8.self)
        base.storeBytes(of: UInt32(truncatingIfNeeded: value).bigEndian, toByteOffset: at + 1, as: UInt32.self)
    }

    @inlinable
    public mutating func writeU64(_ value: UInt64) {
        guard let at = claim(8) else { return }
        base.storeBytes(of: value.bigEndian, toByteOffset: at, as: UInt64.self)
    }

    /// The low `count` bytes of `value`, least significant first: TBCD digits packed in a word.
    @inlinable
    public mutating func writeLittleEndianBytes(of value: UInt64, count size: Int) {
        guard size > 0, let at = claim(size) else { return }
        var remaining = value
        for offset in 0..<size {
            base.storeBytes(of: UInt8(truncatingIfNeeded: remaining), toByteOffset: at + offset, as: UInt8.self)
            remaining >>= 8
        }
    }

    @inlinable
    public mutating func writeRepeating(_ byte: UInt8, count size: Int) {
        guard size > 0, let at = claim(size) else { return }
        (base.baseAddress! + at).initializeMemory(as: UInt8.self, repeating: byte, count: size)
    }

    @inlinable
    public mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let at = claim(bytes.count) else { return }
        UnsafeMutableRawBufferPointer(rebasing: base[at..<(at + bytes.count)]).copyMemory(from: bytes)
    }

    @inlinable
    public mutating func writeBytes(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { writeBytes(UnsafeRawBufferPointer($0)) }
        if done == nil { for byte in bytes { writeU8(byte) } }
    }

    @inlinable
    public mutating func writeBuffer(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { writeBytes($0) }
    }

    @inlinable
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { writeBytes(UnsafeRawBufferPointer($0)) }
    }

    /// A placeholder for a length field of `width` octets; fill it with `patchLength`.
    @inlinable
    public mutating func reserveLength(width: Int) -> Int {
        let at = count
        writeRepeating(0, count: width)
        return at
    }

    /// Fills a placeholder with the number of bytes written since `from`.
    @inlinable
    public mutating func patchLength(at index: Int, width: Int, from: Int) {
        guard !overflowed else { return }
        let length = count - from
        switch width {
        case 1: base.storeBytes(of: UInt8(truncatingIfNeeded: length), toByteOffset: index, as: UInt8.self)
        case 2: base.storeBytes(of: UInt16(truncatingIfNeeded: length).bigEndian, toByteOffset: index, as: UInt16.self)
        case 3:
            base.storeBytes(of: UInt8(truncatingIfNeeded: length >> 16), toByteOffset: index, as: UInt8.self)
            base.storeBytes(of: UInt16(truncatingIfNeeded: length).bigEndian, toByteOffset: index + 1, as: UInt16.self)
        default: base.storeBytes(of: UInt32(truncatingIfNeeded: length).bigEndian, toByteOffset: index, as: UInt32.self)
        }
    }
}

extension ByteBuffer {
    /// Runs `body` with a writer over at least `estimatedSize` bytes of spare capacity and keeps
    /// what it wrote; when that was not enough room, grows and runs it again.
    @inlinable
    public mutating func writeWire(estimatedSize: Int = 512, _ body: (inout WireWriter) -> Void) {
        var size = Swift.max(estimatedSize, 64)
        while true {
            var overflowed = false
            writeWithUnsafeMutableBytes(minimumWritableBytes: size) { memory in
                var writer = WireWriter(UnsafeMutableRawBufferPointer(rebasing: memory.prefix(size)))
                body(&writer)
                overflowed = writer.overflowed
                return overflowed ? 0 : writer.count
            }
            if !overflowed { return }
            size *= 4
        }
    }
}
