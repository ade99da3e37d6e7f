import Wire

/// The UE addresses of one APN: the prefix minus its network and broadcast addresses and its
/// first address (the SGi gateway, the TUN device's own).
public struct IPv4Pool: Sendable {
    public let prefix: IPv4Prefix
    private var taken: Set<UInt32> = []
    /// Where the next search for a free address starts: addresses are handed out round the
    /// pool, so a released one is not reused at once (late packets for it would reach a new UE).
    private var cursor: UInt32

    public init(prefix: IPv4Prefix) {
        self.prefix = prefix
        cursor = Self.first(of: prefix)
    }

    private static func first(of prefix: IPv4Prefix) -> UInt32 { prefix.network.value &+ 2 }
    private var first: UInt32 { Self.first(of: prefix) }
    private var last: UInt32 { prefix.network.value &+ UInt32(prefix.size - 2) }

    /// How many addresses UEs can have.
    public var capacity: Int { Int(prefix.size) - 3 }
    public var inUse: Int { taken.count }

    /// Whether `address` is one this pool gives to UEs.
    public func isAssignable(_ address: IPv4Address) -> Bool {
        (first...last).contains(address.value)
    }

    /// Takes a specific address (a static one from the subscription); false when it is not
    /// the pool's or is taken.
    public mutating func take(_ address: IPv4Address) -> Bool {
        guard isAssignable(address) else { return false }
        return taken.insert(address.value).inserted
    }

    /// The next free address, nil when every one is taken.
    public mutating func allocate() -> IPv4Address? {
        guard taken.count < capacity else { return nil }
        var candidate = cursor
        while taken.contains(candidate) {
            candidate = candidate == last ? first : candidate + 1
        }
        taken.insert(candidate)
        cursor = candidate == last ? first : candidate + 1
        return IPv4Address(candidate)
    }

    public mutating func release(_ address: IPv4Address) {
        taken.remove(address.value)
    }
}
