/// Where a gateway gets its TEIDs, sequence numbers and charging identifiers. Injected, so that
/// the logic stays deterministic under test and the executable decides how random they are.
public protocol GatewayIdentifierSource: Sendable {
    /// A TEID candidate; never 0 (TS 29.274 reserves 0 for "not yet known"). The gateway skips
    /// candidates still in use.
    mutating func nextTEID() -> UInt32
    /// A GTPv2-C sequence number for a new request (24 bits).
    mutating func nextSequence() -> UInt32
    /// A Charging ID for a new bearer (TS 29.274 8.29).
    mutating func nextChargingID() -> UInt32
}

/// Consecutive values from a starting point: what the tests use, and good enough for an
/// executable that seeds the starting points randomly.
public struct SequentialIdentifiers: GatewayIdentifierSource {
    private var teid: UInt32
    private var sequence: UInt32
    private var chargingID: UInt32

    public init(firstTEID: UInt32 = 1, firstSequence: UInt32 = 1, firstChargingID: UInt32 = 1) {
        teid = firstTEID
        sequence = firstSequence & 0xFF_FFFF
        chargingID = firstChargingID
    }

    /// Random starting points, for an executable: the TEIDs and sequence numbers of a restarted
    /// gateway differ from its last run's.
    public static func randomStart() -> SequentialIdentifiers {
        SequentialIdentifiers(firstTEID: UInt32.random(in: 1...0x7FFF_FFFF), firstSequence: UInt32.random(in: 0...0xFF_FFFF),
                              firstChargingID: UInt32.random(in: 1...UInt32.max))
    }

    public mutating func nextTEID() -> UInt32 {
        if teid == 0 { teid = 1 }
        defer { teid &+= 1 }
        return teid
    }

    public mutating func nextSequence() -> UInt32 {
        defer { sequence = (sequence + 1) & 0xFF_FFFF }
        return sequence
    }

    public mutating func nextChargingID() -> UInt32 {
        defer { chargingID &+= 1 }
        return chargingID
    }
}
