/// A hash table from a 32-bit key (a TEID, an IPv4 address) to a plain value, for lookups at line
/// rate: open addressing with linear probing over one flat allocation, no reference counting, at
/// most half full; deletion shifts the following entries back instead of leaving tombstones, so
/// lookups stay short however the table churns. Key 0 marks an empty slot: TEID 0 is never given
/// to a bearer (TS 29.281 keeps it for signalling) and 0.0.0.0 is never a UE's address.
/// Owned by one forwarding thread; other threads change it through a `RuleMailbox`.
public struct ForwardingTable<Value: BitwiseCopyable>: ~Copyable {
    private var keys: UnsafeMutablePointer<UInt32>
    private var values: UnsafeMutablePointer<Value>
    private var mask: Int
    public private(set) var count = 0

    public init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always)
    private static func slot(_ key: UInt32, _ mask: Int) -> Int {
        // Fibonacci hashing: TEIDs and addresses given out in sequence spread over the table.
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    public func value(for key: UInt32) -> Value? {
        var index = Self.slot(key, mask)
        while true {
            let found = keys[index]
            if found == key { return values[index] }
            if found == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    /// Adds or replaces. Key 0 is refused (it marks empty slots).
    public mutating func set(_ value: Value, for key: UInt32) {
        precondition(key != 0, "key 0 marks an empty slot")
        if (count + 1) * 2 > mask + 1 { grow() }
        var index = Self.slot(key, mask)
        while keys[index] != 0 && keys[index] != key { index = (index + 1) & mask }
        if keys[index] == 0 { count += 1 }
        keys[index] = key
        values[index] = value
    }

    public mutating func remove(_ key: UInt32) {
        var index = Self.slot(key, mask)
        while keys[index] != key {
            if keys[index] == 0 { return }
            index = (index + 1) & mask
        }
        // Backward-shift deletion: move up every later entry of the run whose home slot is not
        // between the hole and itself, so no lookup meets a gap before its key.
        var hole = index
        var next = (hole + 1) & mask
        while keys[next] != 0 {
            let home = Self.slot(keys[next], mask)
            let distanceToNext = (next - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole <= distanceToNext {
                keys[hole] = keys[next]
                values[hole] = values[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = 0
        count -= 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values, oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        mask = capacity - 1
        count = 0
        for index in 0..<oldCapacity where oldKeys[index] != 0 {
            set(oldValues[index], for: oldKeys[index])
        }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
