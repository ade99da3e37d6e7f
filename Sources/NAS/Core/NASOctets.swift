import NIOCore
import Wire

/// Up to 16 octets held inline in two words.
///
/// Most NAS values are a handful of octets (identities, RAND/AUTN, QoS, PDN address); keeping them
/// inline means decoding a message does not allocate per IE, and the exact received octets are
/// what gets written back.
public struct NASOctets: Hashable, Sendable, RandomAccessCollection, CustomStringConvertible {
    public static let capacity = 16

    /// Octets 0-7, the first in the most significant byte; unused octets are zero.
    @usableFromInline var high: UInt64
    /// Octets 8-15, same layout.
    @usableFromInline var low: UInt64
    @usableFromInline let length: UInt8

    /// Nil when `bytes` holds more than 16 octets.
    public init?(_ bytes: some Sequence<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var count = 0
        for byte in bytes {
            guard count < Self.capacity else { return nil }
            if count < 8 {
                high |= UInt64(byte) << (56 - 8 * UInt64(count))
            } else {
                low |= UInt64(byte) << (56 - 8 * UInt64(count - 8))
            }
            count += 1
        }
        self.high = high
        self.low = low
        self.length = UInt8(count)
    }

    /// `count` octets taken from the big-endian value `word` (at most 8).
    init(word: UInt64, count: Int) {
        high = count == 0 ? 0 : word << (64 - 8 * UInt64(count))
        low = 0
        length = UInt8(count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < Int(length), "NASOctets index out of range")
        return index < 8
            ? UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            : UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index - 8)))
    }

    /// The first `count` octets (at most 8) as a big-endian integer.
    func word(_ count: Int) -> UInt64 {
        count == 0 ? 0 : high >> (64 - 8 * UInt64(count))
    }

    public var description: String { hex }

    /// Lower-case hex, no separators.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(2 * count)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads `count` octets; more than 16 is an error for the element `what`.
    static func read(_ reader: inout WireReader, count: Int, _ what: StaticString) throws(CodecError) -> NASOctets {
        guard count <= capacity else {
            throw reader.error(.invalidLength(count), "\(what)")
        }
        guard count <= reader.remaining else {
            throw reader.error(.truncated(needed: count, available: reader.remaining), "\(what)")
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        if count >= 8 {
            high = try reader.u64(what)
            for index in 0..<(count - 8) {
                low |= UInt64(try reader.u8(what)) << (56 - 8 * UInt64(index))
            }
        } else {
            for index in 0..<count {
                high |= UInt64(try reader.u8(what)) << (56 - 8 * UInt64(index))
            }
        }
        return NASOctets(high: high, low: low, length: UInt8(count))
    }

    private init(high: UInt64, low: UInt64, length: UInt8) {
        self.high = high
        self.low = low
        self.length = length
    }

    @inlinable
    public func encode(into writer: inout WireWriter) {
        let count = Int(length)
        if count >= 8 {
            writer.writeU64(high)
            for index in 0..<(count - 8) {
                writer.writeU8(UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index))))
            }
        } else {
            for index in 0..<count {
                writer.writeU8(UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index))))
            }
        }
    }
}

extension NASOctets: NASValue {
    /// Takes the whole value (at most 16 octets): RAND, AUTN, RES, AUTS and other opaque values.
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> NASOctets {
        try read(&reader, count: reader.remaining, "NAS value")
    }

    public func encode(nasValue writer: inout WireWriter) { encode(into: &writer) }
}
