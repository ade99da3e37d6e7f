import NIOCore

extension ByteBuffer {
    @inlinable
    public mutating func writeU8(_ value: UInt8) {
        writeInteger(value)
    }

    @inlinable
    public mutating func writeU16(_ value: UInt16) {
        writeInteger(value, endianness: .big)
    }

    @inlinable
    public mutating func writeU24(_ value: UInt32) {
        writeInteger(UInt8(truncatingIfNeeded: value >> 16))
        writeInteger(UInt16(truncatingIfNeeded: value), endianness: .big)
    }

    @inlinable
    public mutating func writeU32(_ value: UInt32) {
        writeInteger(value, endianness: .big)
    }

    @inlinable
    public mutating func writeU40(_ value: UInt64) {
        writeInteger(UInt8(truncatingIfNeeded: value >> 32))
        writeInteger(UInt32(truncatingIfNeeded: value), endianness: .big)
    }

    @inlinable
    public mutating func writeU64(_ value: UInt64) {
        writeInteger(value, endianness: .big)
    }

    /// Writes a placeholder for a big-endian length field of `width` bytes and returns its index.
    @inlinable
    public mutating func reserveLength(width: Int) -> Int {
        let at = writerIndex
        writeRepeatingByte(0, count: width)
        return at
    }

    /// Fills a placeholder from `reserveLength` with the number of bytes written since `from`.
    @inlinable
    public mutating func patchLength(at index: Int, width: Int, from: Int) {
        let length = writerIndex - from
        switch width {
        case 1: setInteger(UInt8(truncatingIfNeeded: length), at: index)
        case 2: setInteger(UInt16(truncatingIfNeeded: length), at: index, endianness: .big)
        case 3:
            setInteger(UInt8(truncatingIfNeeded: length >> 16), at: index)
            setInteger(UInt16(truncatingIfNeeded: length), at: index + 1, endianness: .big)
        default: setInteger(UInt32(truncatingIfNeeded: length), at: index, endianness: .big)
        }
    }
}
