import Testing

// The EPS algorithm test data, as hex strings copied from the 3GPP / ETSI SAGE documents:
// TS 33.401 Annex C (128-EEA1/EIA1/EEA2/EIA2), TS 35.217 (SNOW 3G, UEA2, UIA2 implementors'
// test data) and TS 35.223 (ZUC, 128-EEA3/EIA3 implementors' test data). Where LENGTH ends inside
// an octet the documents print the last octet with its unused bits, which are not compared.

/// A ciphering test set: KEY, COUNT, BEARER, DIRECTION, LENGTH in bits, plaintext, ciphertext.
struct CipheringVector: CustomTestStringConvertible, Sendable {
    let clause: String
    let key: String
    let count: UInt32
    let bearer: UInt8
    let direction: UInt8
    let bitLength: Int
    let plaintext: String
    let ciphertext: String

    var testDescription: String { clause }
}

/// An EPS integrity test set: KEY, COUNT, BEARER, DIRECTION, LENGTH in bits, message, MAC.
struct IntegrityVector: CustomTestStringConvertible, Sendable {
    let clause: String
    let key: String
    let count: UInt32
    let bearer: UInt8
    let direction: UInt8
    let bitLength: Int
    let message: String
    let mac: UInt32

    var testDescription: String { clause }
}

/// A UIA2 test set, whose FRESH is a free 32-bit value rather than BEARER ‖ 0^27.
struct UIA2Vector: CustomTestStringConvertible, Sendable {
    let clause: String
    let key: String
    let count: UInt32
    let fresh: UInt32
    let direction: UInt8
    let bitLength: Int
    let message: String
    let mac: UInt32

    var testDescription: String { clause }
}

/// A bare generator test set: key and IV as printed, and keystream words z_t by their index t.
struct KeystreamVector: CustomTestStringConvertible, Sendable {
    let clause: String
    let key: String
    let iv: String
    let words: [Int: UInt32]

    var testDescription: String { clause }
}

/// TS 35.223 (128-EEA3 & 128-EIA3 Document 3) clause 3: the ZUC generator alone; key and IV octets
/// k0 ... k15 and iv0 ... iv15 as printed.
let zucKeystreamTestSets: [KeystreamVector] = [
    .init(clause: "TS 35.223 3.3 test set 1", key: "00000000000000000000000000000000",
          iv: "00000000000000000000000000000000", words: [1: 0x27bede74, 2: 0x018082da]),
    .init(clause: "TS 35.223 3.4 test set 2", key: "ffffffffffffffffffffffffffffffff",
          iv: "ffffffffffffffffffffffffffffffff", words: [1: 0x0657cfa0, 2: 0x7096398b]),
    .init(clause: "TS 35.223 3.5 test set 3", key: "3d4c4be96a82fdaeb58f641db17b455b",
          iv: "84319aa8de6915ca1f6bda6bfbd8c766", words: [1: 0x14f1c272, 2: 0x3279c419]),
    .init(clause: "TS 35.223 3.6 test set 4", key: "4d320bfad4c285bfd6b8bd00f39d8b41",
          iv: "52959daba0bf176ece2dc315049eb574", words: [1: 0xed4400e7, 2: 0x0633e5c5, 2000: 0x7a574cdb]),
]
