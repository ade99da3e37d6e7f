import NIOCore

/// International Mobile Subscriber Identity (TS 23.003 2.1): MCC + MNC + MSIN, at most 15 digits.
public struct IMSI: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let tbcd: TBCDDigits

    /// Nil unless `digits` holds 6 to 15 decimal digits.
    public init?(_ digits: String) {
        guard (6...15).contains(digits.utf8.count), let tbcd = TBCDDigits(digits) else { return nil }
        self.tbcd = tbcd
    }

    public var digits: String { tbcd.description }
    public var description: String { digits }
    public static func < (lhs: IMSI, rhs: IMSI) -> Bool { lhs.digits < rhs.digits }

    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> IMSI {
        let at = reader.offset
        let tbcd = try TBCDDigits.decode(&reader, length: length, "IMSI")
        guard tbcd.count <= 15 else { throw CodecError(.invalidValue("\(tbcd.count) digits"), at: at, in: "IMSI") }
        return IMSI(tbcd: tbcd)
    }

    init(tbcd: TBCDDigits) { self.tbcd = tbcd }
    public var encodedLength: Int { tbcd.octetCount }
    @inlinable public func encode(into writer: inout WireWriter) { tbcd.encode(into: &writer) }
}

/// A subscriber's number (E.164, TS 23.003 3.3), without type-of-number octet.
public struct MSISDN: Hashable, Sendable, CustomStringConvertible {
    public let tbcd: TBCDDigits

    /// Nil unless `digits` holds 1 to 16 TBCD characters (digits, `*`, `#`, `a`-`c`).
    public init?(_ digits: String) {
        guard let tbcd = TBCDDigits(digits, decimalOnly: false) else { return nil }
        self.tbcd = tbcd
    }

    public var digits: String { tbcd.description }
    public var description: String { digits }

    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> MSISDN {
        MSISDN(tbcd: try TBCDDigits.decode(&reader, length: length, decimalOnly: false, "MSISDN"))
    }

    init(tbcd: TBCDDigits) { self.tbcd = tbcd }
    public var encodedLength: Int { tbcd.octetCount }
    @inlinable public func encode(into writer: inout WireWriter) { tbcd.encode(into: &writer) }
}

/// Mobile Equipment Identity: IMEI (15 digits, or 14 without check digit) or IMEISV (16 digits).
public struct IMEI: Hashable, Sendable, CustomStringConvertible {
    public let tbcd: TBCDDigits

    public init?(_ digits: String) {
        guard (14...16).contains(digits.utf8.count), let tbcd = TBCDDigits(digits) else { return nil }
        self.tbcd = tbcd
    }

    public var digits: String { tbcd.description }
    public var isSoftwareVersion: Bool { tbcd.count == 16 }
    public var description: String { digits }

    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> IMEI {
        IMEI(tbcd: try TBCDDigits.decode(&reader, length: length, "MEI"))
    }

    init(tbcd: TBCDDigits) { self.tbcd = tbcd }
    public var encodedLength: Int { tbcd.octetCount }
    @inlinable public func encode(into writer: inout WireWriter) { tbcd.encode(into: &writer) }
}
