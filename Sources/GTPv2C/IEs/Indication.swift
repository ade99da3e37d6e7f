import NIOCore
import Wire

/// The Indication IE (TS 29.274 8.12): a variable number of flag octets. Octet numbers follow
/// the specification: the first flags octet is octet 5. Up to 16 octets are kept inline.
public struct Indication: Hashable, Sendable {
    private var low: UInt64
    private var high: UInt64
    /// How many flag octets the sender included.
    public private(set) var count: Int

    public init(octets: [UInt8] = [0]) {
        low = 0
        high = 0
        count = 0
        for (index, octet) in octets.prefix(16).enumerated() { setOctet(index, octet) }
        count = min(octets.count, 16)
    }

    private func octet(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: index < 8 ? low >> (8 * UInt64(index)) : high >> (8 * UInt64(index - 8)))
    }

    private mutating func setOctet(_ index: Int, _ value: UInt8) {
        let shift = 8 * UInt64(index % 8)
        if index < 8 {
            low = low & ~(0xFF << shift) | UInt64(value) << shift
        } else {
            high = high & ~(0xFF << shift) | UInt64(value) << shift
        }
    }

    public var octets: [UInt8] { (0..<count).map(octet) }

    /// A flag by its octet (5...) and bit (8 = most significant, as the specification numbers them).
    public func isSet(octet number: Int, bit: Int) -> Bool {
        let index = number - 5
        guard index >= 0, index < count else { return false }
        return octet(index) & (1 << (bit - 1)) != 0
    }

    public mutating func set(octet number: Int, bit: Int, _ on: Bool = true) {
        let index = number - 5
        guard index >= 0, index < 16 else { return }
        count = max(count, index + 1)
        let mask = UInt8(1 << (bit - 1))
        setOctet(index, on ? octet(index) | mask : octet(index) & ~mask)
    }

    /// Dual Address Bearer Flag: the UE is IPv4v6 capable.
    public var daf: Bool { isSet(octet: 5, bit: 8) }
    /// Handover Indication: attach or PDN connection after a non-3GPP to 3GPP handover.
    public var handoverIndication: Bool { isSet(octet: 5, bit: 5) }
    /// Operation Indication: in Delete Session Request, the SGW forwards it to the PGW.
    public var operationIndication: Bool { isSet(octet: 5, bit: 4) }
    /// Scope Indication: in Delete Session / Delete Bearer, only the S11 part is released.
    public var scopeIndication: Bool { isSet(octet: 6, bit: 2) }
    /// Change Reporting Support Indication.
    public var crsi: Bool { isSet(octet: 6, bit: 5) }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> Indication {
        guard (1...16).contains(reader.remaining) else {
            throw reader.error(.invalidLength(reader.remaining), "Indication")
        }
        let count = reader.remaining
        var indication = Indication(octets: [])
        for index in 0..<count { indication.setOctet(index, try reader.u8("Indication flags")) }
        indication.count = count
        return indication
    }

    func encode(into writer: inout WireWriter) {
        for index in 0..<count { writer.writeU8(octet(index)) }
    }
}
