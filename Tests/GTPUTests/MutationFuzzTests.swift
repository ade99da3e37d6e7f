import GTPU
import NIOCore
import Testing
import Wire

/// Valid messages, mutated at random, through every decoder: the only acceptable outcomes are a
/// value or a thrown error. A trap fails the whole test run, which is the point.
@Suite("Random mutations")
struct MutationFuzzTests {
    static let iterations = 100_000

    /// Deterministic, so a failure reproduces from the iteration number.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static var seeds: [[UInt8]] {
        let captured = CaptureVectorTests.vectors.map { Array(ByteBuffer(hex: $0.hex).readableBytesView) }
        let built = RoundTripTests.cases.map { Array(GTPUTestSupport.encoded($0.message).readableBytesView) }
        return captured + built
    }

    enum Mutation: CaseIterable {
        case truncate, flipBits, lengthPastEnd, zeroLengthExtensionHeader, randomBytes, corruptElement, splice
    }

    static func mutate(_ seed: [UInt8], _ mutation: Mutation, seeds: [[UInt8]], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        switch mutation {
        case .truncate:
            bytes.removeLast(Int.random(in: 1...max(1, bytes.count), using: &rng))
        case .flipBits:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: bytes.indices, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case .lengthPastEnd:
            let length = bytes.count - 8 + Int.random(in: 1...70_000, using: &rng)
            bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
            bytes[3] = UInt8(truncatingIfNeeded: length)
        case .zeroLengthExtensionHeader:
            while bytes.count < 16 { bytes.append(0) }
            bytes[0] |= 0x04
            bytes[11] = UInt8.random(in: 1...255, using: &rng)
            // Either the first header, or one further down a chain of valid ones, is 0 long.
            let at = Bool.random(using: &rng) ? 12 : 12 + 4 * Int.random(in: 0...((bytes.count - 13) / 4), using: &rng)
            bytes[at] = 0
        case .randomBytes:
            if Bool.random(using: &rng) {
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                for index in start..<min(bytes.count, start + Int.random(in: 1...16, using: &rng)) {
                    bytes[index] = UInt8.random(in: 0...255, using: &rng)
                }
            } else {
                // Any garbage behind a valid first octet, so it gets past the version check.
                bytes = [0x30 | UInt8.random(in: 0...0x0F, using: &rng)]
                    + (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
        case .corruptElement:
            let interesting: [UInt8] = [0, 1, 2, 4, 14, 16, 127, 128, 133, 141, 255]
            let index = Int.random(in: min(8, bytes.count - 1)..<bytes.count, using: &rng)
            bytes[index] = interesting.randomElement(using: &rng)!
        case .splice:
            let other = seeds.randomElement(using: &rng)!
            bytes += other.suffix(Int.random(in: 0...other.count, using: &rng))
            let length = bytes.count - 8
            if Bool.random(using: &rng), length <= 0xFFFF {
                bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
                bytes[3] = UInt8(truncatingIfNeeded: length)
            }
        }
        return bytes
    }

    @Test func decodersOnlyEverThrow() {
        let seeds = Self.seeds
        var rng = SplitMix64(state: 0x2152)
        var runs = 0
        var decoded = 0
        var refused: [Mutation: Int] = [:]
        for iteration in 0..<Self.iterations {
            let mutation = Mutation.allCases[iteration % Mutation.allCases.count]
            let input = Self.mutate(seeds[iteration % seeds.count], mutation, seeds: seeds, using: &rng)
            input.withUnsafeBytes { GTPUFuzz.run($0) }
            do {
                _ = try GTPUMessage.decode(ByteBuffer(bytes: input))
                decoded += 1
            } catch {
                refused[mutation, default: 0] += 1
            }
            runs += 1
        }
        #expect(runs == Self.iterations)
        // Both outcomes must be common, or the mutations are not exercising the decoder.
        #expect(decoded > Self.iterations / 20)
        #expect(runs - decoded > Self.iterations / 4)
        for mutation in [Mutation.truncate, .lengthPastEnd, .zeroLengthExtensionHeader] {
            #expect(refused[mutation, default: 0] > Self.iterations / Mutation.allCases.count / 2,
                    "\(mutation) was refused only \(refused[mutation, default: 0]) times")
        }
    }

    @Test func fuzzEntryAcceptsValidMessages() {
        for seed in Self.seeds {
            seed.withUnsafeBytes { GTPUFuzz.run($0) }
        }
    }
}
