import NIOCore

/// A PLMN identity (TS 24.008 10.5.1.13): MCC and a 2- or 3-digit MNC in three TBCD octets,
/// `MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1`, with MNC3 = 0xF for a 2-digit MNC.
///
/// Kept as the three octets so that any value read from the wire is written back unchanged.
public struct PLMN: Hashable, Sendable, CustomStringConvertible {
    /// The three octets, big-endian in the low 24 bits.
    public let octets: UInt32

    public init?(mcc: String, mnc: String) {
        guard TBCD.isDecimal(mcc, count: 3...3), TBCD.isDecimal(mnc, count: 2...3) else { return nil }
        let c = mcc.utf8.map { UInt32($0 - UInt8(ascii: "0")) }
        let n = mnc.utf8.map { UInt32($0 - UInt8(ascii: "0")) }
        let mnc3: UInt32 = n.count == 3 ? n[2] : 0xF
        octets = (c[1] << 4 | c[0]) << 16 | (mnc3 << 4 | c[2]) << 8 | (n[1] << 4 | n[0])
    }

    /// Parses "00101" style text only when the MNC length is known; prefer `init(mcc:mnc:)`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2 else { return nil }
        self.init(mcc: String(parts[0]), mnc: String(parts[1]))
    }

    private init(octets: UInt32) { self.octets = octets }

    @inlinable func nibble(_ shift: UInt32) -> UInt32 { (octets >> shift) & 0xF }

    public var mcc: String { digits([nibble(16), nibble(20), nibble(8)]) }
    public var mnc: String {
        nibble(12) == 0xF ? digits([nibble(0), nibble(4)]) : digits([nibble(0), nibble(4), nibble(12)])
    }

    private func digits(_ values: [UInt32]) -> String {
        String(decoding: values.map { UInt8(truncatingIfNeeded: $0) + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// "MCC-MNC", e.g. "001-01".
    public var description: String { "\(mcc)-\(mnc)" }

    public static func decode(_ reader: inout WireReader) throws(CodecError) -> PLMN {
        let at = reader.offset
        let value = try reader.u24("PLMN")
        let plmn = PLMN(octets: value)
        for shift: UInt32 in [0, 4, 8, 16, 20] where plmn.nibble(shift) > 9 {
            throw CodecError(.invalidValue("non-decimal digit"), at: at, in: "PLMN")
        }
        guard plmn.nibble(12) <= 9 || plmn.nibble(12) == 0xF else {
            throw CodecError(.invalidValue("non-decimal MNC digit 3"), at: at, in: "PLMN")
        }
        return plmn
    }

    @inlinable
    public func encode(into writer: inout WireWriter) { writer.writeU24(octets) }
}

/// Tracking Area Identity: PLMN + 16-bit TAC.
public struct TAI: Hashable, Sendable, CustomStringConvertible {
    public var plmn: PLMN
    public var tac: UInt16

    public init(plmn: PLMN, tac: UInt16) {
        self.plmn = plmn
        self.tac = tac
    }

    public var description: String { "\(plmn)/tac=\(tac)" }

    public static func decode(_ reader: inout WireReader) throws(CodecError) -> TAI {
        TAI(plmn: try PLMN.decode(&reader), tac: try reader.u16("TAC"))
    }

    @inlinable
    public func encode(into writer: inout WireWriter) {
        plmn.encode(into: &writer)
        writer.writeU16(tac)
    }
}

/// E-UTRAN Cell Global Identity: PLMN + 28-bit cell identity (20-bit eNB ID, 8-bit cell).
public struct ECGI: Hashable, Sendable, CustomStringConvertible {
    public var plmn: PLMN
    /// The 32-bit field as sent: the top 4 bits are spare, the low 28 the E-UTRAN cell identity.
    public var eci: UInt32

    public init(plmn: PLMN, eci: UInt32) {
        self.plmn = plmn
        self.eci = eci
    }

    public var enbID: UInt32 { (eci & 0x0FFF_FFFF) >> 8 }
    public var cellID: UInt8 { UInt8(truncatingIfNeeded: eci) }
    public var description: String { "\(plmn)/eci=\(String(eci & 0x0FFF_FFFF, radix: 16))" }

    public static func decode(_ reader: inout WireReader) throws(CodecError) -> ECGI {
        ECGI(plmn: try PLMN.decode(&reader), eci: try reader.u32("ECI"))
    }

    @inlinable
    public func encode(into writer: inout WireWriter) {
        plmn.encode(into: &writer)
        writer.writeU32(eci)
    }
}
