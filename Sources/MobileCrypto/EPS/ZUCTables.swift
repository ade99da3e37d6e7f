/// ZUC's constants from Document 2 (TS 35.222): the 15-bit key-loading constants d_i (3.5) and
/// the S-boxes S0 and S1 (3.4.2, one row of 16 octets per line), copied into one pointer once so the generator indexes them
/// without bounds checks or array retains.
struct ZUCTables: @unchecked Sendable {
    /// S0 at offset 0, S1 at offset 256; never changed after creation.
    let sBoxes: UnsafePointer<UInt8>

    static let shared = ZUCTables()

    static let d: [UInt32] = [
        0x44D7, 0x26BC, 0x626B, 0x135E, 0x5789, 0x35E2, 0x7135, 0x09AF,
        0x4D78, 0x2F13, 0x6BC4, 0x1AF1, 0x5E26, 0x3C4D, 0x789A, 0x47AC,
    ]

    private static let s0Hex = """
        3e725b47cae0003304d1549809b96dcb
        7b1bf932af9d6aa5b82dfc1d08530390
        4d4e8499e4ced991ddb685488b296eac
        cdc1f81e734369c6b5bdfd396320d438
        767db2a7cfed57c5f32cbb142106559b
        e3ef5e314f7f5aa40d8251495fba581c
        4a16d517a892241f8cffd8ae2e01d3ad
        3b4bda46ebc9de9a8f87d73a806f2fc8
        b1b437f70a2213287ccc3c89c7c39656
        07bf7ef00b2b975235417961a64c10fe
        bc2695888ab0a3fbc01894f2e1e5e95d
        d0dc1166645cec59427512f5749caa23
        0e86abbe2a02e767e644a26cc2939ff1
        f6fa36d250689e6271153dd640c4e20f
        8e83776b25053f0c30ea70b7a1e8a965
        8d271adb81b3a0f4457a19dfee783460
        """

    private static let s1Hex = """
        55c263713bc847869f3cda5b29aafd77
        8cc5940ca61a1300e3a8167240f9f842
        4426689681d9453e1076c6a78b3943e1
        3ab5562ac06db3052266bfdc0bfa6248
        dd20110636c9c1cff62752bb69f5d487
        7f844cd29c57a4bc4f9adffed68d7aeb
        2b53d85ca11417fb23d57d3067730809
        eeb7703f61b2198e4ee54b938f5ddba9
        adf1ae2ecb0dfcf42d466e1d97e8d1e9
        4d37a5755e839eab829db91ce0cd4989
        01b6bd5824a25f387899159050b895e4
        d091c7ceed0fb46fa0ccf0024a79c3de
        a3efea51e66b18ec1b2c80f774e7ff21
        5a6a541e41319235c433070aba7e0e34
        88b1987cf33d606c7bcad31f32650428
        64be859b2f598ad7b025acaf1203e2f2
        """

    private init() {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        guard let s0 = HexCoding.decode(Self.s0Hex), let s1 = HexCoding.decode(Self.s1Hex),
              s0.count == 256, s1.count == 256
        else { fatalError("ZUC S-box constants are malformed") }
        for index in 0..<256 {
            table[index] = s0[index]
            table[256 + index] = s1[index]
        }
        sBoxes = UnsafePointer(table)
    }
}
