import NIOCore
import Testing
@testable import MobileCrypto

/// 128-EEA1/2/3 and 128-EIA1/2/3 through the public API, against TS 33.401 Annex C and
/// TS 35.223; and the properties the NAS layer relies on.
@Suite struct EPSAlgorithmTests {
    static let cipheringCases: [(CipheringAlgorithm, CipheringVector)] =
        eea1TestSets.map { (.eea1, $0) } + eea2TestSets.map { (.eea2, $0) } + eea3TestSets.map { (.eea3, $0) }

    static let integrityCases: [(IntegrityAlgorithm, IntegrityVector)] =
        eia1TestSets.map { (.eia1, $0) } + eia2TestSets.map { (.eia2, $0) } + eia3TestSets.map { (.eia3, $0) }

    @Test(arguments: cipheringCases)
    func cipheringMatchesTheTestSet(_ algorithm: CipheringAlgorithm, _ vector: CipheringVector) {
        let output = EPSCiphering.applying(algorithm, key: key128(vector.key), count: vector.count,
                                           bearer: vector.bearer, direction: vector.direction,
                                           to: bytes(vector.plaintext), bitLength: vector.bitLength)
        #expect(leadingBits(output, vector.bitLength) == leadingBits(bytes(vector.ciphertext), vector.bitLength))
    }

    @Test(arguments: cipheringCases)
    func decipheringRestoresThePlaintext(_ algorithm: CipheringAlgorithm, _ vector: CipheringVector) {
        var message = bytes(vector.ciphertext)
        EPSCiphering.apply(algorithm, key: key128(vector.key), count: vector.count, bearer: vector.bearer,
                           direction: vector.direction, to: &message, bitLength: vector.bitLength)
        #expect(leadingBits(message, vector.bitLength) == leadingBits(bytes(vector.plaintext), vector.bitLength))
    }

    @Test(arguments: integrityCases)
    func macMatchesTheTestSet(_ algorithm: IntegrityAlgorithm, _ vector: IntegrityVector) {
        let mac = EPSIntegrity.mac(algorithm, key: key128(vector.key), count: vector.count, bearer: vector.bearer,
                                   direction: vector.direction, message: bytes(vector.message), bitLength: vector.bitLength)
        #expect(mac == vector.mac)
    }

    /// Bits past LENGTH are not part of the message: changing them changes no MAC.
    @Test(arguments: integrityCases.filter { $0.1.bitLength % 8 != 0 })
    func bitsPastTheLengthAreIgnored(_ algorithm: IntegrityAlgorithm, _ vector: IntegrityVector) {
        var message = bytes(vector.message)
        message[(vector.bitLength - 1) / 8] ^= UInt8(0xFF >> (vector.bitLength % 8))
        let mac = EPSIntegrity.mac(algorithm, key: key128(vector.key), count: vector.count, bearer: vector.bearer,
                                   direction: vector.direction, message: message, bitLength: vector.bitLength)
        #expect(mac == vector.mac)
    }

    /// A partial last octet keeps the bits past LENGTH as they were.
    @Test(arguments: CipheringAlgorithm.allCases)
    func cipheringLeavesTheBitsPastTheLengthAlone(_ algorithm: CipheringAlgorithm) {
        let plain: [UInt8] = [0x12, 0x34, 0x5F]
        let output = EPSCiphering.applying(algorithm, key: key128("000102030405060708090a0b0c0d0e0f"), count: 7,
                                           bearer: 3, direction: 1, to: plain, bitLength: 20)
        #expect(output[2] & 0x0F == 0x0F)
    }

    @Test func nullAlgorithmsChangeNothing() {
        let message: [UInt8] = [0x07, 0x41, 0x72, 0x08]
        let key = key128("00112233445566778899aabbccddeeff")
        #expect(EPSIntegrity.mac(.eia0, key: key, count: 1, bearer: 0, direction: 0, message: message) == 0)
        #expect(EPSCiphering.applying(.eea0, key: key, count: 1, bearer: 0, direction: 0, to: message) == message)
    }

    /// The ByteBuffer overloads work on the readable bytes, in place for ciphering.
    @Test func byteBufferOverloadsAgreeWithArrays() {
        let vector = eea2TestSets[1]
        let key = key128(vector.key)
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + bytes(vector.plaintext))
        buffer.moveReaderIndex(forwardBy: 2)
        EPSCiphering.apply(.eea2, key: key, count: vector.count, bearer: vector.bearer, direction: vector.direction,
                           to: &buffer, bitLength: vector.bitLength)
        #expect(leadingBits(Array(buffer.readableBytesView), vector.bitLength)
                == leadingBits(bytes(vector.ciphertext), vector.bitLength))

        let mac = eia2TestSets[1]
        let macBuffer = ByteBuffer(bytes: bytes(mac.message))
        #expect(EPSIntegrity.mac(.eia2, key: key128(mac.key), count: mac.count, bearer: mac.bearer,
                                 direction: mac.direction, message: macBuffer) == mac.mac)
    }

    /// EIA2 keeps one CMAC context per thread and re-keys it when the key changes: interleaving
    /// keys, and messages of every length around the block boundaries, must agree with a fresh
    /// computation of each.
    @Test func interleavedKeysAndLengthsAgreeWithTheirOwnResults() {
        let keys = eia2TestSets.map { key128($0.key) }
        let message = bytes(message2558)
        var first: [UInt32] = []
        for bitLength in [0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193, 800, 2558] {
            for key in keys {
                first.append(EPSIntegrity.mac(.eia2, key: key, count: 9, bearer: 1, direction: 1, message: message,
                                              bitLength: bitLength))
            }
        }
        var again: [UInt32] = []
        for bitLength in [0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193, 800, 2558] {
            for key in keys.reversed() {
                again.append(EPSIntegrity.mac(.eia2, key: key, count: 9, bearer: 1, direction: 1, message: message,
                                              bitLength: bitLength))
            }
        }
        let reordered = stride(from: 0, to: again.count, by: keys.count).flatMap { again[$0..<$0 + keys.count].reversed() }
        #expect(first == reordered)
        #expect(Set(first).count > first.count / 2)
    }
}
