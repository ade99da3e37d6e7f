/// A 48-bit sequence number (TS 33.102 6.3.2, Annex C). Also used for the other 48-bit AKA
/// quantities that are XORed with it (AK, AK*, SQN ⊕ AK).
public struct SQN: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let bitWidth = 48
    public static let mask: UInt64 = (1 << 48) - 1
    public static let max = SQN(uncheckedValue: mask)

    /// The value, always below 2^48.
    public let value: UInt64

    /// Nil when `value` does not fit in 48 bits.
    @inlinable
    public init?(_ value: UInt64) {
        guard value <= SQN.mask else { return nil }
        self.value = value
    }

    /// Exactly 6 octets, most significant first, or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        self.init(uncheckedValue: bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// Keeps the low 48 bits of `value`: for values computed here that are 48-bit by construction.
    @inlinable
    init(uncheckedValue value: UInt64) {
        self.value = value & SQN.mask
    }

    /// The 6 octets, most significant first.
    public var bytes: [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: value >> (40 - 8 * $0)) }
    }

    /// The next value, wrapping at 2^48 (TS 33.102 C.3.2 leaves wrap-around to the operator).
    public var successor: SQN { SQN(uncheckedValue: value &+ 1) }

    public var description: String { "SQN(\(String(value, radix: 16)))" }

    @inlinable
    public static func ^ (lhs: SQN, rhs: SQN) -> SQN { SQN(uncheckedValue: lhs.value ^ rhs.value) }

    @inlinable
    public static func < (lhs: SQN, rhs: SQN) -> Bool { lhs.value < rhs.value }
}

/// The authentication token sent to the UE (TS 33.102 6.3.2): (SQN ⊕ AK) ‖ AMF ‖ MAC-A, 16 octets.
public struct AUTN: Hashable, Sendable {
    public var concealedSQN: SQN
    public var amf: UInt16
    public var macA: UInt64

    public init(concealedSQN: SQN, amf: UInt16, macA: UInt64) {
        self.concealedSQN = concealedSQN
        self.amf = amf
        self.macA = macA
    }

    /// Exactly 16 octets, or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard let all = Key128(bytes: bytes) else { return nil }
        self.init(all)
    }

    public init(_ value: Key128) {
        self.init(concealedSQN: SQN(uncheckedValue: value.high >> 16),
                  amf: UInt16(truncatingIfNeeded: value.high), macA: value.low)
    }

    /// The AUTN as one 128-bit value, octet order preserved.
    public var value: Key128 {
        Key128(high: concealedSQN.value << 16 | UInt64(amf), low: macA)
    }

    public var bytes: [UInt8] { value.bytes }

    /// The "separation bit" (bit 0 of AMF) that marks a vector as usable for EPS (TS 33.401 6.1.1).
    public var hasEPSSeparationBit: Bool { amf & 0x8000 != 0 }
}

/// The re-synchronisation token the UE returns on a synchronisation failure (TS 33.102 6.3.3):
/// (SQN_MS ⊕ AK*) ‖ MAC-S, 14 octets.
public struct AUTS: Hashable, Sendable {
    public var concealedSQN: SQN
    public var macS: UInt64

    public init(concealedSQN: SQN, macS: UInt64) {
        self.concealedSQN = concealedSQN
        self.macS = macS
    }

    /// Exactly 14 octets, or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 14, let sqn = SQN(bytes: bytes.prefix(6)) else { return nil }
        self.init(concealedSQN: sqn, macS: bytes.dropFirst(6).reduce(0) { $0 << 8 | UInt64($1) })
    }

    public var bytes: [UInt8] {
        concealedSQN.bytes + (0..<8).map { UInt8(truncatingIfNeeded: macS >> (56 - 8 * $0)) }
    }
}

extension UInt64 {
    /// The 8 octets, most significant first (RES, MAC-A, MAC-S as they travel).
    @inlinable
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) } }
}
