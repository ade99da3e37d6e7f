import CodecSamples
import NIOCore
import Testing
import Wire
@testable import NAS

/// Damaged variants of valid NAS PDUs go through the fuzz entry point: decoding may only throw,
/// and whatever decodes must re-encode to the same bytes (the entry point traps otherwise).
struct MutationTests {
    static let iterations = 100_000

    /// Every sample, the envelopes, and a few PDUs taken from the reference captures.
    static let seeds: [[UInt8]] = {
        var seeds = NASSamples.all.map { Array($0.encoded().readableBytesView) }
        seeds += NASSamples.protectedPDUs.map { Array($0.encoded().readableBytesView) }
        seeds += [
            "17000000000007410208991007374600000607f0f0c04001001000050201d031d15c20003103e5e0349011035f58a65d0105",
            "27d0b4a1c7050748010bf609f107000201da0046a45807f0f0c0400100105209f10700015c2000570220003103e5e0349011035f58a65d0105d0",
            "276471c19900075e23098366050704405003f1",
            "075c15300e1120ee2a37e7ded26ad875592810",
            "27c85c3d4d030761430f10004f00700065006e0035004700534702802251251369490100",
        ].map { Array(ByteBuffer(hex: $0).readableBytesView) }
        return seeds
    }()

    @Test func randomMutationsNeverTrap() {
        var mutator = Mutator(seed: 0x4E41_5331)
        var decoded = 0
        var runs = 0
        for index in 0..<Self.iterations {
            let input = mutator.mutate(Self.seeds[index % Self.seeds.count])
            input.withUnsafeBytes { NASFuzz.run($0) }
            if (try? NASPDU.decode(ByteBuffer(bytes: input))) != nil { decoded += 1 }
            runs += 1
        }
        print("NAS mutations: \(runs) inputs, \(decoded) still decoded")
        #expect(runs == Self.iterations)
        // Many mutations keep a valid message: the round-trip invariant is exercised, not only errors.
        #expect(decoded > Self.iterations / 20)
    }

    @Test func everySeedPassesTheFuzzInvariant() {
        for seed in Self.seeds { seed.withUnsafeBytes { NASFuzz.run($0) } }
    }
}
