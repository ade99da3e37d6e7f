import Testing
@testable import MobileCrypto

/// The SNOW 3G and ZUC generators and the UMTS algorithms built on SNOW 3G, against their
/// implementors' test data (TS 35.217, TS 35.223).
@Suite struct StreamCipherTests {
    @Test(arguments: snow3gKeystreamTestSets)
    func snow3gKeystreamMatches(_ vector: KeystreamVector) {
        let key = bytes(vector.key), iv = bytes(vector.iv)
        var generator = SNOW3G(k: Self.words(key), iv: Self.words(iv))
        Self.expectWords(&generator, vector.words)
    }

    @Test(arguments: zucKeystreamTestSets)
    func zucKeystreamMatches(_ vector: KeystreamVector) {
        var generator = ZUC(key: key128(vector.key), iv: key128(vector.iv))
        Self.expectWords(&generator, vector.words)
    }

    @Test(arguments: uea2TestSets)
    func uea2MatchesTheTestSet(_ vector: CipheringVector) {
        let output = EPSCiphering.applying(.eea1, key: key128(vector.key), count: vector.count, bearer: vector.bearer,
                                           direction: vector.direction, to: bytes(vector.plaintext),
                                           bitLength: vector.bitLength)
        #expect(leadingBits(output, vector.bitLength) == leadingBits(bytes(vector.ciphertext), vector.bitLength))
    }

    @Test(arguments: uia2TestSets)
    func uia2MatchesTheTestSet(_ vector: UIA2Vector) {
        let message = bytes(vector.message)
        let mac = message.withUnsafeBytes {
            SNOW3GIntegrity.mac(key: key128(vector.key), count: vector.count, fresh: vector.fresh,
                                direction: vector.direction, message: $0, bitLength: vector.bitLength)
        }
        #expect(mac == vector.mac)
    }

    /// The generators' tables come from their definitions; spot values from the documents.
    @Test func snow3gTablesMatchTheirPrintedFirstEntries() {
        #expect(Array(GF256.aesSBox().prefix(4)) == [0x63, 0x7C, 0x77, 0x7B])
        #expect(Array(GF256.snow3gSQ().prefix(4)) == [0x25, 0x24, 0x73, 0x67])
    }

    private static func words(_ octets: [UInt8]) -> (UInt32, UInt32, UInt32, UInt32) {
        func word(_ index: Int) -> UInt32 { octets[4 * index..<4 * index + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        return (word(0), word(1), word(2), word(3))
    }

    private static func expectWords(_ generator: inout some KeystreamWordGenerator, _ expected: [Int: UInt32]) {
        let last = expected.keys.max() ?? 0
        for t in 1...last {
            let z = generator.nextWord()
            if let want = expected[t] { #expect(z == want, "z\(t)") }
        }
    }
}
