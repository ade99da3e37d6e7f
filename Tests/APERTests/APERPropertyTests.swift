import APER
import CodecSamples
import Testing
import Wire

/// Random values through every writer and back through the reader, after a random number of
/// leading bits so that every alignment is exercised; and random octets through the readers,
/// which may only throw.
@Suite("APER round trips")
struct APERPropertyTests {
    static let rounds = 5_000

    /// Writes `prefix` bits, the value, and reads both back.
    func roundTrip<T: Equatable>(_ value: T, prefix: Int, _ generator: inout SeededGenerator,
                                 write: (T, inout APERWriter) -> Void,
                                 read: (inout APERReader) throws(CodecError) -> T) throws {
        let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
        let bytes = encoding { writer in
            writer.writeBits(bits, count: prefix)
            write(value, &writer)
        }
        let (back, again) = try decoding(bytes) { reader throws(CodecError) in
            (try reader.readBits(prefix, "prefix"), try read(&reader))
        }
        #expect(back == (prefix == 0 ? 0 : bits & (UInt64.max >> UInt64(64 - prefix))))
        #expect(again == value, "prefix \(prefix)")
    }

    @Test func integers() throws {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<Self.rounds {
            let lower = Int64.random(in: -1_000_000...1_000_000, using: &generator)
            let width = [UInt64(0), 1, 7, 254, 255, 256, 65535, 65536, 1 << 24, 1 << 40, 1 << 62].randomElement(using: &generator)!
            let upper = lower + Int64(width)
            let extensible = Bool.random(using: &generator)
            var value = Int64.random(in: lower...upper, using: &generator)
            if extensible, Bool.random(using: &generator) { value = Int64.random(in: -(1 << 40)...(1 << 40), using: &generator) }
            try roundTrip(value, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeInteger($0, lower, upper, extensible: extensible) },
                          read: { reader throws(CodecError) in try reader.readInteger(Int64.self, lower, upper, extensible: extensible, "v") })
        }
        for _ in 0..<Self.rounds {
            let value = UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator)
            try roundTrip(value, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeInteger($0, 0, UInt64.max) },
                          read: { reader throws(CodecError) in try reader.readInteger(UInt64.self, 0, .max, "v") })
            let signed = Int64(bitPattern: value) >> Int64.random(in: 0...63, using: &generator)
            try roundTrip(signed, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeUnconstrainedInteger($0) },
                          read: { reader throws(CodecError) in try reader.readUnconstrainedInteger("v") })
            let small = Int.random(in: 0...100_000, using: &generator) >> Int.random(in: 0...16, using: &generator)
            try roundTrip(small, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeNormallySmallNumber($0) },
                          read: { reader throws(CodecError) in try reader.readNormallySmallNumber("v") })
        }
    }

    static func randomSize(_ generator: inout SeededGenerator) -> APERSize {
        let lower = Int.random(in: 0...40, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return .fixed(Int.random(in: 1...40, using: &generator), extensible: Bool.random(using: &generator))
        case 1: return APERSize(lower, lower + Int.random(in: 1...300, using: &generator), extensible: Bool.random(using: &generator))
        case 2: return APERSize(lower, nil)
        default: return APERSize(lower, 70_000 + lower)
        }
    }

    static func randomCount(_ size: APERSize, _ generator: inout SeededGenerator) -> Int {
        if size.extensible, Int.random(in: 0..<4, using: &generator) == 0 { return Int.random(in: 0...400, using: &generator) }
        let upper = Swift.min(size.upperBound ?? size.lowerBound + 300, size.lowerBound + 300)
        return Int.random(in: size.lowerBound...upper, using: &generator)
    }

    @Test func strings() throws {
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<Self.rounds {
            let size = Self.randomSize(&generator)
            let count = Self.randomCount(size, &generator)
            let octets = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try roundTrip(octets, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeOctetString($0, size) },
                          read: { reader throws(CodecError) in try reader.readOctetString(size, "v") })
            let bitCount = Self.randomCount(size, &generator)
            let bits = BitString((0..<(bitCount + 7) / 8).map { _ in UInt8.random(in: 0...255, using: &generator) }, count: bitCount)
            try roundTrip(bits, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeBitString($0, size) },
                          read: { reader throws(CodecError) in try reader.readBitString(size, "v") })
            let alphabet = [APERAlphabet.printable, .visible, .ia5, .numeric, APERAlphabet("AB"), APERAlphabet(range: 0x30...0x39)]
                .randomElement(using: &generator)!
            let length = Self.randomCount(size, &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in
                Unicode.Scalar(alphabet.codes.randomElement(using: &generator)!)!
            }))
            try roundTrip(text, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { $1.writeCharacterString($0, size, alphabet: alphabet) },
                          read: { reader throws(CodecError) in try reader.readCharacterString(size, alphabet: alphabet, "v") })
        }
    }

    @Test func listsAndOpenTypes() throws {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<Self.rounds / 5 {
            let size = Self.randomSize(&generator)
            let items = (0..<Self.randomCount(size, &generator)).map { _ in UInt16.random(in: 0...1000, using: &generator) }
            try roundTrip(items, prefix: Int.random(in: 0...7, using: &generator), &generator,
                          write: { items, writer in
                              writer.writeSequenceOf(items, size) { item, writer in
                                  writer.writeOpenType { $0.writeInteger(item, 0, 1000) }
                              }
                          },
                          read: { reader throws(CodecError) in
                              try reader.readSequenceOf(size, "list") { inner throws(CodecError) in
                                  try inner.readOpenType("item") { value throws(CodecError) in try value.readInteger(UInt16.self, 0, 1000, "v") }
                              }
                          })
        }
    }

    @Test func randomOctetsOnlyEverThrow() {
        var generator = SeededGenerator(seed: 4)
        var decoded = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let size = Self.randomSize(&generator)
            do {
                _ = try decoding(bytes) { reader throws(CodecError) in
                    _ = try reader.readOctetString(size, "o")
                    _ = try reader.readBitString(size, "b")
                    _ = try reader.readCharacterString(size, alphabet: .printable, "c")
                    _ = try reader.readSequenceOf(size, "l") { inner throws(CodecError) in try inner.readOpenTypeBytes("i") }
                    _ = try reader.readExtensionAdditions("e")
                    _ = try reader.readUnconstrainedInteger("u")
                    return try reader.readNormallySmallNumber("n")
                }
                decoded += 1
            } catch {
                // Throwing is the point.
            }
        }
        #expect(decoded < 20_000)
    }
}
