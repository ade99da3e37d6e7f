/// UEA2 / f8 (ETSI/SAGE UEA2 & UIA2 Document 1, clause 3), which 128-EEA1 uses unchanged with
/// COUNT, BEARER, DIRECTION and KEY in place of COUNT-C, BEARER, DIRECTION and CK (TS 33.401 B.1.2).
enum SNOW3GCiphering {
    static func apply(key: Key128, count: UInt32, bearer: UInt8, direction: UInt8,
                      to message: UnsafeMutableRawBufferPointer, bitLength: Int) {
        let bearerAndDirection = UInt32(bearer) << 27 | UInt32(direction) << 26
        var generator = SNOW3G(k: SNOW3GKey.words(key),
                               iv: (bearerAndDirection, count, bearerAndDirection, count))
        generator.xorKeystream(onto: message, bitLength: bitLength)
    }
}

/// UIA2 / f9 (Document 1, clause 4). 128-EIA1 is UIA2 with FRESH = BEARER ‖ 0^27 (TS 33.401
/// B.2.2); the general FRESH is kept so that the UIA2 test data can be checked too.
enum SNOW3GIntegrity {
    static func mac(key: Key128, count: UInt32, fresh: UInt32, direction: UInt8,
                    message: UnsafeRawBufferPointer, bitLength: Int) -> UInt32 {
        let directionBit = UInt32(direction & 1)
        var generator = SNOW3G(k: SNOW3GKey.words(key),
                               iv: (fresh ^ directionBit << 15, count ^ directionBit << 31, fresh, count))
        let z1 = generator.nextWord(), z2 = generator.nextWord()
        let z3 = generator.nextWord(), z4 = generator.nextWord()
        let z5 = generator.nextWord()
        let p = UInt64(z1) << 32 | UInt64(z2)
        let q = UInt64(z3) << 32 | UInt64(z4)

        // EVAL = Mul(EVAL ⊕ M_i, P) over the ceil(LENGTH/64) message blocks, zero padded.
        let powersOfP = GF2To64.Powers(of: p)
        var eval: UInt64 = 0
        let blocks = (bitLength + 63) / 64
        for index in 0..<blocks {
            var block = MessageBits.load(message, at: 8 * index, width: 8)
            let remaining = bitLength - 64 * index
            if remaining < 64 { block &= ~(UInt64.max >> remaining) }
            eval = powersOfP.multiply(eval ^ block)
        }
        // Then the length block and the final multiplication by Q; MAC-I = first 32 bits ⊕ z5.
        eval ^= UInt64(bitLength)
        eval = GF2To64.Powers(of: q).multiply(eval)
        return UInt32(truncatingIfNeeded: eval >> 32) ^ z5
    }
}

enum SNOW3GKey {
    /// k0 ... k3 from CK/IK: k3 is the first 32 bits (Document 1, 3.4 and 4.4).
    static func words(_ key: Key128) -> (UInt32, UInt32, UInt32, UInt32) {
        (UInt32(truncatingIfNeeded: key.low), UInt32(truncatingIfNeeded: key.low >> 32),
         UInt32(truncatingIfNeeded: key.high), UInt32(truncatingIfNeeded: key.high >> 32))
    }
}

/// Multiplication in GF(2^64) with the UIA2 reduction constant 0x1B (Document 1, 4.3).
enum GF2To64 {
    /// x^i · P for i = 0...63, so that V · P is the XOR of those where bit i of V is set
    /// (Mul(V, P) of Document 1 4.3.3 with the roles of V and P exchanged, as the product commutes).
    struct Powers {
        private var table: [UInt64]

        init(of p: UInt64) {
            table = [UInt64](repeating: 0, count: 64)
            var value = p
            for index in 0..<64 {
                table[index] = value
                value = value << 1 ^ (value >> 63) * 0x1B  // MUL64x
            }
        }

        func multiply(_ v: UInt64) -> UInt64 {
            table.withUnsafeBufferPointer { powers in
                var result: UInt64 = 0
                var bits = v
                while bits != 0 {
                    let index = bits.trailingZeroBitCount
                    result ^= powers[index]
                    bits &= bits - 1
                }
                return result
            }
        }
    }
}
