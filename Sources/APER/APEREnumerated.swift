import Wire

/// An ENUMERATED type: a value is its index, root values first in PER order (ascending by their
/// number), then the extension values in the order they were added. An extension value from a
/// later release than this codec keeps its index, so it re-encodes as received.
public protocol APEREnumerated: APERCodable, RawRepresentable, CustomStringConvertible where RawValue == Int {
    /// ASN.1 names of the values this codec knows, by index.
    static var names: [String] { get }
    static var rootCount: Int { get }
    static var isExtensible: Bool { get }
    init(rawValue: Int)
}

extension APEREnumerated {
    /// The ASN.1 name, nil for an extension value this codec does not know.
    public var name: String? { Self.names.indices.contains(rawValue) ? Self.names[rawValue] : nil }

    public var description: String { name ?? "extension(\(rawValue - Self.rootCount))" }

    @inlinable
    public static func decode(_ reader: inout APERReader) throws(CodecError) -> Self {
        Self(rawValue: try reader.readEnumerated(rootCount: rootCount, extensible: isExtensible, "ENUMERATED"))
    }

    @inlinable
    public static func encode(_ value: Self, into writer: inout APERWriter) {
        writer.writeEnumerated(value.rawValue, rootCount: rootCount, extensible: isExtensible)
    }

    public static func asn1Value(_ value: Self) -> ASN1Value { .enumerated(value.description) }
}

/// Small helpers the generated codecs share.
public enum APERValues {
    /// `value` as `count` big-endian octets.
    public static func octets(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt64((count - 1 - $0) * 8)) }
    }

    /// Shows extension additions kept as bytes as "_extN" components.
    public static func appendUnknown(_ additions: APERExtensionAdditions, to fields: inout [ASN1Value.Field]) {
        for addition in additions.unknown {
            fields.append(ASN1Value.Field("_ext\(addition.index)", .open(addition.encoding)))
        }
    }
}
