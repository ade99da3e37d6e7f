import NIOCore
import Wire

/// Network name (TS 24.008 10.5.3.5a) of EMM INFORMATION: GSM 7-bit packed or UCS2 text.
public struct NetworkName: Hashable, Sendable, NASValue, CustomStringConvertible {
    public let bytes: ByteBuffer

    /// GSM 7-bit when every character is in the part of the default alphabet that matches ASCII,
    /// UCS2 otherwise.
    public init(_ text: String, addCountryInitials: Bool = false) {
        var bytes = ByteBuffer()
        let ci: UInt8 = addCountryInitials ? 0x08 : 0
        if let septets = GSM7.septets(text) {
            let packed = GSM7.pack(septets)
            let spareBits = UInt8((8 - (septets.count * 7) % 8) % 8)
            bytes.writeU8(0x80 | ci | spareBits)
            bytes.writeBytes(packed)
        } else {
            bytes.writeU8(0x80 | 0x10 | ci)
            for unit in text.utf16 { bytes.writeU16(unit) }
        }
        self.bytes = bytes
    }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    private var header: UInt8 { bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0 }
    /// 0 = GSM 7-bit default alphabet, 1 = UCS2.
    public var codingScheme: UInt8 { (header >> 4) & 0x07 }
    public var addsCountryInitials: Bool { header & 0x08 != 0 }

    /// The name, when it is in one of the two codings.
    public var text: String? {
        var rest = bytes
        rest.moveReaderIndex(forwardBy: 1)
        let payload = rest.readBytes(length: rest.readableBytes) ?? []
        switch codingScheme {
        case 0:
            let spareBits = Int(header & 0x07)
            let count = (payload.count * 8 - (payload.isEmpty ? 0 : spareBits)) / 7
            return GSM7.text(GSM7.unpack(payload, count: count))
        case 1:
            let units = stride(from: 0, to: payload.count - 1, by: 2).map { UInt16(payload[$0]) << 8 | UInt16(payload[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        default:
            return nil
        }
    }

    public var description: String { text ?? "?" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> NetworkName {
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "network name") }
        return NetworkName(bytes: reader.rest())
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

/// The GSM 7-bit default alphabet (TS 23.038 6.2.1), limited to the characters that share their
/// code with ASCII, and its packing into octets (6.1.2.1).
enum GSM7 {
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x20...0x23, 0x25...0x2F, 0x3A...0x3F, 0x0A, 0x0D: true
        default: false
        }
    }

    static func septets(_ text: String) -> [UInt8]? {
        var septets = [UInt8]()
        for scalar in text.unicodeScalars {
            guard isPlain(scalar) else { return nil }
            septets.append(UInt8(scalar.value))
        }
        return septets
    }

    static func text(_ septets: [UInt8]) -> String {
        String(decoding: septets.map { isPlain(Unicode.Scalar($0)) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    static func pack(_ septets: [UInt8]) -> [UInt8] {
        var octets = [UInt8]()
        var accumulator: UInt32 = 0
        var bits = 0
        for septet in septets {
            accumulator |= UInt32(septet & 0x7F) << bits
            bits += 7
            while bits >= 8 {
                octets.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { octets.append(UInt8(truncatingIfNeeded: accumulator)) }
        return octets
    }

    static func unpack(_ octets: [UInt8], count: Int) -> [UInt8] {
        var septets = [UInt8]()
        var accumulator: UInt32 = 0
        var bits = 0
        for octet in octets {
            accumulator |= UInt32(octet) << bits
            bits += 8
            while bits >= 7, septets.count < count {
                septets.append(UInt8(accumulator & 0x7F))
                accumulator >>= 7
                bits -= 7
            }
        }
        return septets
    }
}

/// Time zone (TS 24.008 10.5.3.8): the offset from UTC in quarters of an hour, as swapped BCD
/// digits with the sign in bit 4.
public struct TimeZoneOffset: Hashable, Sendable, NASValue, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(quartersOfHour: Int) {
        let magnitude = UInt8(min(quartersOfHour.magnitude, 79))
        rawValue = (magnitude % 10) << 4 | (magnitude / 10) | (quartersOfHour < 0 ? 0x08 : 0)
    }

    public var quartersOfHour: Int {
        let magnitude = Int(rawValue & 0x07) * 10 + Int(rawValue >> 4)
        return rawValue & 0x08 != 0 ? -magnitude : magnitude
    }

    public var description: String { "UTC\(quartersOfHour >= 0 ? "+" : "-")\(abs(quartersOfHour) * 15)min" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> TimeZoneOffset {
        TimeZoneOffset(rawValue: try reader.u8("time zone"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}

/// Time zone and time (TS 24.008 10.5.3.9): universal time as swapped BCD, then the time zone.
public struct TimeZoneAndTime: Hashable, Sendable, NASValue {
    public let octets: NASOctets

    /// `year` is the last two digits.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, timeZone: TimeZoneOffset) {
        let values: [Int] = [year % 100, month, day, hour, minute, second]
        var fields: [UInt8] = values.map { value in
            let value = value.magnitude
            let units = UInt8(value % 10)
            let tens = UInt8((value / 10) % 10)
            return units << 4 | tens
        }
        fields.append(timeZone.rawValue)
        octets = NASOctets(fields)!
    }

    init(octets: NASOctets) { self.octets = octets }

    private func field(_ index: Int) -> Int { Int(octets[index] & 0x0F) * 10 + Int(octets[index] >> 4) }

    public var year: Int { field(0) }
    public var month: Int { field(1) }
    public var day: Int { field(2) }
    public var hour: Int { field(3) }
    public var minute: Int { field(4) }
    public var second: Int { field(5) }
    public var timeZone: TimeZoneOffset { TimeZoneOffset(rawValue: octets[6]) }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> TimeZoneAndTime {
        guard reader.remaining == 7 else { throw reader.error(.invalidLength(reader.remaining), "time zone and time") }
        return TimeZoneAndTime(octets: try NASOctets.read(&reader, count: 7, "time zone and time"))
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// Daylight saving time (TS 24.008 10.5.3.12): the adjustment already in the time zone.
public struct DaylightSavingTime: Hashable, Sendable, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noAdjustment = Self(rawValue: 0)
    public static let plusOneHour = Self(rawValue: 1)
    public static let plusTwoHours = Self(rawValue: 2)

    public var hours: Int { Int(rawValue & 0x03) }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> DaylightSavingTime {
        DaylightSavingTime(rawValue: try reader.u8("daylight saving time"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}
