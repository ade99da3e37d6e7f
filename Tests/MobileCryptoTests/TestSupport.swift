import Testing
@testable import MobileCrypto

/// Hex from test data; a malformed literal is a bug in the test itself.
func bytes(_ hex: String) -> [UInt8] {
    guard let decoded = HexCoding.decode(hex) else { fatalError("bad hex literal in test: \(hex)") }
    return decoded
}

func key128(_ hex: String) -> Key128 {
    guard let key = Key128(hex: hex) else { fatalError("bad 128-bit literal in test: \(hex)") }
    return key
}

func key256(_ hex: String) -> Key256 {
    guard let key = Key256(hex: hex) else { fatalError("bad 256-bit literal in test: \(hex)") }
    return key
}

func sqn(_ hex: String) -> SQN {
    guard let value = SQN(bytes: bytes(hex)) else { fatalError("bad SQN literal in test: \(hex)") }
    return value
}

func uint64(_ hex: String) -> UInt64 { bytes(hex).reduce(0) { $0 << 8 | UInt64($1) } }
func uint32(_ hex: String) -> UInt32 { bytes(hex).reduce(0) { $0 << 8 | UInt32($1) } }

/// The first `bitLength` bits of `octets`, the rest of the last octet zeroed: what the 3GPP
/// documents compare when LENGTH ends inside an octet.
func leadingBits(_ octets: [UInt8], _ bitLength: Int) -> [UInt8] {
    var result = Array(octets.prefix((bitLength + 7) / 8))
    if bitLength % 8 != 0, !result.isEmpty {
        result[result.count - 1] &= UInt8(truncatingIfNeeded: 0xFF00 >> (bitLength % 8))
    }
    return result
}
