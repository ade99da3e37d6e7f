import NIOCore

/// International Mobile Subscriber Identity (TS 23.003 2.1): MCC + MNC + MSIN, at most 15 digits.
public struct IMSI: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let digits: String

    /// Nil unless `digits` holds 6 to 15 decimal digits.
    public init?(_ digits: String) {
        guard TBCD.isDecimal(digits, count: 6...15) else { return nil }
        self.digits = digits
    }

    init(validated digits: String) { self.digits = digits }

    public var description: String { digits }
    public static func < (lhs: IMSI, rhs: IMSI) -> Bool { lhs.digits < rhs.digits }

    /// Reads `length` octets of TBCD.
    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> IMSI {
        let at = reader.offset
        let digits = try TBCD.decode(&reader, length: length, "IMSI")
        guard (1...15).contains(digits.utf8.count) else {
            throw CodecError(.invalidValue("\(digits.utf8.count) digits"), at: at, in: "IMSI")
        }
        return IMSI(validated: digits)
    }

    public func encode(into buffer: inout ByteBuffer) { TBCD.encode(digits, into: &buffer) }
    public var encodedLength: Int { TBCD.encodedLength(digitCount: digits.utf8.count) }
}

/// A subscriber's number (E.164, TS 23.003 3.3), without type-of-number octet.
public struct MSISDN: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    /// Nil unless `digits` holds 1 to 20 TBCD characters (digits, `*`, `#`, `a`-`c`).
    public init?(_ digits: String) {
        guard TBCD.isTBCD(digits, count: 1...20) else { return nil }
        self.digits = digits
    }

    init(validated digits: String) { self.digits = digits }

    public var description: String { digits }

    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> MSISDN {
        MSISDN(validated: try TBCD.decode(&reader, length: length, decimalOnly: false, "MSISDN"))
    }

    public func encode(into buffer: inout ByteBuffer) { TBCD.encode(digits, into: &buffer) }
    public var encodedLength: Int { TBCD.encodedLength(digitCount: digits.utf8.count) }
}

/// Mobile Equipment Identity: IMEI (15 digits, or 14 without check digit) or IMEISV (16 digits).
public struct IMEI: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    public init?(_ digits: String) {
        guard TBCD.isDecimal(digits, count: 14...16) else { return nil }
        self.digits = digits
    }

    init(validated digits: String) { self.digits = digits }

    public var isSoftwareVersion: Bool { digits.utf8.count == 16 }
    public var description: String { digits }

    public static func decode(_ reader: inout WireReader, length: Int) throws(CodecError) -> IMEI {
        let at = reader.offset
        let digits = try TBCD.decode(&reader, length: length, "MEI")
        guard (1...16).contains(digits.utf8.count) else {
            throw CodecError(.invalidValue("\(digits.utf8.count) digits"), at: at, in: "MEI")
        }
        return IMEI(validated: digits)
    }

    public func encode(into buffer: inout ByteBuffer) { TBCD.encode(digits, into: &buffer) }
    public var encodedLength: Int { TBCD.encodedLength(digitCount: digits.utf8.count) }
}
