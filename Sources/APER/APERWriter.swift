/// Writes an X.691 aligned-PER encoding bit by bit into a growing array of octets.
///
/// Values are small (an IE, a list item), so a plain array is the right tool: open types are
/// encoded in place and their length determinant patched in afterwards, without a second buffer.
/// Encoders take values our own code built; a value outside its ASN.1 constraint is written as
/// close to it as the encoding allows (clamped, padded or cut), never trapping.
public struct APERWriter {
    @usableFromInline var storage: [UInt8]
    /// The octets written so far, the last one padded with zero bits.
    @inlinable public var bytes: [UInt8] { storage }
    /// Bits written so far; the last octet of `bytes` is partly used when this is not a multiple of 8.
    @usableFromInline var bitCount: Int

    @inlinable
    public init(capacity: Int = 32) {
        storage = []
        storage.reserveCapacity(capacity)
        bitCount = 0
    }

    @inlinable public var isOctetAligned: Bool { bitCount & 7 == 0 }
    @inlinable public var writtenBits: Int { bitCount }

    /// The complete encoding: padded to whole octets, and one zero octet when nothing was written
    /// (an encoding is never empty, so that an open type always has content).
    @inlinable
    public var completeEncoding: [UInt8] { storage.isEmpty ? [0] : bytes }

    @inlinable @inline(__always)
    public mutating func writeBit(_ set: Bool) {
        let used = bitCount & 7
        if used == 0 { storage.append(0) }
        if set { storage[storage.count - 1] |= 0x80 >> UInt8(used) }
        bitCount += 1
    }

    /// The low `count` bits (0...64) of `value`, most significant first.
    @inlinable
    public mutating func writeBits(_ value: UInt64, count: Int) {
        var left = count
        while left > 0 {
            let used = bitCount & 7
            if used == 0 {
                if left >= 8 {
                    // Whole octets straight through while aligned.
                    storage.append(UInt8(truncatingIfNeeded: value >> UInt64(left - 8)))
                    left -= 8
                    bitCount += 8
                    continue
                }
                storage.append(0)
            }
            let free = 8 - used
            let take = Swift.min(free, left)
            let chunk = UInt8(truncatingIfNeeded: (value >> UInt64(left - take)) & ((1 << UInt64(take)) - 1))
            storage[storage.count - 1] |= chunk << UInt8(free - take)
            left -= take
            bitCount += take
        }
    }

    /// Pads with zero bits to the next octet boundary.
    @inlinable @inline(__always)
    public mutating func align() {
        bitCount = (bitCount + 7) & ~7
    }

    /// Whole octets at an octet boundary (call `align()` first).
    @inlinable
    public mutating func writeAlignedOctets(_ octets: some Collection<UInt8>) {
        align()
        storage.append(contentsOf: octets)
        bitCount = storage.count * 8
    }

    /// The first `count` bits of `octets`, from the current position.
    @inlinable
    public mutating func writeBitsFromOctets(_ octets: [UInt8], count: Int) {
        if bitCount & 7 == 0 {
            let whole = count / 8
            storage.append(contentsOf: octets.prefix(whole))
            bitCount += whole * 8
            if count & 7 != 0 {
                let last = whole < octets.count ? octets[whole] : 0
                writeBits(UInt64(last >> UInt8(8 - count & 7)), count: count & 7)
            }
            return
        }
        var left = count
        var index = 0
        while left > 0 {
            let take = Swift.min(8, left)
            let byte = index < octets.count ? octets[index] : 0
            writeBits(UInt64(byte >> UInt8(8 - take)), count: take)
            left -= take
            index += 1
        }
    }
}
