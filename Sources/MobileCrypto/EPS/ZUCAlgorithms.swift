/// 128-EEA3 (ETSI/SAGE 128-EEA3 & 128-EIA3 Document 1, TS 35.221, clause 3).
enum ZUCCiphering {
    static func apply(key: Key128, count: UInt32, bearer: UInt8, direction: UInt8,
                      to message: UnsafeMutableRawBufferPointer, bitLength: Int) {
        // IV0..IV3 = COUNT, IV4 = BEARER ‖ DIRECTION ‖ 00, IV5..IV7 = 0, IV8..IV15 = IV0..IV7.
        let half = UInt64(count) << 32 | UInt64(bearer << 3 | direction << 2) << 24
        var generator = ZUC(key: key, iv: Key128(high: half, low: half))
        generator.xorKeystream(onto: message, bitLength: bitLength)
    }
}

/// 128-EIA3 (Document 1, clause 4, with the version 1.6 correction to the final word).
enum ZUCIntegrity {
    static func mac(key: Key128, count: UInt32, bearer: UInt8, direction: UInt8,
                    message: UnsafeRawBufferPointer, bitLength: Int) -> UInt32 {
        // IV0..IV3 = COUNT, IV4 = BEARER ‖ 000, IV8 = IV0 ⊕ (DIRECTION ≪ 7),
        // IV14 = IV6 ⊕ (DIRECTION ≪ 7), the other octets of IV8..IV15 repeat IV0..IV7.
        let high = UInt64(count) << 32 | UInt64(bearer << 3) << 24
        let directionBits = UInt64(direction) << 63 | UInt64(direction) << 15
        var generator = ZUC(key: key, iv: Key128(high: high, low: high ^ directionBits))

        // T = ⊕ k_i over the message bits i that are 1, where k_i is the keystream word starting
        // at keystream bit i; then MAC = T ⊕ k_LENGTH ⊕ z_(L-1), the keystream word number
        // L - 1 = ceil(LENGTH / 32) + 1. A 64-bit window over two keystream words gives every k_i
        // of the current message word.
        var t: UInt32 = 0
        var current = generator.nextWord()
        var next = generator.nextWord()
        let lastWordIndex = bitLength / 32
        for wordIndex in 0...lastWordIndex {
            if wordIndex > 0 {
                current = next
                next = generator.nextWord()
            }
            let window = UInt64(current) << 32 | UInt64(next)
            let bitsInWord = min(32, bitLength - 32 * wordIndex)
            var bits = bitsInWord == 0 ? 0 : UInt32(truncatingIfNeeded: MessageBits.load(message, at: 4 * wordIndex, width: 4))
            if bitsInWord < 32 { bits &= ~(UInt32.max >> bitsInWord) }
            while bits != 0 {
                let offset = bits.leadingZeroBitCount
                t ^= UInt32(truncatingIfNeeded: (window << offset) >> 32)
                bits &= ~(0x8000_0000 >> UInt32(offset))
            }
            if wordIndex == lastWordIndex {
                t ^= UInt32(truncatingIfNeeded: (window << (bitLength % 32)) >> 32)
            }
        }
        return t ^ (bitLength % 32 == 0 ? next : generator.nextWord())
    }
}
