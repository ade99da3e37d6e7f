import NIOCore

/// Telephony BCD (TS 29.002, TS 24.008 10.5.1.4): two digits per octet, the first in the low
/// nibble, an odd count padded with the filler 0xF in the last high nibble.
///
/// Identities are at most 16 digits, so they are kept packed as on the wire in one 64-bit word
/// (first octet in the low byte): decoding and encoding are a few shifts, with no allocation.
public struct TBCDDigits: Hashable, Sendable, CustomStringConvertible {
    /// The octets as on the wire, first octet least significant, filler included.
    public let packed: UInt64
    public let count: Int

    @usableFromInline static let alphabet: [UInt8] = Array("0123456789*#abc".utf8)

    /// Nil unless `digits` holds 1 to 16 characters of the TBCD alphabet (decimal only when
    /// `decimalOnly`).
    public init?(_ digits: String, decimalOnly: Bool = true) {
        let utf8 = Array(digits.utf8)
        guard (1...16).contains(utf8.count) else { return nil }
        var packed: UInt64 = 0
        for (index, char) in utf8.enumerated() {
            guard let nibble = Self.nibble(char), !decimalOnly || nibble <= 9 else { return nil }
            packed |= UInt64(nibble) << (4 * UInt64(index))
        }
        if utf8.count % 2 == 1 { packed |= 0xF << (4 * UInt64(utf8.count)) }
        self.packed = packed
        self.count = utf8.count
    }

    init(packed: UInt64, count: Int) {
        self.packed = packed
        self.count = count
    }

    static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "*"): 10
        case UInt8(ascii: "#"): 11
        case UInt8(ascii: "a"), UInt8(ascii: "A"): 12
        case UInt8(ascii: "b"), UInt8(ascii: "B"): 13
        case UInt8(ascii: "c"), UInt8(ascii: "C"): 14
        default: nil
        }
    }

    public subscript(index: Int) -> UInt8 { UInt8(truncatingIfNeeded: packed >> (4 * UInt64(index))) & 0x0F }

    public var description: String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count { buffer[index] = Self.alphabet[Int(self[index])] }
            return count
        }
    }

    public var octetCount: Int { (count + 1) / 2 }

    /// Reads `length` octets (at most 8). A filler is only allowed as the very last nibble.
    public static func decode(_ reader: inout WireReader, length: Int, decimalOnly: Bool = true,
                              _ what: StaticString) throws(CodecError) -> TBCDDigits {
        let at = reader.offset
        guard (1...8).contains(length) else { throw CodecError(.invalidLength(length), at: at, in: "\(what)") }
        var packed: UInt64 = 0
        for index in 0..<length {
            packed |= UInt64(try reader.u8(what)) << (8 * UInt64(index))
        }
        var count = 2 * length
        if packed >> (4 * UInt64(count - 1)) & 0xF == 0xF { count -= 1 }
        // All digit nibbles at once: in decimal mode none may exceed 9 (bit 3 set with bit 2 or 1),
        // otherwise none may be the filler 0xF.
        let digitMask: UInt64 = count == 16 ? ~0 : (1 << (4 * UInt64(count))) - 1
        let ones: UInt64 = 0x1111_1111_1111_1111 & digitMask
        let bad = decimalOnly
            ? (packed >> 3) & ((packed >> 2) | (packed >> 1)) & ones
            : packed & (packed >> 1) & (packed >> 2) & (packed >> 3) & ones
        guard bad == 0, count > 0 else {
            throw CodecError(.invalidValue("not a TBCD digit string"), at: at, in: "\(what)")
        }
        return TBCDDigits(packed: packed, count: count)
    }

    @inlinable
    public func encode(into writer: inout WireWriter) {
        writer.writeLittleEndianBytes(of: packed, count: (count + 1) / 2)
    }
}

public enum TBCD {
    /// True when every character is a decimal digit and the count is within `range`.
    public static func isDecimal(_ digits: String, count range: ClosedRange<Int>) -> Bool {
        range.contains(digits.utf8.count) && digits.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
