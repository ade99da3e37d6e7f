import CodecSamples
import Testing
@testable import S1AP

/// Damaged variants of valid S1AP PDUs through the decoder, and the fuzz entry, which must only
/// ever throw: a trap is a bug in the codec.
@Suite("S1AP mutations")
struct S1APMutationTests {
    static let mutations = 100_000

    @Test func mutatedPDUsOnlyEverThrow() {
        let seeds = S1APSamples.all.map(\.message.encodedBytes)
        var mutator = Mutator(seed: 36_413)
        var decoded = 0
        var refused = 0
        var malformed = 0
        for round in 0..<Self.mutations {
            let input = mutator.mutate(seeds[round % seeds.count])
            input.withUnsafeBytes { S1APFuzz.run($0) }
            do {
                _ = try S1APMessage.decode(bytes: input)
                decoded += 1
            } catch {
                if case .malformed = error { malformed += 1 } else { refused += 1 }
            }
        }
        print("\(Self.mutations) mutated S1AP PDUs: \(decoded) decoded, \(refused) refused by criticality, \(malformed) malformed")
        #expect(decoded + refused + malformed == Self.mutations)
        #expect(malformed > Self.mutations / 2)
    }

    @Test func samplesThroughTheFuzzEntry() {
        for sample in S1APSamples.all {
            sample.message.encodedBytes.withUnsafeBytes { S1APFuzz.run($0) }
        }
    }
}
