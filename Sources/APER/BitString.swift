/// An ASN.1 BIT STRING: `count` bits, first bit the most significant bit of `bytes[0]`, the unused
/// bits of the last octet zero.
public struct BitString: Hashable, Sendable, CustomStringConvertible {
    public private(set) var bytes: [UInt8]
    public private(set) var count: Int

    /// `count` bits from `bytes`; missing octets are taken as zero, extra bits are dropped.
    public init(_ bytes: [UInt8], count: Int) {
        let needed = (Swift.max(count, 0) + 7) / 8
        var stored = Array(bytes.prefix(needed))
        if stored.count < needed { stored += [UInt8](repeating: 0, count: needed - stored.count) }
        if count & 7 != 0, !stored.isEmpty {
            stored[stored.count - 1] &= UInt8(truncatingIfNeeded: 0xFF00 >> (count & 7))
        }
        self.bytes = stored
        self.count = Swift.max(count, 0)
    }

    /// Whole octets, eight bits each.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.count = bytes.count * 8
    }

    /// The low `count` bits of `value` (up to 64), most significant first.
    public init(value: UInt64, count: Int) {
        let count = Swift.min(Swift.max(count, 0), 64)
        let shifted = count == 0 ? 0 : value << UInt64(64 - count)
        let octets = (count + 7) / 8
        self.bytes = (0..<octets).map { UInt8(truncatingIfNeeded: shifted >> UInt64(56 - $0 * 8)) }
        self.count = count
    }

    @usableFromInline
    init(unchecked bytes: [UInt8], count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// The bits as a number when there are at most 64, the first bit most significant.
    public var value: UInt64? {
        guard count <= 64 else { return nil }
        var result: UInt64 = 0
        for byte in bytes { result = result << 8 | UInt64(byte) }
        return count == 0 ? 0 : result >> UInt64(bytes.count * 8 - count)
    }

    public subscript(bit index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        return bytes[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
    }

    /// The bits as "0" and "1" characters.
    public var binary: String {
        String((0..<count).map { self[bit: $0] ? "1" : "0" })
    }

    public var description: String { "'\(binary)'B" }
}
