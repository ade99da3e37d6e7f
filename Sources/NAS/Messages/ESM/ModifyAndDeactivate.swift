import NIOCore
import Wire

/// MODIFY EPS BEARER CONTEXT REQUEST (TS 24.301 8.3.18), network to UE.
public struct ModifyEPSBearerContextRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.modifyEPSBearerContextRequest
    public static let optionalIETable = NASIETable([
        .init(0x5B, .tlv), .init(0x36, .tlv), .init(0x30, .tlv), .init(0x32, .fixed(1)), .init(0x80, .halfOctet),
        .init(0x34, .tlv), .init(0x5E, .tlv), .init(0x27, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv),
        .init(0x66, .tlv), .init(0x7B, .tlvE), .init(0x5F, .tlv), .init(0x5C, .tlv),
    ])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public var newEPSQoS: EPSQualityOfService? { get { optional(0x5B) } set { setOptional(0x5B, newValue) } }
    public var tft: NASTrafficFlowTemplate? { get { optional(0x36) } set { setOptional(0x36, newValue) } }
    public var apnAMBR: APNAggregateMaximumBitRate? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ModifyEPSBearerContextRequest {
        ModifyEPSBearerContextRequest(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// MODIFY EPS BEARER CONTEXT ACCEPT (TS 24.301 8.3.16), UE to network.
public struct ModifyEPSBearerContextAccept: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.modifyEPSBearerContextAccept
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x33, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ModifyEPSBearerContextAccept {
        ModifyEPSBearerContextAccept(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// MODIFY EPS BEARER CONTEXT REJECT (TS 24.301 8.3.17), UE to network.
public struct ModifyEPSBearerContextReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.modifyEPSBearerContextReject
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x33, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ModifyEPSBearerContextReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return ModifyEPSBearerContextReject(header: header, esmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// DEACTIVATE EPS BEARER CONTEXT REQUEST (TS 24.301 8.3.12), network to UE.
public struct DeactivateEPSBearerContextRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.deactivateEPSBearerContextRequest
    public static let optionalIETable = NASIETable([
        .init(0x27, .tlv), .init(0x37, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv), .init(0x7B, .tlvE),
    ])

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    /// T3396 value: how long the UE must wait before asking again (cause #26 and the like).
    public var t3396: GPRSTimer3? { get { optional(0x37) } set { setOptional(0x37, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> DeactivateEPSBearerContextRequest {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return DeactivateEPSBearerContextRequest(header: header, esmCause: cause,
                                                 optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// DEACTIVATE EPS BEARER CONTEXT ACCEPT (TS 24.301 8.3.11), UE to network.
public struct DeactivateEPSBearerContextAccept: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.deactivateEPSBearerContextAccept
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> DeactivateEPSBearerContextAccept {
        DeactivateEPSBearerContextAccept(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}
