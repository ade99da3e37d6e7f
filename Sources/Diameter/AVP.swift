import NIOCore
import Wire

/// The AVP header flags (RFC 6733 4.1); reserved bits are kept so a decoded AVP re-encodes exactly.
public struct AVPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let vendorSpecific = AVPFlags(rawValue: 0x80)
    public static let mandatory = AVPFlags(rawValue: 0x40)
    public static let protected = AVPFlags(rawValue: 0x20)
}

/// An address AVP (RFC 6733 4.3.1): an IANA address family followed by the address.
public enum DiameterAddress: Hashable, Sendable, CustomStringConvertible {
    case ipv4(IPv4Address)
    case ipv6(IPv6Address)
    /// Any other family (E.164 is 8), kept as sent.
    case other(family: UInt16, ByteBuffer)

    public var description: String {
        switch self {
        case .ipv4(let address): address.description
        case .ipv6(let address): address.description
        case .other(let family, let bytes): "family \(family): \(bytes.readableBytesView.map { String($0, radix: 16) }.joined())"
        }
    }
}

/// The payload of an AVP, typed by the dictionary entry of its code.
public enum AVPValue: Hashable, Sendable {
    case octetString(ByteBuffer)
    case integer32(Int32)
    case integer64(Int64)
    case unsigned32(UInt32)
    case unsigned64(UInt64)
    case float32(Float)
    case float64(Double)
    case grouped(AVPGroup)
    case address(DiameterAddress)
    /// Seconds since 1900-01-01 as sent (RFC 6733 4.3.1 Time; wraps in 2036 per RFC 5905).
    case time(UInt32)
    /// UTF8String, DiameterIdentity, DiameterURI, IPFilterRule and QoSFilterRule: UTF-8 bytes,
    /// validated when decoded, turned into a `String` only when read through `text`.
    case utf8(ByteBuffer)
    case enumerated(Int32)
    /// An AVP the dictionary does not know: its bytes, untouched.
    case opaque(ByteBuffer)
}

/// One attribute-value pair.
public struct AVP: Hashable, Sendable, CustomStringConvertible {
    public var code: UInt32
    public var flags: AVPFlags
    /// Present exactly when the V flag is set.
    public var vendorID: UInt32?
    public var value: AVPValue

    /// Builds an AVP with the flags its dictionary entry asks for.
    public init(_ definition: AVPDefinition, _ value: AVPValue) {
        code = definition.code
        vendorID = definition.vendor == 0 ? nil : definition.vendor
        var flags: AVPFlags = definition.mandatory == .must ? .mandatory : []
        if vendorID != nil { flags.insert(.vendorSpecific) }
        self.flags = flags
        self.value = value
    }

    public init(code: UInt32, flags: AVPFlags, vendorID: UInt32?, value: AVPValue) {
        self.code = code
        self.vendorID = vendorID
        var flags = flags
        if vendorID != nil { flags.insert(.vendorSpecific) } else { flags.remove(.vendorSpecific) }
        self.flags = flags
        self.value = value
    }

    public var vendor: UInt32 { vendorID ?? 0 }
    public var isMandatory: Bool { flags.contains(.mandatory) }

    public func isA(_ definition: AVPDefinition) -> Bool {
        code == definition.code && vendor == definition.vendor
    }

    public var description: String {
        let name = DiameterDictionary.standard.definition(code: code, vendor: vendor)?.name ?? "AVP \(code)/\(vendor)"
        return "\(name)=\(value.summary)"
    }
}

extension AVP {
    public init(_ definition: AVPDefinition, _ text: String) { self.init(definition, .text(text)) }
    public init(_ definition: AVPDefinition, unsigned32 value: UInt32) { self.init(definition, .unsigned32(value)) }
    public init(_ definition: AVPDefinition, unsigned64 value: UInt64) { self.init(definition, .unsigned64(value)) }
    public init(_ definition: AVPDefinition, integer32 value: Int32) { self.init(definition, .integer32(value)) }
    public init(_ definition: AVPDefinition, enumerated value: Int32) { self.init(definition, .enumerated(value)) }
    public init(_ definition: AVPDefinition, octets: [UInt8]) { self.init(definition, .octetString(ByteBuffer(bytes: octets))) }
    public init(_ definition: AVPDefinition, octets: ByteBuffer) { self.init(definition, .octetString(octets)) }
    public init(_ definition: AVPDefinition, address: IPAddress) {
        switch address {
        case .v4(let v4): self.init(definition, .address(.ipv4(v4)))
        case .v6(let v6): self.init(definition, .address(.ipv6(v6)))
        }
    }
    public init(_ definition: AVPDefinition, _ children: [AVP]) { self.init(definition, .grouped(AVPGroup(children))) }
}

extension AVPValue {
    var summary: String {
        switch self {
        case .octetString(let bytes), .opaque(let bytes):
            "0x" + bytes.readableBytesView.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        case .integer32(let v): "\(v)"
        case .integer64(let v): "\(v)"
        case .unsigned32(let v): "\(v)"
        case .unsigned64(let v): "\(v)"
        case .float32(let v): "\(v)"
        case .float64(let v): "\(v)"
        case .grouped(let group): "{" + group.children.map(\.description).joined(separator: ", ") + "}"
        case .address(let address): address.description
        case .time(let seconds): "ntp:\(seconds)"
        case .utf8(let bytes): "\"\(String(buffer: bytes))\""
        case .enumerated(let v): "\(v)"
        }
    }

    public var unsigned32: UInt32? {
        switch self {
        case .unsigned32(let v): v
        case .enumerated(let v): UInt32(bitPattern: v)
        case .integer32(let v): UInt32(bitPattern: v)
        default: nil
        }
    }

    public var unsigned64: UInt64? {
        if case .unsigned64(let v) = self { return v }
        return unsigned32.map(UInt64.init)
    }

    /// A text value (UTF8String and the types derived from it).
    public static func text(_ string: String) -> AVPValue { .utf8(ByteBuffer(string: string)) }

    public var text: String? {
        if case .utf8(let bytes) = self { return String(buffer: bytes) }
        return nil
    }

    public var octets: ByteBuffer? {
        switch self {
        case .octetString(let bytes), .opaque(let bytes): bytes
        default: nil
        }
    }

    public var children: [AVP]? {
        if case .grouped(let group) = self { return group.children }
        return nil
    }

    public var address: DiameterAddress? {
        if case .address(let address) = self { return address }
        return nil
    }
}
