/// A seeded random number generator (SplitMix64): the same seed gives the same mutations, so a
/// failing fuzz case can be replayed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Produces damaged variants of valid messages: the kinds of input a decoder meets from a buggy
/// or hostile peer.
public struct Mutator: Sendable {
    public var generator: SeededGenerator

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...4, using: &generator)
        for _ in 0..<rounds {
            switch Int.random(in: 0..<9, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator))
            case 1 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 2 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 3 where bytes.count >= 2:
                // A 16-bit field (often a length) set to an extreme value.
                let index = Int.random(in: 0..<(bytes.count - 1), using: &generator)
                let value: UInt16 = [0, 1, 0xFFFF, 0x7FFF, UInt16(bytes.count), UInt16(bytes.count + 1)]
                    .randomElement(using: &generator)!
                bytes[index] = UInt8(value >> 8)
                bytes[index + 1] = UInt8(value & 0xFF)
            case 4:
                let index = Int.random(in: 0...bytes.count, using: &generator)
                let extra = (0..<Int.random(in: 1...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                bytes.insert(contentsOf: extra, at: index)
            case 5 where bytes.count > 1:
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = Int.random(in: start...bytes.count, using: &generator)
                bytes.removeSubrange(start..<end)
            case 6 where !bytes.isEmpty:
                // Zero out a run: zero lengths and zero types.
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = min(bytes.count, start + Int.random(in: 1...4, using: &generator))
                for index in start..<end { bytes[index] = 0 }
            case 7:
                bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            default:
                // Duplicate a slice: repeated IEs and AVPs.
                guard !bytes.isEmpty else { continue }
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = min(bytes.count, start + Int.random(in: 1...32, using: &generator))
                bytes.insert(contentsOf: bytes[start..<end], at: start)
            }
        }
        return bytes
    }
}
