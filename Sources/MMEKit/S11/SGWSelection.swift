import Wire

/// Chooses the SGW replica for a new UE among those ready now. Every PDN connection of a UE
/// then stays on that SGW (TS 23.401 4.3.8.2: one SGW per UE), so the choice is per subscriber
/// session, and replicas added later take new sessions without moving old ones.
public protocol SGWSelectionPolicy: Sendable {
    mutating func select(from candidates: [GTPPeer], for imsi: IMSI) -> GTPPeer?
}

/// Each new session to the next replica in turn.
public struct RoundRobinSGWSelection: SGWSelectionPolicy {
    private var next = 0

    public init() {}

    public mutating func select(from candidates: [GTPPeer], for imsi: IMSI) -> GTPPeer? {
        guard !candidates.isEmpty else { return nil }
        defer { next &+= 1 }
        return candidates[next % candidates.count]
    }
}

/// The same replica for the same subscriber while the set of replicas stays the same
/// (rendezvous hashing: when a replica goes, only its subscribers move).
public struct SubscriberHashSGWSelection: SGWSelectionPolicy {
    public init() {}

    public func select(from candidates: [GTPPeer], for imsi: IMSI) -> GTPPeer? {
        candidates.max { weight($0, imsi) < weight($1, imsi) }
    }

    /// FNV-1a over the IMSI digits and the peer's address: stable across processes, unlike `Hasher`.
    private func weight(_ peer: GTPPeer, _ imsi: IMSI) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(imsi.digits.utf8) + Array(peer.description.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
