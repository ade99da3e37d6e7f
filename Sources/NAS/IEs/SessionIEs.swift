import NIOCore
import Wire

/// Access point name (TS 24.008 10.5.6.1, TS 23.003 9.1): DNS labels, each behind its length.
public struct AccessPointName: Hashable, Sendable, NASValue, CustomStringConvertible {
    public let bytes: ByteBuffer

    /// Nil when a label is empty or longer than 63 characters, or the whole is over 100 octets.
    public init?(_ name: String) {
        var bytes = ByteBuffer()
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count) else { return nil }
            bytes.writeU8(UInt8(label.utf8.count))
            bytes.writeString(String(label))
        }
        guard bytes.readableBytes <= 100 else { return nil }
        self.bytes = bytes
    }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    public var labels: [String] {
        var rest = bytes
        var labels = [String]()
        while let length = rest.readInteger(as: UInt8.self), let label = rest.readString(length: Int(length)) {
            labels.append(label)
        }
        return labels
    }

    /// The labels joined with dots, e.g. "internet" or "ims.mnc001.mcc001.gprs".
    public var name: String { labels.joined(separator: ".") }
    public var description: String { name }

    /// Checks that the labels tile the value exactly.
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> AccessPointName {
        let bytes = reader.unread
        while !reader.isAtEnd {
            try reader.skip(Int(try reader.u8("APN label length")), "APN label")
        }
        return AccessPointName(bytes: bytes)
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

/// PDN type (TS 24.301 9.9.4.10), a half octet of PDN CONNECTIVITY REQUEST.
public struct PDNType: NASHalfOctetValue, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let ipv4 = Self(rawValue: 1)
    public static let ipv6 = Self(rawValue: 2)
    public static let ipv4v6 = Self(rawValue: 3)
    public static let nonIP = Self(rawValue: 5)

    public var value: UInt8 { rawValue & 0x07 }

    public var description: String {
        switch value {
        case 1: "IPv4"
        case 2: "IPv6"
        case 3: "IPv4v6"
        case 5: "non-IP"
        default: "PDN type \(value)"
        }
    }
}

/// Request type (TS 24.008 10.5.6.17), a half octet of PDN CONNECTIVITY REQUEST.
public struct RequestType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let initialRequest = Self(rawValue: 1)
    public static let handover = Self(rawValue: 2)
    public static let emergency = Self(rawValue: 4)

    public var value: UInt8 { rawValue & 0x07 }
}

/// ESM information transfer flag (TS 24.301 9.9.4.5): the UE will send APN and PCO in ESM
/// INFORMATION RESPONSE (they need ciphering).
public struct ESMInformationTransferFlag: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let required = Self(rawValue: 1)
    public var isRequired: Bool { rawValue & 0x01 != 0 }
}

/// PDN address (TS 24.301 9.9.4.9): the PDN type and the IPv4 address and/or IPv6 interface
/// identifier the network assigned.
public struct PDNAddress: Hashable, Sendable, NASValue, CustomStringConvertible {
    public let octets: NASOctets

    public init(ipv4: IPv4Address) {
        octets = NASOctets(word: UInt64(PDNType.ipv4.rawValue) << 32 | UInt64(ipv4.value), count: 5)
    }

    public init(ipv6InterfaceIdentifier: UInt64) {
        var bytes: [UInt8] = [PDNType.ipv6.rawValue]
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: ipv6InterfaceIdentifier >> (56 - 8 * UInt64($0))) }
        octets = NASOctets(bytes)!
    }

    public init(ipv6InterfaceIdentifier: UInt64, ipv4: IPv4Address) {
        var bytes: [UInt8] = [PDNType.ipv4v6.rawValue]
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: ipv6InterfaceIdentifier >> (56 - 8 * UInt64($0))) }
        bytes += ipv4.octets
        octets = NASOctets(bytes)!
    }

    init(octets: NASOctets) { self.octets = octets }

    public var pdnType: PDNType { PDNType(rawValue: octets[0] & 0x07) }

    public var ipv4: IPv4Address? {
        switch pdnType {
        case .ipv4 where octets.count >= 5: IPv4Address(UInt32(truncatingIfNeeded: octets.word(5)))
        case .ipv4v6 where octets.count >= 13: IPv4Address(UInt32(octets[9]) << 24 | UInt32(octets[10]) << 16
                                                           | UInt32(octets[11]) << 8 | UInt32(octets[12]))
        default: nil
        }
    }

    public var ipv6InterfaceIdentifier: UInt64? {
        guard pdnType == .ipv6 || pdnType == .ipv4v6, octets.count >= 9 else { return nil }
        return (1...8).reduce(0) { $0 << 8 | UInt64(octets[$1]) }
    }

    public var description: String {
        var parts = [pdnType.description]
        if let ipv4 { parts.append(ipv4.description) }
        if let iid = ipv6InterfaceIdentifier { parts.append("IID " + String(iid, radix: 16)) }
        return parts.joined(separator: " ")
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> PDNAddress {
        let at = reader
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "PDN address") }
        let octets = try NASOctets.read(&reader, count: reader.remaining, "PDN address")
        let needed: Int
        switch octets[0] & 0x07 {
        case 1: needed = 5
        case 2: needed = 9
        case 3: needed = 13
        default: needed = 1
        }
        guard octets.count >= needed else { throw at.error(.invalidLength(octets.count), "PDN address") }
        return PDNAddress(octets: octets)
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// A traffic flow template as ESM messages carry it (TFT and traffic flow aggregate), kept as the
/// octets received (validated with Wire's `TrafficFlowTemplate` when decoded) so that a received
/// message is written back exactly even where the TFT coding has freedom (spare bits, parameter
/// lists); `template` reads them.
public struct NASTrafficFlowTemplate: Hashable, Sendable, NASValue {
    public let bytes: ByteBuffer

    public init(_ template: TrafficFlowTemplate) {
        var bytes = ByteBuffer()
        bytes.writeWire(estimatedSize: 128) { template.encode(into: &$0) }
        self.bytes = bytes
    }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    /// The template; its octets were checked when decoded or built from one.
    public var template: TrafficFlowTemplate {
        var reader = WireReader(bytes)
        return (try? TrafficFlowTemplate.decode(&reader)) ?? TrafficFlowTemplate(operation: .noOperation)
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> NASTrafficFlowTemplate {
        let bytes = reader.unread
        _ = try TrafficFlowTemplate.decode(&reader)
        return NASTrafficFlowTemplate(bytes: bytes)
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}
