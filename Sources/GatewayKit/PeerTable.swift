/// What a gateway keeps per GTPv2-C peer, bounded. Any address can send a datagram (every Echo
/// Request carries a Recovery IE), so an entry for each sender would grow without limit. When
/// the table is full, a new peer first makes room by evicting every peer not in use (no session
/// here, no request pending); when all of them are in use, the new peer is not kept. Eviction
/// walks the peers in use once per `capacity` new senders at most, as it leaves only those.
public struct PeerTable<Peer: Hashable & Sendable, Value: Sendable>: Sendable {
    public static var defaultCapacity: Int { 4096 }

    public let capacity: Int
    private var entries: [Peer: Value] = [:]

    public init(capacity: Int = defaultCapacity) {
        precondition(capacity > 0, "a peer table holds at least one peer")
        self.capacity = capacity
    }

    public var count: Int { entries.count }

    public subscript(peer: Peer) -> Value? { entries[peer] }

    /// Whether `peer` is new and finds the table full: `evict(keeping:)` makes room.
    public func isFull(for peer: Peer) -> Bool {
        entries[peer] == nil && entries.count >= capacity
    }

    /// Forgets every peer but those in `inUse`.
    public mutating func evict(keeping inUse: Set<Peer>) {
        entries = entries.filter { inUse.contains($0.key) }
    }

    /// Sets `peer`'s value and returns the one it had; a new peer is not kept while the table is full.
    @discardableResult
    public mutating func update(_ value: Value, for peer: Peer) -> Value? {
        guard !isFull(for: peer) else { return nil }
        return entries.updateValue(value, forKey: peer)
    }

    /// Sets `peer`'s value, first evicting the peers not in use when a new peer finds the table full.
    /// - Parameter inUse: the peers that must stay, asked only when the table is full.
    @discardableResult
    public mutating func update(_ value: Value, for peer: Peer, inUse: () -> Set<Peer>) -> Value? {
        if isFull(for: peer) { evict(keeping: inUse()) }
        return update(value, for: peer)
    }
}
