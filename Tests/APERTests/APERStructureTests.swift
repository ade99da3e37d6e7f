import APER
import Testing
import Wire

/// ENUMERATED, CHOICE, SEQUENCE (optional bitmap, extension additions known and unknown),
/// SEQUENCE OF and open types.
@Suite("APER structures")
struct APERStructureTests {
    @Test func enumerated() throws {
        // Three root values, no marker: two bits.
        #expect(encoding { $0.writeEnumerated(2, rootCount: 3, extensible: false) } == hex("80"))
        // With a marker: a 0 bit, then the root index.
        #expect(encoding { $0.writeEnumerated(1, rootCount: 3, extensible: true) } == hex("20"))
        // An extension value: a 1 bit and its index as a normally small number.
        #expect(encoding { $0.writeEnumerated(3, rootCount: 3, extensible: true) } == hex("80"))
        #expect(encoding { $0.writeEnumerated(4, rootCount: 3, extensible: true) } == hex("81"))
        #expect(try decoding(hex("81")) { reader throws(CodecError) in try reader.readEnumerated(rootCount: 3, extensible: true, "v") } == 4)
        // A single root value takes no bits at all.
        #expect(encoding { $0.writeEnumerated(0, rootCount: 1, extensible: false) } == hex("00"))
    }

    /// A CHOICE { a INTEGER (0..255), b NULL, ..., c INTEGER (0..255) } written by hand.
    enum Choice: Equatable {
        case a(UInt8), b, c(UInt8)
        case unknown(index: Int, encoding: [UInt8])

        func encode(into writer: inout APERWriter) {
            switch self {
            case .a(let value):
                writer.writeChoiceIndex(0, rootCount: 2, extensible: true, isExtension: false)
                writer.writeInteger(value, 0, 255)
            case .b:
                writer.writeChoiceIndex(1, rootCount: 2, extensible: true, isExtension: false)
            case .c(let value):
                writer.writeChoiceIndex(0, rootCount: 2, extensible: true, isExtension: true)
                writer.writeOpenType { $0.writeInteger(value, 0, 255) }
            case .unknown(let index, let encoding):
                writer.writeChoiceIndex(index, rootCount: 2, extensible: true, isExtension: true)
                writer.writeOpenType(octets: encoding)
            }
        }

        /// `knowsC` false plays a codec from before `c` was added.
        static func decode(_ reader: inout APERReader, knowsC: Bool) throws(CodecError) -> Choice {
            let (index, isExtension) = try reader.readChoiceIndex(rootCount: 2, extensible: true, "Choice")
            if !isExtension { return index == 0 ? .a(try reader.readInteger(UInt8.self, 0, 255, "a")) : .b }
            if index == 0, knowsC {
                return .c(try reader.readOpenType("c") { inner throws(CodecError) in try inner.readInteger(UInt8.self, 0, 255, "c") })
            }
            return .unknown(index: index, encoding: try reader.readOpenTypeBytes("extension"))
        }
    }

    @Test func choice() throws {
        #expect(encoding { Choice.a(5).encode(into: &$0) } == hex("00 05"))
        #expect(encoding { Choice.b.encode(into: &$0) } == hex("40"))
        // Extension alternative 0: bit 1, normally small 0, then an open type of one octet.
        let c = encoding { Choice.c(7).encode(into: &$0) }
        #expect(c == hex("80 01 07"))
        #expect(try decoding(c) { reader throws(CodecError) in try Choice.decode(&reader, knowsC: true) } == .c(7))
        // An older codec keeps it as bytes and writes it back the same.
        let old = try decoding(c) { reader throws(CodecError) in try Choice.decode(&reader, knowsC: false) }
        #expect(old == .unknown(index: 0, encoding: [7]))
        #expect(encoding { old.encode(into: &$0) } == c)
    }

    /// SEQUENCE { a INTEGER (0..7), b INTEGER (0..255) OPTIONAL, ..., c INTEGER (0..255), d INTEGER (0..255) }.
    struct Sequence: Equatable {
        var a: UInt8
        var b: UInt8?
        var c: UInt8?
        var d: UInt8?
        var unknown = APERExtensionAdditions.none

        func encode(into writer: inout APERWriter) {
            let known = c != nil || d != nil
            writer.writeBit(known || !unknown.isEmpty)
            writer.writeBit(b != nil)
            writer.writeInteger(a, 0, 7)
            if let b { writer.writeInteger(b, 0, 255) }
            if known || !unknown.isEmpty {
                writer.writeExtensionAdditions(unknown, knownCount: 2, present: { $0 == 0 ? c != nil : d != nil }) { index, writer in
                    writer.writeInteger(index == 0 ? c! : d!, 0, 255)
                }
            }
        }

        /// `known` is how many of the additions the decoding codec models (0, 1 or 2).
        static func decode(_ reader: inout APERReader, known: Int) throws(CodecError) -> Sequence {
            let extended = try reader.readBit("ext")
            let present = try reader.readBit("b?")
            var value = Sequence(a: try reader.readInteger(UInt8.self, 0, 7, "a"))
            if present { value.b = try reader.readInteger(UInt8.self, 0, 255, "b") }
            if extended {
                var c: UInt8?
                var d: UInt8?
                value.unknown = try reader.readExtensionAdditions(knownCount: known, "additions") { index, inner throws(CodecError) in
                    let number = try inner.readInteger(UInt8.self, 0, 255, "addition")
                    if index == 0 { c = number } else { d = number }
                }
                value.c = c
                value.d = d
            }
            return value
        }
    }

    @Test func sequenceWithExtensionAdditions() throws {
        // ext 1, b absent 0, a = 101, bitmap length 2 (0 000001), bitmap 10, then c's open type.
        let value = Sequence(a: 5, c: 7)
        let bytes = encoding { value.encode(into: &$0) }
        #expect(bytes == hex("a8 18 01 07"))
        let decoded = try decoding(bytes) { reader throws(CodecError) in try Sequence.decode(&reader, known: 2) }
        #expect(decoded.a == 5 && decoded.b == nil && decoded.c == 7 && decoded.d == nil && decoded.unknown.unknown.isEmpty)
        #expect(encoding { decoded.encode(into: &$0) } == bytes)
        // Without additions: no bitmap at all.
        #expect(encoding { Sequence(a: 5, b: 200).encode(into: &$0) } == hex("68 c8"))
        // A codec that knows none of the additions keeps them, bitmap length included.
        let both = encoding { Sequence(a: 1, c: 2, d: 3).encode(into: &$0) }
        let old = try decoding(both) { reader throws(CodecError) in try Sequence.decode(&reader, known: 0) }
        #expect(old.unknown == APERExtensionAdditions(bitmapLength: 2, unknown: [.init(index: 0, encoding: [2]), .init(index: 1, encoding: [3])]))
        #expect(encoding { old.encode(into: &$0) } == both)
        // One that knows c but not d keeps d.
        let middle = try decoding(both) { reader throws(CodecError) in try Sequence.decode(&reader, known: 1) }
        #expect(middle.c == 2 && middle.unknown.unknown == [.init(index: 1, encoding: [3])])
        #expect(encoding { middle.encode(into: &$0) } == both)
        // A sender from a later release with a longer bitmap (5 additions, only the fifth present).
        var later = Sequence(a: 3)
        later.unknown = APERExtensionAdditions(bitmapLength: 5, unknown: [.init(index: 4, encoding: [0x42, 0x43])])
        let laterBytes = encoding { later.encode(into: &$0) }
        #expect(try decoding(laterBytes) { reader throws(CodecError) in try Sequence.decode(&reader, known: 2) } == later)
    }

    @Test func sequenceOf() throws {
        // SIZE (1..256): the count less one in an aligned octet (range 256).
        #expect(encoding { $0.writeSequenceOf([UInt8(1), 2], APERSize(1, 256)) { $1.writeInteger($0, 0, 255) } } == hex("01 01 02"))
        // SIZE (1..6): three bits.
        let small = encoding { $0.writeSequenceOf([UInt8(1), 2], APERSize(1, 6)) { $1.writeInteger($0, 0, 255) } }
        #expect(small == hex("20 01 02"))
        #expect(try decoding(small) { reader throws(CodecError) in
            try reader.readSequenceOf(APERSize(1, 6), "list") { inner throws(CodecError) in try inner.readInteger(UInt8.self, 0, 255, "item") }
        } == [1, 2])
        // A count outside SIZE (1..6) is refused.
        #expect(throws: CodecError.self) {
            try decoding(hex("e0 01")) { reader throws(CodecError) in
                try reader.readSequenceOf(APERSize(1, 6), "list") { inner throws(CodecError) in try inner.readInteger(UInt8.self, 0, 255, "item") }
            }
        }
        // Unconstrained, 20,000 items of one octet: a 16K fragment (C1), then 3,616 (8E 20).
        let many = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        let bytes = encoding { $0.writeSequenceOf(many, .unconstrained) { $1.writeInteger($0, 0, 255) } }
        #expect(bytes[0] == 0xC1 && Array(bytes[16385...16386]) == hex("8e 20"))
        #expect(try decoding(bytes) { reader throws(CodecError) in
            try reader.readSequenceOf(.unconstrained, "list") { inner throws(CodecError) in try inner.readInteger(UInt8.self, 0, 255, "item") }
        } == many)
    }

    @Test func openTypes() throws {
        // An empty encoding still takes one octet.
        #expect(encoding { $0.writeOpenType { _ in } } == hex("01 00"))
        #expect(try decoding(hex("01 00")) { reader throws(CodecError) in try reader.readOpenType("v") { _ throws(CodecError) in 1 } } == 1)
        // The value must fill its octets: a spare octet is refused.
        #expect(throws: CodecError.self) {
            try decoding(hex("02 05 00")) { reader throws(CodecError) in
                try reader.readOpenType("v") { inner throws(CodecError) in try inner.readInteger(UInt8.self, 0, 255, "v") }
            }
        }
        // 200 octets of content: the two-octet length.
        let long = encoding { $0.writeOpenType { $0.writeAlignedOctets([UInt8](repeating: 9, count: 200)) } }
        #expect(Array(long.prefix(2)) == hex("80 c8") && long.count == 202)
        // Past 16K the contents are fragmented, and read back whole.
        let huge = [UInt8](repeating: 3, count: 20_000)
        let fragmented = encoding { $0.writeOpenType { $0.writeAlignedOctets(huge) } }
        #expect(fragmented[0] == 0xC1)
        #expect(try decoding(fragmented) { reader throws(CodecError) in try reader.readOpenTypeBytes("v") } == huge)
        #expect(try decoding(fragmented) { reader throws(CodecError) in
            try reader.readOpenType("v") { inner throws(CodecError) in Array(try inner.readAlignedOctets(20_000, "v")) }
        } == huge)
    }

    @Test func bitAccurateReads() throws {
        // Reads that straddle octets, and never past the end.
        let bytes = hex("b5 3c")
        try withAPERBytes(bytes) { raw throws(CodecError) in
            var reader = APERReader(raw)
            #expect(try reader.readBits(3, "v") == 0b101)
            #expect(try reader.readBits(9, "v") == 0b1_0101_0011)
            #expect(try reader.readBits(4, "v") == 0b1100)
            #expect(reader.isAtEnd)
            #expect(throws: CodecError.self) { try reader.readBit("past the end") }
        }
    }
}
