import APER
import Testing
import Wire

/// OCTET STRING, BIT STRING and known-multiplier character strings: sizes fixed or ranged,
/// extensible, and long enough to be fragmented.
@Suite("APER strings")
struct APERStringTests {
    @Test func fixedOctetStrings() throws {
        // Up to two octets: not aligned (after a lone bit the octets straddle byte boundaries).
        let two = encoding { writer in
            writer.writeBit(true)
            writer.writeOctetString([0xAB, 0xCD], .fixed(2))
        }
        #expect(two == hex("d5 e6 80"))
        // Three or more: aligned (a PLMN identity).
        let three = encoding { writer in
            writer.writeBit(true)
            writer.writeOctetString([0x00, 0xF1, 0x10], .fixed(3))
        }
        #expect(three == hex("80 00 f1 10"))
        let back = try decoding(three) { reader throws(CodecError) -> [UInt8] in
            _ = try reader.readBit("prefix")
            return try reader.readOctetString(.fixed(3), "v")
        }
        #expect(back == [0x00, 0xF1, 0x10])
        #expect(try decoding(two) { reader throws(CodecError) -> UInt64 in
            _ = try reader.readBit("prefix")
            return try reader.readFixedOctets(2, "v")
        } == 0xABCD)
    }

    @Test func rangedOctetString() throws {
        // SIZE (3..8) (like IMSI): the length in three bits, then aligned octets.
        let bytes = encoding { $0.writeOctetString([0x09, 0x10, 0x10], APERSize(3, 8)) }
        #expect(bytes == hex("00 09 10 10"))
        let five = encoding { $0.writeOctetString([1, 2, 3, 4, 5], APERSize(3, 8)) }
        #expect(five == hex("40 01 02 03 04 05"))
        #expect(try decoding(five) { reader throws(CodecError) in try reader.readOctetString(APERSize(3, 8), "v") } == [1, 2, 3, 4, 5])
        // Unconstrained (a NAS-PDU): a general length.
        #expect(encoding { $0.writeOctetString([0x07, 0x41], .unconstrained) } == hex("02 07 41"))
    }

    @Test func extensibleSizes() throws {
        // SIZE (1..150, ...): inside the root, bit 0 and an 8-bit length; outside, bit 1 and a
        // general length.
        let inside = encoding { $0.writeOctetString([0x61, 0x62], APERSize(1, 150, extensible: true)) }
        #expect(inside == hex("00 80 61 62"))
        let long = [UInt8](repeating: 0x41, count: 151)
        let outside = encoding { $0.writeOctetString(long, APERSize(1, 150, extensible: true)) }
        #expect(Array(outside.prefix(3)) == hex("80 80 97"))
        #expect(try decoding(outside) { reader throws(CodecError) in try reader.readOctetString(APERSize(1, 150, extensible: true), "v") } == long)
    }

    @Test func bitStrings() throws {
        // SIZE (20), a macro eNB ID: more than 16 bits, so aligned, no length.
        let macro = encoding { writer in
            writer.writeBit(false)
            writer.writeFixedBits(0x19B01, count: 20)
        }
        #expect(macro == hex("00 19 b0 10"))
        // SIZE (10): not aligned.
        let small = encoding { writer in
            writer.writeBit(true)
            writer.writeFixedBits(0x3FF, count: 10)
        }
        #expect(small == hex("ff e0"))
        // SIZE (1..160, ...), a TransportLayerAddress holding 10.0.0.2.
        let address = BitString([10, 0, 0, 2])
        let bytes = encoding { $0.writeBitString(address, APERSize(1, 160, extensible: true)) }
        #expect(bytes == hex("0f 80 0a 00 00 02"))
        #expect(try decoding(bytes) { reader throws(CodecError) in try reader.readBitString(APERSize(1, 160, extensible: true), "v") } == address)
        // A length that is not whole octets keeps its count.
        let odd = BitString([0xAB, 0xC0], count: 11)
        let oddBytes = encoding { $0.writeBitString(odd, APERSize(1, 160)) }
        #expect(try decoding(oddBytes) { reader throws(CodecError) in try reader.readBitString(APERSize(1, 160), "v") } == odd)
    }

    @Test func fragmentedOctetString() throws {
        // 70,000 octets: four 16K units (C4), then the 4,464 that remain with a two-octet length.
        let value = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let bytes = encoding { $0.writeOctetString(value, .unconstrained) }
        #expect(bytes[0] == 0xC4)
        #expect(Array(bytes[65537...65538]) == hex("91 70"))
        #expect(bytes.count == 70_000 + 3)
        #expect(try decoding(bytes) { reader throws(CodecError) in try reader.readOctetString(.unconstrained, "v") } == value)
        // Exactly 16K: one fragment, then an empty final length.
        let exact = [UInt8](repeating: 1, count: 16384)
        let exactBytes = encoding { $0.writeOctetString(exact, .unconstrained) }
        #expect(exactBytes.first == 0xC1 && exactBytes.last == 0x00 && exactBytes.count == 16386)
        #expect(try decoding(exactBytes) { reader throws(CodecError) in try reader.readOctetString(.unconstrained, "v") } == exact)
    }

    @Test func fragmentedBitString() throws {
        // SIZE (1..131072): above 64K, so a general length counting bits: 40,000 bits are two 16K
        // units (C2, 32,768 bits), then 7,232 bits (9C 40).
        let value = BitString((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 13) }, count: 40_000)
        let size = APERSize(1, 131_072)
        let bytes = encoding { $0.writeBitString(value, size) }
        #expect(bytes[0] == 0xC2)
        #expect(Array(bytes[4097...4098]) == hex("9c 40"))
        #expect(try decoding(bytes) { reader throws(CodecError) in try reader.readBitString(size, "v") } == value)
    }

    @Test func printableAndVisibleStrings() throws {
        // PrintableString's 74 characters need 7 bits, which the aligned variant rounds to 8, and
        // since every character code fits in 8 bits the codes themselves are sent.
        #expect(APERAlphabet.printable.bitsPerCharacter == 8 && APERAlphabet.printable.encodesCodes)
        let name = encoding { $0.writeCharacterString("ab", APERSize(1, 150, extensible: true), alphabet: .printable) }
        #expect(name == hex("00 80 61 62"))
        #expect(try decoding(name) { reader throws(CodecError) in
            try reader.readCharacterString(APERSize(1, 150, extensible: true), alphabet: .printable, "v")
        } == "ab")
        // A character outside PrintableString is refused on decoding.
        #expect(throws: CodecError.self) {
            try decoding(hex("00 80 61 40")) { reader throws(CodecError) in
                try reader.readCharacterString(APERSize(1, 150, extensible: true), alphabet: .printable, "v")
            }
        }
        let uri = encoding { $0.writeCharacterString("http://x", .unconstrained, alphabet: .visible) }
        #expect(uri == [8] + Array("http://x".utf8))
    }

    @Test func permittedAlphabets() throws {
        // NumericString: 11 characters in 4 bits, sent as their index (space 0, "0" 1, ...).
        #expect(APERAlphabet.numeric.bitsPerCharacter == 4 && !APERAlphabet.numeric.encodesCodes)
        let digits = encoding { $0.writeCharacterString("123", .unconstrained, alphabet: .numeric) }
        #expect(digits == hex("03 23 40"))
        #expect(try decoding(digits) { reader throws(CodecError) in try reader.readCharacterString(.unconstrained, alphabet: .numeric, "v") } == "123")
        // IA5String (FROM ("0".."9")) (SIZE (4)): 10 characters in 4 bits, 16 bits in all, so not aligned.
        let decimal = APERAlphabet(range: 0x30...0x39)
        let pin = encoding { writer in
            writer.writeBit(true)
            writer.writeCharacterString("1234", .fixed(4), alphabet: decimal)
        }
        #expect(pin == hex("89 1a 00"))
        #expect(try decoding(pin) { reader throws(CodecError) -> String in
            _ = try reader.readBit("prefix")
            return try reader.readCharacterString(.fixed(4), alphabet: decimal, "v")
        } == "1234")
        // FROM ("A".."Z"): 26 characters need 5 bits, rounded to 8, in which every code (up to 90)
        // fits, so the codes are sent.
        let letters = APERAlphabet(range: 0x41...0x5A)
        #expect(letters.bitsPerCharacter == 8 && letters.encodesCodes)
        // Two characters in a 2-bit alphabet: indexes.
        let binary = APERAlphabet("AB")
        #expect(binary.bitsPerCharacter == 1 && !binary.encodesCodes)
        let ab = encoding { $0.writeCharacterString("BAB", .fixed(3), alphabet: binary) }
        #expect(ab == hex("a0"))
    }
}
