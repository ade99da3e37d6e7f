/// 128-EIA2 (TS 33.401 B.2.3): AES-CMAC over COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ MESSAGE; the
/// MAC is the first 32 bits of the CMAC.
enum AESIntegrity {
    static func mac(key: Key128, count: UInt32, bearer: UInt8, direction: UInt8,
                    message: UnsafeRawBufferPointer, bitLength: Int) -> UInt32 {
        let prefix = UInt64(count) << 32 | UInt64(bearer) << 27 | UInt64(direction) << 26
        let cmac = ThreadCrypto.current.cmac.mac(key: key, prefix: prefix, message: message, bitLength: bitLength)
        return UInt32(truncatingIfNeeded: cmac.high >> 32)
    }
}

/// 128-EEA2 (TS 33.401 B.1.3): AES-CTR from T1 = COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ 0^64.
enum AESCiphering {
    static func apply(key: Key128, count: UInt32, bearer: UInt8, direction: UInt8,
                      to message: UnsafeMutableRawBufferPointer, bitLength: Int) {
        let counter = Key128(high: UInt64(count) << 32 | UInt64(bearer) << 27 | UInt64(direction) << 26, low: 0)
        let octets = UnsafeMutableRawBufferPointer(rebasing: message[0..<((bitLength + 7) / 8)])
        PartialOctet.preservingTrailingBits(of: octets, bitLength: bitLength) {
            ThreadCrypto.current.counterMode.apply(key: key, counter: counter, to: octets)
        }
    }
}

/// The octet in which a bit length ends, when it ends inside one.
enum PartialOctet {
    /// Runs `body`, which may change every bit of `octets`, then puts back the bits of the last
    /// octet that lie past `bitLength`, so a cipher only ever changes the message's own bits.
    @inline(__always)
    static func preservingTrailingBits(of octets: UnsafeMutableRawBufferPointer, bitLength: Int, _ body: () -> Void) {
        let usedBits = bitLength % 8
        guard usedBits != 0 else { return body() }
        let lastIndex = octets.count - 1
        let original = octets[lastIndex]
        body()
        let keep = UInt8(truncatingIfNeeded: 0xFF00 >> usedBits)
        octets[lastIndex] = octets[lastIndex] & keep | original & ~keep
    }
}
