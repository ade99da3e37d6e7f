import MobileCrypto

/// The HSS side of sequence number management, TS 33.102 Annex C (profile 2, not time-based).
///
/// SQN = SEQ ‖ IND, IND being the low `indexBits` bits. The USIM keeps one highest accepted SEQ
/// per IND value (the array SEQ_MS[0 ... 2^a − 1]) and accepts a SQN whose SEQ exceeds the entry
/// of its IND and is not more than Δ ahead of the highest SEQ it has seen (C.2.2). The HSS keeps
/// SQN_HE, the last SQN it issued; each new vector takes SEQ_HE + 1 and the next IND value in
/// turn (C.3.2, C.3.4), so that vectors used out of order — several in one AIA, or held by
/// different MMEs — land in different array entries and are all still accepted.
public struct SequenceNumberScheme: Hashable, Sendable {
    /// a: the IND bits (TS 33.102 C.3.4 suggests 5, an array of 32).
    public var indexBits: Int
    /// Δ of C.2.2, in SEQ steps: how far ahead of the USIM's highest SEQ a SQN may be.
    public var delta: UInt64

    public init(indexBits: Int = 5, delta: UInt64 = 1 << 28) {
        self.indexBits = indexBits
        self.delta = delta
    }

    var indexMask: UInt64 { (1 << UInt64(indexBits)) - 1 }

    public func seq(_ sqn: UInt64) -> UInt64 { (sqn & SQN.mask) >> UInt64(indexBits) }
    public func ind(_ sqn: UInt64) -> UInt64 { sqn & indexMask }

    public func sqn(seq: UInt64, ind: UInt64) -> UInt64 {
        (seq << UInt64(indexBits) | ind & indexMask) & SQN.mask
    }

    /// The SQN after `current`: SEQ + 1, IND + 1 (mod 2^a). Wraps at 2^48 (C.3.2 leaves the
    /// wrap to the operator; 2^43 SEQ steps are far beyond a subscriber's lifetime).
    public func next(after current: UInt64) -> UInt64 {
        sqn(seq: seq(current) &+ 1, ind: ind(current) &+ 1)
    }

    /// `count` new SQNs after `current`, in the order they are issued.
    public func issue(_ count: Int, after current: UInt64) -> [UInt64] {
        var values: [UInt64] = []
        values.reserveCapacity(count)
        var last = current
        for _ in 0..<count {
            last = next(after: last)
            values.append(last)
        }
        return values
    }

    /// Whether a USIM whose highest accepted SQN is `sqnMS` accepts the next SQN issued after
    /// `current` (TS 33.102 6.3.5 step 3: "SQN_HE is in the correct range").
    public func nextIsAccepted(after current: UInt64, byUSIMAt sqnMS: UInt64) -> Bool {
        let nextSEQ = seq(next(after: current))
        let highest = seq(sqnMS)
        return nextSEQ > highest && nextSEQ - highest <= delta
    }

    /// SQN_HE after a synchronisation failure reporting `sqnMS` (TS 33.102 6.3.5): kept when its
    /// next SQN is acceptable, otherwise SEQ_HE := SEQ_MS, IND_HE unchanged (C.3.4).
    public func resynchronised(current: UInt64, sqnMS: UInt64) -> UInt64 {
        nextIsAccepted(after: current, byUSIMAt: sqnMS) ? current : sqn(seq: seq(sqnMS), ind: ind(current))
    }
}
