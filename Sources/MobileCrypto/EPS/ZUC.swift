/// The ZUC keystream generator (ETSI/SAGE 128-EEA3 & 128-EIA3 Document 2, TS 35.222, version
/// 1.6): a 16-stage LFSR over GF(2^31 - 1), the bit reorganisation, and the nonlinear function F
/// with two memory cells, the linear maps L1 and L2 and the S-boxes S0 and S1.
struct ZUC: KeystreamWordGenerator {
    private var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15: UInt32
    private var r1: UInt32 = 0
    private var r2: UInt32 = 0
    private let sBoxes = ZUCTables.shared.sBoxes

    init(key: Key128, iv: Key128) {
        // Document 2 3.5: s_i = k_i ‖ d_i ‖ iv_i (8 + 15 + 8 bits).
        func cell(_ i: Int) -> UInt32 {
            let shift = UInt64(56 - 8 * (i % 8))
            let k = UInt32(truncatingIfNeeded: (i < 8 ? key.high : key.low) >> shift) & 0xFF
            let v = UInt32(truncatingIfNeeded: (i < 8 ? iv.high : iv.low) >> shift) & 0xFF
            return k << 23 | ZUCTables.d[i] << 8 | v
        }
        s0 = cell(0); s1 = cell(1); s2 = cell(2); s3 = cell(3); s4 = cell(4); s5 = cell(5); s6 = cell(6); s7 = cell(7)
        s8 = cell(8); s9 = cell(9); s10 = cell(10); s11 = cell(11); s12 = cell(12); s13 = cell(13); s14 = cell(14)
        s15 = cell(15)
        for _ in 0..<32 {
            let (x0, x1, x2, _) = bitReorganisation()
            let w = nonlinear(x0, x1, x2)
            clockLFSR(adding: w >> 1)
        }
        // Document 2 3.6.2: the first working-stage clock's output is discarded.
        let (x0, x1, x2, _) = bitReorganisation()
        _ = nonlinear(x0, x1, x2)
        clockLFSR(adding: nil)
    }

    /// The next keystream word Z = F(X0, X1, X2) ⊕ X3.
    mutating func nextWord() -> UInt32 {
        let (x0, x1, x2, x3) = bitReorganisation()
        let z = nonlinear(x0, x1, x2) ^ x3
        clockLFSR(adding: nil)
        return z
    }

    /// Document 2 3.3: X0 = s15H ‖ s14L, X1 = s11L ‖ s9H, X2 = s7L ‖ s5H, X3 = s2L ‖ s0H.
    @inline(__always)
    private func bitReorganisation() -> (UInt32, UInt32, UInt32, UInt32) {
        ((s15 & 0x7FFF_8000) << 1 | (s14 & 0xFFFF),
         (s11 & 0xFFFF) << 16 | s9 >> 15,
         (s7 & 0xFFFF) << 16 | s5 >> 15,
         (s2 & 0xFFFF) << 16 | s0 >> 15)
    }

    /// Document 2 3.4: W = (X0 ⊕ R1) ⊞ R2, and R1, R2 advance through L1, L2 and S.
    @inline(__always)
    private mutating func nonlinear(_ x0: UInt32, _ x1: UInt32, _ x2: UInt32) -> UInt32 {
        let w = (x0 ^ r1) &+ r2
        let w1 = r1 &+ x1
        let w2 = r2 ^ x2
        r1 = substitute(ZUC.l1(w1 << 16 | w2 >> 16))
        r2 = substitute(ZUC.l2(w2 << 16 | w1 >> 16))
        return w
    }

    /// Document 2 3.2: s16 = 2^15 s15 + 2^17 s13 + 2^21 s10 + 2^20 s4 + (1 + 2^8) s0 (mod 2^31 - 1),
    /// plus u in the initialisation mode; a zero result is replaced by 2^31 - 1.
    @inline(__always)
    private mutating func clockLFSR(adding u: UInt32?) {
        var v = ZUC.add(s0, ZUC.rotate(s0, 8))
        v = ZUC.add(v, ZUC.rotate(s4, 20))
        v = ZUC.add(v, ZUC.rotate(s10, 21))
        v = ZUC.add(v, ZUC.rotate(s13, 17))
        v = ZUC.add(v, ZUC.rotate(s15, 15))
        if let u { v = ZUC.add(v, u) }
        if v == 0 { v = 0x7FFF_FFFF }
        s0 = s1; s1 = s2; s2 = s3; s3 = s4; s4 = s5; s5 = s6; s6 = s7; s7 = s8
        s8 = s9; s9 = s10; s10 = s11; s11 = s12; s12 = s13; s13 = s14; s14 = s15; s15 = v
    }

    /// Addition modulo 2^31 - 1 of two values below 2^31.
    @inline(__always)
    private static func add(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let sum = a &+ b
        return (sum & 0x7FFF_FFFF) &+ (sum >> 31)
    }

    /// Multiplication by 2^k modulo 2^31 - 1: a rotation of the 31-bit value.
    @inline(__always)
    private static func rotate(_ a: UInt32, _ k: UInt32) -> UInt32 {
        ((a << k) | (a >> (31 - k))) & 0x7FFF_FFFF
    }

    @inline(__always)
    private static func l1(_ x: UInt32) -> UInt32 {
        x ^ x.rotatedLeft(2) ^ x.rotatedLeft(10) ^ x.rotatedLeft(18) ^ x.rotatedLeft(24)
    }

    @inline(__always)
    private static func l2(_ x: UInt32) -> UInt32 {
        x ^ x.rotatedLeft(8) ^ x.rotatedLeft(14) ^ x.rotatedLeft(22) ^ x.rotatedLeft(30)
    }

    /// S = (S0, S1, S0, S1) on the four octets, most significant first.
    @inline(__always)
    private func substitute(_ x: UInt32) -> UInt32 {
        UInt32(sBoxes[Int(x >> 24)]) << 24 | UInt32(sBoxes[256 + Int((x >> 16) & 0xFF)]) << 16
            | UInt32(sBoxes[Int((x >> 8) & 0xFF)]) << 8 | UInt32(sBoxes[256 + Int(x & 0xFF)])
    }
}

extension UInt32 {
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 { self << count | self >> (32 - count) }
}
