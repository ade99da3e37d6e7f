import APER
import Testing
import Wire

/// Whole numbers and length determinants (X.691, aligned variant), against vectors worked out by
/// hand from the rules: which field size, whether it is octet-aligned, how a length is written.
@Suite("APER whole numbers and lengths")
struct APERWholeNumberTests {
    struct Constrained: Sendable, CustomStringConvertible {
        var lower: UInt64, upper: UInt64, value: UInt64, prefixBit: Bool, bytes: String
        var description: String { "\(value) in \(lower)...\(upper)" }
    }

    static let constrained: [Constrained] = [
        // Range 1: no bits at all (a lone bit before it shows nothing was added).
        Constrained(lower: 7, upper: 7, value: 7, prefixBit: true, bytes: "80"),
        // Range up to 255: the fewest bits, not aligned.
        Constrained(lower: 0, upper: 7, value: 5, prefixBit: false, bytes: "a0"),
        Constrained(lower: 0, upper: 7, value: 5, prefixBit: true, bytes: "d0"),
        Constrained(lower: 1, upper: 16, value: 16, prefixBit: true, bytes: "f8"),
        // Range 256: one aligned octet.
        Constrained(lower: 0, upper: 255, value: 171, prefixBit: true, bytes: "80 ab"),
        // Up to 64K: two aligned octets.
        Constrained(lower: 0, upper: 65535, value: 0x1234, prefixBit: true, bytes: "80 12 34"),
        Constrained(lower: 0, upper: 256, value: 256, prefixBit: false, bytes: "01 00"),
        // Larger: the octet count in a bit-field (1...3 in two bits), then the fewest aligned octets.
        Constrained(lower: 0, upper: 16_777_215, value: 5, prefixBit: false, bytes: "00 05"),
        Constrained(lower: 0, upper: 16_777_215, value: 0x1234, prefixBit: false, bytes: "40 12 34"),
        Constrained(lower: 0, upper: 16_777_215, value: 0xFF_FFFF, prefixBit: false, bytes: "80 ff ff ff"),
        Constrained(lower: 0, upper: 4_294_967_295, value: 0x0102_0304, prefixBit: false, bytes: "c0 01 02 03 04"),
        Constrained(lower: 0, upper: 4_294_967_295, value: 0x0102_0304, prefixBit: true, bytes: "e0 01 02 03 04"),
        // BitRate (0..10000000000): 1...5 octets in three bits.
        Constrained(lower: 0, upper: 10_000_000_000, value: 1_000_000_000, prefixBit: false, bytes: "60 3b 9a ca 00"),
        // The whole 64-bit range: 1...8 octets in three bits.
        Constrained(lower: 0, upper: .max, value: .max, prefixBit: false, bytes: "e0 ff ff ff ff ff ff ff ff"),
    ]

    @Test(arguments: constrained)
    func constrainedWholeNumber(_ vector: Constrained) throws {
        let bytes = encoding { writer in
            if vector.prefixBit { writer.writeBit(true) }
            writer.writeInteger(vector.value, vector.lower, vector.upper)
        }
        #expect(bytes == hex(vector.bytes))
        let back = try decoding(bytes) { reader throws(CodecError) -> UInt64 in
            if vector.prefixBit { _ = try reader.readBit("prefix") }
            return try reader.readInteger(UInt64.self, vector.lower, vector.upper, "value")
        }
        #expect(back == vector.value)
    }

    @Test func extensibleIntegerOutsideItsRoot() throws {
        // ExpectedActivityPeriod-like (1..181, ...): 200 goes after a set bit as an unconstrained
        // number, 0x00C8 (two octets, as 0xC8 alone would read negative).
        let outside = encoding { $0.writeInteger(200, 1, 181, extensible: true) }
        #expect(outside == hex("80 02 00 c8"))
        #expect(try decoding(outside) { reader throws(CodecError) in try reader.readInteger(Int.self, 1, 181, extensible: true, "v") } == 200)
        let inside = encoding { $0.writeInteger(30, 1, 181, extensible: true) }
        #expect(inside == hex("0e 80"))
        #expect(try decoding(inside) { reader throws(CodecError) in try reader.readInteger(Int.self, 1, 181, extensible: true, "v") } == 30)
    }

    @Test func negativeBounds() throws {
        let bytes = encoding { $0.writeInteger(Int8(-3), -10, 10) }
        // Offset 7 from -10 in 5 bits (range 21).
        #expect(bytes == hex("38"))
        #expect(try decoding(bytes) { reader throws(CodecError) in try reader.readInteger(Int8.self, -10, 10, "v") } == -3)
    }

    @Test(arguments: [(UInt64(300), "02 01 2c"), (0, "01 00"), (255, "01 ff"), (256, "02 01 00")])
    func semiConstrained(_ value: UInt64, _ bytes: String) throws {
        #expect(encoding { $0.writeSemiConstrainedWholeNumber(value) } == hex(bytes))
        #expect(try decoding(hex(bytes)) { reader throws(CodecError) in try reader.readSemiConstrainedWholeNumber("v") } == value)
    }

    @Test(arguments: [(Int64(-1), "01 ff"), (128, "02 00 80"), (-129, "02 ff 7f"), (0, "01 00"), (127, "01 7f"),
                      (-128, "01 80"), (.max, "08 7f ff ff ff ff ff ff ff"), (.min, "08 80 00 00 00 00 00 00 00")])
    func unconstrained(_ value: Int64, _ bytes: String) throws {
        #expect(encoding { $0.writeUnconstrainedInteger(value) } == hex(bytes))
        #expect(try decoding(hex(bytes)) { reader throws(CodecError) in try reader.readUnconstrainedInteger("v") } == value)
    }

    @Test func moreOctetsThanNeededAreRefused() {
        // 0x00 0x05 in two octets could have been one: not what an encoder writes, so not accepted
        // (the typed value could not re-encode as received).
        #expect(throws: CodecError.self) { try decoding(hex("02 00 05")) { reader throws(CodecError) in try reader.readUnconstrainedInteger("v") } }
        #expect(throws: CodecError.self) {
            try decoding(hex("40 00 05")) { reader throws(CodecError) in try reader.readInteger(UInt32.self, 0, 16_777_215, "v") }
        }
        // A 127 in the two-octet length form.
        #expect(throws: CodecError.self) { try decoding(hex("80 7f")) { reader throws(CodecError) in try reader.readLengthFragment("v") } }
    }

    @Test func valueAboveItsRangeIsRefused() {
        // Range 0...4 takes three bits, which can say 7.
        #expect(throws: CodecError.self) { try decoding(hex("e0")) { reader throws(CodecError) in try reader.readInteger(UInt8.self, 0, 4, "v") } }
    }

    @Test(arguments: [(0, "00"), (5, "0a"), (63, "7e"), (64, "80 01 40"), (300, "80 02 01 2c")])
    func normallySmallNumber(_ value: Int, _ bytes: String) throws {
        #expect(encoding { $0.writeNormallySmallNumber(value) } == hex(bytes))
        #expect(try decoding(hex(bytes)) { reader throws(CodecError) in try reader.readNormallySmallNumber("v") } == value)
    }

    @Test(arguments: [(1, "00"), (2, "02"), (64, "7e"), (65, "80 41")])
    func normallySmallLength(_ value: Int, _ bytes: String) throws {
        #expect(encoding { $0.writeNormallySmallLength(value) } == hex(bytes))
        #expect(try decoding(hex(bytes)) { reader throws(CodecError) in try reader.readNormallySmallLength("v") } == value)
    }

    @Test(arguments: [(0, "00"), (127, "7f"), (128, "80 80"), (16383, "bf ff")])
    func generalLength(_ length: Int, _ bytes: String) throws {
        #expect(encoding { $0.writeLength(length) } == hex(bytes))
        let (back, more) = try decoding(hex(bytes)) { reader throws(CodecError) in try reader.readLengthFragment("v") }
        #expect(back == length && !more)
    }

    @Test(arguments: [(1, "c1"), (2, "c2"), (3, "c3"), (4, "c4")])
    func fragmentLengths(_ units: Int, _ byte: String) throws {
        let bytes = hex(byte)
        let (length, more) = try withAPERBytes(bytes) { raw throws(CodecError) in
            var reader = APERReader(raw)
            return try reader.readLengthFragment("v")
        }
        #expect(length == units * 16384 && more)
        // 0xC0 and 0xC5...: not fragment sizes.
        for bad in [0xC0, 0xC5, 0xFF] as [UInt8] {
            #expect(throws: CodecError.self) {
                try withAPERBytes([bad]) { raw throws(CodecError) in
                    var reader = APERReader(raw)
                    _ = try reader.readLengthFragment("v")
                }
            }
        }
    }
}
