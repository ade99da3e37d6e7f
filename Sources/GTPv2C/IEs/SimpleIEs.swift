import NIOCore
import Wire

/// Aggregate Maximum Bit Rate (TS 29.274 8.7), in kbit/s: the APN-AMBR of a PDN connection.
public struct AMBR: Hashable, Sendable {
    public var uplink: UInt32
    public var downlink: UInt32

    public init(uplink: UInt32, downlink: UInt32) {
        self.uplink = uplink
        self.downlink = downlink
    }
}

/// RAT Type (TS 29.274 8.17).
public struct RATType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let utran = Self(rawValue: 1)
    public static let geran = Self(rawValue: 2)
    public static let wlan = Self(rawValue: 3)
    public static let gan = Self(rawValue: 4)
    public static let hspaEvolution = Self(rawValue: 5)
    public static let eutran = Self(rawValue: 6)
    public static let virtual = Self(rawValue: 7)
    public static let eutranNBIoT = Self(rawValue: 8)
    public static let lteM = Self(rawValue: 9)
    public static let nr = Self(rawValue: 10)
}

/// Selection Mode (TS 29.274 8.58): how the APN was chosen and whether subscription was verified.
///
/// Open5GS and others send the six spare bits as ones; the octet is kept as sent so it re-encodes
/// exactly, and equality looks only at the two meaningful bits.
public struct SelectionMode: Hashable, Sendable {
    public let octet: UInt8
    public var value: UInt8 { octet & 0x03 }

    public init(_ value: UInt8) { octet = value & 0x03 }
    init(octet: UInt8) { self.octet = octet }

    public static let msOrNetworkProvidedSubscriptionVerified = Self(0)
    public static let msProvidedSubscriptionNotVerified = Self(1)
    public static let networkProvidedSubscriptionNotVerified = Self(2)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// Node Type (TS 29.274 8.65): who sends a Downlink Data Notification Failure or Ack.
public struct NodeType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let mme = Self(rawValue: 0)
    public static let sgsn = Self(rawValue: 1)
}

/// UE Time Zone (TS 29.274 8.44): offset from UTC in the TS 24.008 10.5.3.8 encoding (quarter
/// hours, BCD, sign in bit 4) and the daylight saving adjustment in hours (0-2).
public struct UETimeZone: Hashable, Sendable {
    public var timeZone: UInt8
    public var daylightSavingTime: UInt8

    public init(timeZone: UInt8, daylightSavingTime: UInt8) {
        self.timeZone = timeZone
        self.daylightSavingTime = daylightSavingTime & 0x03
    }

    /// Offset from UTC in minutes, from the semi-octet encoding.
    public var offsetMinutes: Int {
        let tens = Int(timeZone & 0x07), units = Int(timeZone >> 4)
        let quarters = tens * 10 + units
        return (timeZone & 0x08 != 0 ? -1 : 1) * quarters * 15
    }
}

/// Private Extension (TS 29.274 8.67): vendor-specific data under an IANA enterprise number.
public struct PrivateExtension: Hashable, Sendable {
    public var enterpriseID: UInt16
    public var value: ByteBuffer

    public init(enterpriseID: UInt16, value: ByteBuffer) {
        self.enterpriseID = enterpriseID
        self.value = value
    }
}

/// An Access Point Name (TS 23.003 9.1): dot-separated labels, sent as length-prefixed labels.
/// Kept in wire form (validated when decoded); `name` gives the dotted text.
public struct APN: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The labels as on the wire.
    public let bytes: ByteBuffer

    public init(_ name: String) {
        var bytes = ByteBuffer()
        if !name.isEmpty {
            for label in name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                bytes.writeU8(UInt8(truncatingIfNeeded: label.count))
                bytes.writeBytes(label)
            }
        }
        self.bytes = bytes
    }

    public init(stringLiteral name: String) { self.init(name) }
    private init(validated bytes: ByteBuffer) { self.bytes = bytes }

    public var name: String {
        var text = [UInt8]()
        var rest = bytes
        while let length = rest.readInteger(as: UInt8.self), let label = rest.readSlice(length: Int(length)) {
            if !text.isEmpty { text.append(UInt8(ascii: ".")) }
            text.append(contentsOf: label.readableBytesView)
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { name }

    /// The network identifier: the labels before any ".mncXXX.mccYYY.gprs" operator identifier.
    public var networkIdentifier: String {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let operatorStart = labels.firstIndex(where: { $0.hasPrefix("mnc") }), operatorStart > 0 else { return name }
        return labels[..<operatorStart].joined(separator: ".")
    }

    /// Takes the labels that fill the reader; refuses empty labels, dots inside a label and
    /// non-UTF-8 text, which could not be written back the same way from `name`.
    public static func decode(_ reader: inout WireReader) throws(CodecError) -> APN {
        var walk = reader
        try validate(&walk)
        return APN(validated: reader.rest())
    }

    /// Consumes the labels that fill the reader, checking them.
    static func validate(_ reader: inout WireReader) throws(CodecError) {
        while !reader.isAtEnd {
            let length = Int(try reader.u8("APN label length"))
            guard length > 0 else { throw reader.error(.invalidValue("empty label"), "APN") }
            let ok = try reader.bounded(length, "APN label") { label throws(CodecError) in label.isDotFreeUTF8 }
            guard ok else { throw reader.error(.invalidValue("label is not dot-free UTF-8"), "APN") }
        }
    }

    @inlinable
    public func encode(into writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

extension WireReader {
    /// True when the unread bytes hold no "." and are UTF-8: ASCII is checked byte by byte, only
    /// other text is handed to the UTF-8 validator.
    var isDotFreeUTF8: Bool {
        unread.withUnsafeReadableBytes { raw in
            var ascii = true
            for byte in raw {
                if byte == UInt8(ascii: ".") { return false }
                if byte >= 0x80 { ascii = false }
            }
            return ascii || String(validating: raw, as: UTF8.self) != nil
        }
    }
}
