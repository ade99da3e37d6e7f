import NIOCore

/// Telephony BCD (TS 29.002, TS 24.008 10.5.1.4): two digits per octet, the first in the low
/// nibble, an odd count padded with the filler 0xF in the last high nibble.
public enum TBCD {
    /// The characters a TBCD nibble can carry, indexed by nibble value (0xF is the filler).
    @usableFromInline static let alphabet: [UInt8] = Array("0123456789*#abc".utf8)

    public static func encodedLength(digitCount: Int) -> Int { (digitCount + 1) / 2 }

    /// Reads `length` octets of TBCD digits; a filler is only allowed as the very last nibble.
    public static func decode(_ reader: inout WireReader, length: Int, decimalOnly: Bool = true,
                              _ what: StaticString) throws(CodecError) -> String {
        let start = reader.offset
        var bytes = try reader.bytes(length, what)
        var digits = [UInt8]()
        digits.reserveCapacity(length * 2)
        var ended = false
        while let octet = bytes.readInteger(as: UInt8.self) {
            for nibble in [octet & 0x0F, octet >> 4] {
                if ended {
                    throw CodecError(.invalidValue("digit after filler"), at: start, in: "\(what)")
                }
                if nibble == 0x0F {
                    // The filler may only pad the high nibble of the last octet.
                    guard bytes.readableBytes == 0, nibble == octet >> 4, !digits.isEmpty else {
                        throw CodecError(.invalidValue("misplaced filler"), at: start, in: "\(what)")
                    }
                    ended = true
                    continue
                }
                if decimalOnly && nibble > 9 {
                    throw CodecError(.invalidValue("nibble \(nibble) is not a decimal digit"), at: start, in: "\(what)")
                }
                digits.append(alphabet[Int(nibble)])
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Writes `digits` (characters of `alphabet`, already validated) as TBCD.
    public static func encode(_ digits: String, into buffer: inout ByteBuffer) {
        var low: UInt8? = nil
        for char in digits.utf8 {
            let nibble = nibbleValue(char) ?? 0
            if let first = low {
                buffer.writeInteger(first | nibble << 4)
                low = nil
            } else {
                low = nibble
            }
        }
        if let first = low { buffer.writeInteger(first | 0xF0) }
    }

    @inlinable
    static func nibbleValue(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "*"): return 10
        case UInt8(ascii: "#"): return 11
        case UInt8(ascii: "a"), UInt8(ascii: "A"): return 12
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return 13
        case UInt8(ascii: "c"), UInt8(ascii: "C"): return 14
        default: return nil
        }
    }

    /// True when every character is a decimal digit and the count is within `range`.
    public static func isDecimal(_ digits: String, count range: ClosedRange<Int>) -> Bool {
        range.contains(digits.utf8.count) && digits.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// True when every character is a TBCD character and the count is within `range`.
    public static func isTBCD(_ digits: String, count range: ClosedRange<Int>) -> Bool {
        range.contains(digits.utf8.count) && digits.utf8.allSatisfy { nibbleValue($0) != nil }
    }
}
