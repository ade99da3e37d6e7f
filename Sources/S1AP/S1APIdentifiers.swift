import APER
import Wire

/// A ProtocolIE-ID (TS 36.413 9.3.4): which IE a ProtocolIE-Field or extension field carries.
/// The named constants (`.mmeUES1APID`, `.nasPDU`, ...) are generated from the specification.
public struct ProtocolIEID: APERCodable, RawRepresentable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt16) { rawValue = value }

    /// The ASN.1 name, such as "id-MME-UE-S1AP-ID".
    public var name: String? { Self.names[rawValue] }
    public var description: String { name.map { "\($0) (\(rawValue))" } ?? "IE \(rawValue)" }

    @inlinable
    public static func decode(_ reader: inout APERReader) throws(CodecError) -> ProtocolIEID {
        ProtocolIEID(rawValue: try reader.readInteger(UInt16.self, 0, 65535, "ProtocolIE-ID"))
    }

    @inlinable
    public static func encode(_ value: ProtocolIEID, into writer: inout APERWriter) {
        writer.writeInteger(value.rawValue, 0, 65535)
    }

    public static func asn1Value(_ value: ProtocolIEID) -> ASN1Value { .unsigned(UInt64(value.rawValue)) }
}

/// A ProcedureCode (TS 36.413 9.3.7): which elementary procedure a message belongs to.
public struct ProcedureCode: APERCodable, RawRepresentable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// The ASN.1 name, such as "id-initialUEMessage".
    public var name: String? { Self.names[rawValue] }
    public var description: String { name.map { "\($0) (\(rawValue))" } ?? "procedure \(rawValue)" }

    @inlinable
    public static func decode(_ reader: inout APERReader) throws(CodecError) -> ProcedureCode {
        ProcedureCode(rawValue: try reader.readInteger(UInt8.self, 0, 255, "ProcedureCode"))
    }

    @inlinable
    public static func encode(_ value: ProcedureCode, into writer: inout APERWriter) {
        writer.writeInteger(value.rawValue, 0, 255)
    }

    public static func asn1Value(_ value: ProcedureCode) -> ASN1Value { .unsigned(UInt64(value.rawValue)) }
}

/// PLMNidentity (TS 36.413 9.2.3.8): three TBCD octets, MCC and MNC as TS 24.008 lays them out.
///
/// Kept as the three octets received, so that any value re-encodes unchanged; `plmn` reads them
/// as Wire's `PLMN` when they hold decimal digits.
public struct PLMNIdentity: APERCodable, CustomStringConvertible {
    /// The three octets, big-endian in the low 24 bits.
    public var octets: UInt32

    public init(octets: UInt32) { self.octets = octets & 0xFF_FFFF }
    public init(_ plmn: PLMN) { octets = plmn.octets }

    public init?(mcc: String, mnc: String) {
        guard let plmn = PLMN(mcc: mcc, mnc: mnc) else { return nil }
        self.init(plmn)
    }

    /// The PLMN, nil when the octets are not valid TBCD digits.
    public var plmn: PLMN? {
        var reader = WireReader(bytes: APERValues.octets(UInt64(octets), count: 3))
        return try? PLMN.decode(&reader)
    }

    public var description: String { plmn?.description ?? "PLMN(0x\(String(octets, radix: 16)))" }

    @inlinable
    public static func decode(_ reader: inout APERReader) throws(CodecError) -> PLMNIdentity {
        PLMNIdentity(octets: UInt32(truncatingIfNeeded: try reader.readFixedOctets(3, "PLMNidentity")))
    }

    @inlinable
    public static func encode(_ value: PLMNIdentity, into writer: inout APERWriter) {
        writer.writeFixedOctets(UInt64(value.octets), count: 3)
    }

    public static func asn1Value(_ value: PLMNIdentity) -> ASN1Value {
        .octetString(APERValues.octets(UInt64(value.octets), count: 3))
    }
}
