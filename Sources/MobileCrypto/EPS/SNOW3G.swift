/// The SNOW 3G keystream generator (ETSI/SAGE UEA2 & UIA2 Document 2, TS 35.216): a 16-stage
/// LFSR over GF(2^32) and a three-register FSM with the S-boxes S1 (AES S-box, MixColumn with
/// 0x1B) and S2 (the Dickson-polynomial S-box SQ, MixColumn with 0x69).
///
/// The key is k0 ‖ k1 ‖ k2 ‖ k3 and the IV IV0 ‖ IV1 ‖ IV2 ‖ IV3 in the document's words (UEA2
/// and UIA2 load k3 from the first 32 bits of CK/IK).
struct SNOW3G: KeystreamWordGenerator {
    // The LFSR s0 ... s15 as separate stored words: shifting them is register moves, no array.
    private var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15: UInt32
    private var r1: UInt32 = 0
    private var r2: UInt32 = 0
    private var r3: UInt32 = 0
    private let tables = SNOW3GTables.shared.words

    init(k: (UInt32, UInt32, UInt32, UInt32), iv: (UInt32, UInt32, UInt32, UInt32)) {
        let (k0, k1, k2, k3) = k
        let ones = UInt32.max
        // Document 2 4.1: the key-and-IV loading of the LFSR.
        s15 = k3 ^ iv.0; s14 = k2; s13 = k1; s12 = k0 ^ iv.1
        s11 = k3 ^ ones; s10 = k2 ^ ones ^ iv.2; s9 = k1 ^ ones ^ iv.3; s8 = k0 ^ ones
        s7 = k3; s6 = k2; s5 = k1; s4 = k0
        s3 = k3 ^ ones; s2 = k2 ^ ones; s1 = k1 ^ ones; s0 = k0 ^ ones
        for _ in 0..<32 {
            let f = clockFSM()
            clockLFSR(feedback: f)
        }
        // Document 2 4.2: one FSM clock whose output is discarded, one LFSR clock in keystream mode.
        _ = clockFSM()
        clockLFSR(feedback: 0)
    }

    /// The next keystream word z_t = F ⊕ s0.
    mutating func nextWord() -> UInt32 {
        let f = clockFSM()
        let z = f ^ s0
        clockLFSR(feedback: 0)
        return z
    }

    /// Document 2 3.4.6: F = (s15 ⊞ R1) ⊕ R2, then R1, R2, R3 advance through S1 and S2.
    @inline(__always)
    private mutating func clockFSM() -> UInt32 {
        let f = (s15 &+ r1) ^ r2
        let r = r2 &+ (r3 ^ s5)
        r3 = substitute(r2, table: 1024)
        r2 = substitute(r1, table: 0)
        r1 = r
        return f
    }

    /// Document 2 3.4.4/3.4.5: v = (s0 ≪8) ⊕ MULα(s0,0) ⊕ s2 ⊕ (s11 ≫8) ⊕ DIVα(s11,3) ⊕ feedback
    /// (F in initialisation mode, 0 in keystream mode), then the register shifts.
    @inline(__always)
    private mutating func clockLFSR(feedback: UInt32) {
        let v = (s0 << 8) ^ tables[2048 + Int(s0 >> 24)] ^ s2 ^ (s11 >> 8) ^ tables[2304 + Int(s11 & 0xFF)] ^ feedback
        s0 = s1; s1 = s2; s2 = s3; s3 = s4; s4 = s5; s5 = s6; s6 = s7; s7 = s8
        s8 = s9; s9 = s10; s10 = s11; s11 = s12; s12 = s13; s13 = s14; s14 = s15; s15 = v
    }

    /// S1 (table 0) or S2 (table 1024) through four precomputed column tables.
    @inline(__always)
    private func substitute(_ w: UInt32, table: Int) -> UInt32 {
        tables[table + Int(w >> 24)] ^ tables[table + 256 + Int((w >> 16) & 0xFF)]
            ^ tables[table + 512 + Int((w >> 8) & 0xFF)] ^ tables[table + 768 + Int(w & 0xFF)]
    }
}

/// SNOW 3G's lookup tables, computed once from their definitions in Document 2 and never
/// changed: S1 and S2 as four column tables each (offsets 0 and 1024), then MULα (2048) and
/// DIVα (2304).
struct SNOW3GTables: @unchecked Sendable {
    let words: UnsafePointer<UInt32>

    static let shared = SNOW3GTables()

    private init() {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 2560)
        let sr = GF256.aesSBox()
        let sq = GF256.snow3gSQ()
        for x in 0..<256 {
            Self.fillMixColumn(table, offset: 0, x: x, s: sr[x], constant: 0x1B)
            Self.fillMixColumn(table, offset: 1024, x: x, s: sq[x], constant: 0x69)
            let c = UInt8(x)
            table[2048 + x] = Self.word(GF256.mulxPow(c, 23, 0xA9), GF256.mulxPow(c, 245, 0xA9),
                                        GF256.mulxPow(c, 48, 0xA9), GF256.mulxPow(c, 239, 0xA9))
            table[2304 + x] = Self.word(GF256.mulxPow(c, 16, 0xA9), GF256.mulxPow(c, 39, 0xA9),
                                        GF256.mulxPow(c, 6, 0xA9), GF256.mulxPow(c, 64, 0xA9))
        }
        words = UnsafePointer(table)
    }

    /// Document 2 3.4.2/3.4.3: input byte w_i = x contributes (2s, 3s, s, s) rotated by i to
    /// (r0, r1, r2, r3), where 2s = MULx(s, constant) and 3s = 2s ⊕ s.
    private static func fillMixColumn(_ table: UnsafeMutablePointer<UInt32>, offset: Int, x: Int, s: UInt8, constant: UInt8) {
        let twice = GF256.mulx(s, constant)
        let thrice = twice ^ s
        table[offset + x] = word(twice, thrice, s, s)
        table[offset + 256 + x] = word(s, twice, thrice, s)
        table[offset + 512 + x] = word(s, s, twice, thrice)
        table[offset + 768 + x] = word(thrice, s, s, twice)
    }

    private static func word(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
        UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }
}

/// Arithmetic on octets as elements of GF(2^8), for building SNOW 3G's tables.
enum GF256 {
    /// MULx(V, c) of Document 2 3.1.1: multiplication by x, reducing with c.
    static func mulx(_ v: UInt8, _ c: UInt8) -> UInt8 {
        v & 0x80 != 0 ? (v << 1) ^ c : v << 1
    }

    /// MULxPOW(V, i, c) of Document 2 3.1.2: MULx applied i times.
    static func mulxPow(_ v: UInt8, _ i: Int, _ c: UInt8) -> UInt8 {
        var value = v
        for _ in 0..<i { value = mulx(value, c) }
        return value
    }

    /// Product in GF(2^8) modulo the polynomial whose low 8 bits are `reduction` (x^8 implied).
    static func multiply(_ a: UInt8, _ b: UInt8, reduction: UInt8) -> UInt8 {
        var result: UInt8 = 0
        var addend = a
        var multiplier = b
        while multiplier != 0 {
            if multiplier & 1 != 0 { result ^= addend }
            addend = mulx(addend, reduction)
            multiplier >>= 1
        }
        return result
    }

    /// x^exponent in GF(2^8).
    static func power(_ x: UInt8, _ exponent: Int, reduction: UInt8) -> UInt8 {
        var result: UInt8 = 1
        for _ in 0..<exponent { result = multiply(result, x, reduction: reduction) }
        return result
    }

    /// SR, the AES S-box (FIPS 197 5.1.1): the inverse in GF(2^8) mod x^8+x^4+x^3+x+1, then the
    /// affine map b ⊕ (b ⋘1) ⊕ (b ⋘2) ⊕ (b ⋘3) ⊕ (b ⋘4) ⊕ 0x63.
    static func aesSBox() -> [UInt8] {
        (0..<256).map { x in
            let inverse = x == 0 ? 0 : power(UInt8(x), 254, reduction: 0x1B)
            func rotl(_ b: UInt8, _ n: UInt8) -> UInt8 { b << n | b >> (8 - n) }
            return inverse ^ rotl(inverse, 1) ^ rotl(inverse, 2) ^ rotl(inverse, 3) ^ rotl(inverse, 4) ^ 0x63
        }
    }

    /// SQ (Document 2 3.3.2): the Dickson polynomial g49(x) = x + x^9 + x^13 + x^15 + x^33 + x^41
    /// + x^45 + x^47 + x^49 over GF(2^8) mod x^8+x^6+x^5+x^3+1, plus 0x25.
    static func snow3gSQ() -> [UInt8] {
        (0..<256).map { x in
            [1, 9, 13, 15, 33, 41, 45, 47, 49].reduce(UInt8(0x25)) { $0 ^ power(UInt8(x), $1, reduction: 0x69) }
        }
    }
}
