import Testing
@testable import MobileCrypto

@Suite struct HexCodingTests {
    @Test func decodesGroupedDigitsOfEitherCase() {
        #expect(HexCoding.decode("0a Bc\nFF") == [0x0A, 0xBC, 0xFF])
    }

    @Test func rejectsOddCountsAndStrangers() {
        #expect(HexCoding.decode("abc") == nil)
        #expect(HexCoding.decode("zz") == nil)
    }

    @Test func keysRejectWrongLengthsInsteadOfTrapping() {
        #expect(Key128(hex: "00") == nil)
        #expect(Key128(bytes: [UInt8](repeating: 0, count: 17)) == nil)
        #expect(Key256(hex: String(repeating: "0", count: 62)) == nil)
        #expect(SQN(1 << 48) == nil)
        #expect(AUTS(bytes: [UInt8](repeating: 0, count: 13)) == nil)
        #expect(AUTN(bytes: [UInt8](repeating: 0, count: 15)) == nil)
    }

    @Test func keysKeepOctetOrder() throws {
        let key = try #require(Key128(hex: "000102030405060708090a0b0c0d0e0f"))
        #expect(key.bytes == Array(0...15))
        #expect(key.hex == "000102030405060708090a0b0c0d0e0f")
        let wide = try #require(Key256(bytes: Array(0...31)))
        #expect(wide.last128.bytes == Array(16...31))
    }
}
