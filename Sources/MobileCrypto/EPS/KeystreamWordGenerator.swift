/// A word-oriented stream cipher (SNOW 3G, ZUC) producing 32-bit keystream words z1, z2, ...
protocol KeystreamWordGenerator {
    mutating func nextWord() -> UInt32
}

extension KeystreamWordGenerator {
    /// XORs the keystream onto the first `bitLength` bits of `message`, the first keystream bit
    /// onto the most significant bit of the first octet (the bit order of UEA2 and EEA3).
    mutating func xorKeystream(onto message: UnsafeMutableRawBufferPointer, bitLength: Int) {
        let count = (bitLength + 7) / 8
        let octets = UnsafeMutableRawBufferPointer(rebasing: message[0..<count])
        PartialOctet.preservingTrailingBits(of: octets, bitLength: bitLength) {
            var offset = 0
            while offset + 4 <= count {
                let word = UInt32(bigEndian: octets.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ nextWord()
                octets.storeBytes(of: word.bigEndian, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
            if offset < count {
                let word = nextWord()
                for index in 0..<(count - offset) {
                    octets[offset + index] ^= UInt8(truncatingIfNeeded: word >> (24 - 8 * index))
                }
            }
        }
    }
}

/// Reading a message as big-endian words when its length is counted in bits.
enum MessageBits {
    /// The `width`-octet big-endian value at `offset`, with octets past the end of `message`
    /// read as zero (the last word or block of a message may be partial).
    @inline(__always)
    static func load(_ message: UnsafeRawBufferPointer, at offset: Int, width: Int) -> UInt64 {
        if offset + width <= message.count {
            if width == 8 { return UInt64(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            return UInt64(UInt32(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        var value: UInt64 = 0
        for index in 0..<width {
            let position = offset + index
            value = value << 8 | UInt64(position < message.count ? message[position] : 0)
        }
        return value
    }
}
