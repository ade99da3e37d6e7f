import Wire

/// The /64 prefixes of one APN (TS 23.401 5.3.1.2.2: each PDN connection gets its own /64,
/// announced to the UE by Router Advertisement). Carved from a shorter prefix, in order round
/// the pool like the IPv4 addresses.
public struct IPv6PrefixPool: Sendable {
    /// The configured prefix: `high` holds its 64 network bits; its length is 64 at most.
    public let network: IPv6Address
    public let length: UInt8
    private var taken: Set<UInt64> = []
    private var cursor: UInt64 = 0

    public init(network: IPv6Address, length: UInt8) {
        self.length = min(length, 64)
        let mask: UInt64 = self.length == 0 ? 0 : UInt64.max << (64 - UInt64(self.length))
        self.network = IPv6Address(high: network.high & mask, low: 0)
    }

    /// How many /64 prefixes there are, capped where a count stops being useful.
    public var capacity: UInt64 { length <= 32 ? UInt64(1) << 32 : UInt64(1) << (64 - UInt64(length)) }
    public var inUse: Int { taken.count }

    /// The next free /64 (its low 64 bits zero), nil when every one is taken.
    public mutating func allocate() -> IPv6Address? {
        guard UInt64(taken.count) < capacity else { return nil }
        var index = cursor
        while taken.contains(index) { index = (index + 1) % capacity }
        taken.insert(index)
        cursor = (index + 1) % capacity
        return IPv6Address(high: network.high | index, low: 0)
    }

    public mutating func release(_ prefix: IPv6Address) {
        taken.remove(prefix.high & ~(length == 0 ? 0 : UInt64.max << (64 - UInt64(length))))
    }
}

/// An IPv6 prefix in configuration, "2001:db8:45::/48".
public struct IPv6Prefix: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv6Address
    public var length: UInt8

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPv6Address(String(parts[0])), let length = UInt8(parts[1]), length <= 128 else {
            return nil
        }
        network = address
        self.length = length
    }

    public var description: String { "\(network)/\(length)" }
}
