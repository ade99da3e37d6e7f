import Testing
@testable import UserPlane

struct ForwardingTableTests {
    /// Random inserts, replacements and removals, checked against a Dictionary after each step,
    /// through several growths and with keys that collide in the low bits.
    @Test func behavesLikeADictionary() {
        var table = ForwardingTable<UInt64>(minimumCapacity: 4)
        var oracle: [UInt32: UInt64] = [:]
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<3000).map { UInt32($0 + 1) << UInt32($0 % 3 * 8) }
        for step in 0..<200_000 {
            let key = keys[Int.random(in: 0..<keys.count, using: &generator)]
            switch Int.random(in: 0..<3, using: &generator) {
            case 0, 1:
                table.set(UInt64(step), for: key)
                oracle[key] = UInt64(step)
            default:
                table.remove(key)
                oracle[key] = nil
            }
            let probe = keys[Int.random(in: 0..<keys.count, using: &generator)]
            #expect(table.value(for: probe) == oracle[probe])
        }
        #expect(table.count == oracle.count)
        for key in keys { #expect(table.value(for: key) == oracle[key]) }
    }
}
