import NIOCore
import Wire

/// PDN CONNECTIVITY REQUEST (TS 24.301 8.3.20), UE to network; inside ATTACH REQUEST for the
/// default PDN connection.
public struct PDNConnectivityRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.pdnConnectivityRequest
    public static let optionalIETable = NASIETable([
        .init(0xD0, .halfOctet), .init(0x28, .tlv), .init(0x27, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv),
        .init(0x66, .tlv), .init(0x7B, .tlvE),
    ])

    public var header: ESMHeader
    public var pdnType: PDNType
    public var requestType: RequestType
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, pdnType: PDNType, requestType: RequestType, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.pdnType = pdnType
        self.requestType = requestType
        self.optionalIEs = optionalIEs
    }

    public var esmInformationTransferFlag: ESMInformationTransferFlag? {
        get { optionalHalfOctet(0xD0) }
        set { setOptionalHalfOctet(0xD0, newValue) }
    }
    public var accessPointName: AccessPointName? { get { optional(0x28) } set { setOptional(0x28, newValue) } }
    public var deviceProperties: HalfOctet? { get { optionalHalfOctet(0xC0) } set { setOptionalHalfOctet(0xC0, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> PDNConnectivityRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("PDN type") }
        return PDNConnectivityRequest(header: header, pdnType: PDNType(rawValue: octet >> 4), requestType: RequestType(rawValue: octet),
                                      optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: pdnType.rawValue, low: requestType.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// PDN CONNECTIVITY REJECT (TS 24.301 8.3.19), network to UE.
public struct PDNConnectivityReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.pdnConnectivityReject
    public static let optionalIETable = NASIETable([
        .init(0x27, .tlv), .init(0x37, .tlv), .init(0x6B, .tlv), .init(0x33, .tlv), .init(0x7B, .tlvE),
    ])

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    public var backOffTimer: GPRSTimer3? { get { optional(0x37) } set { setOptional(0x37, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> PDNConnectivityReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return PDNConnectivityReject(header: header, esmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// PDN DISCONNECT REQUEST (TS 24.301 8.3.22), UE to network.
public struct PDNDisconnectRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.pdnDisconnectRequest
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    /// The default bearer of the PDN connection to release.
    public var linkedBearerIdentity: UInt8
    /// The spare half octet beside the linked EBI, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, linkedBearerIdentity: UInt8, optionalIEs: NASOptionalIEs = NASOptionalIEs(),
                spareHalfOctet: UInt8 = 0) {
        self.header = header
        self.linkedBearerIdentity = linkedBearerIdentity & 0x0F
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> PDNDisconnectRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("linked EPS bearer identity") }
        return PDNDisconnectRequest(header: header, linkedBearerIdentity: octet & 0x0F,
                                    optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: linkedBearerIdentity)
        optionalIEs.encode(into: &writer)
    }
}

/// PDN DISCONNECT REJECT (TS 24.301 8.3.21), network to UE.
public struct PDNDisconnectReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.pdnDisconnectReject
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> PDNDisconnectReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return PDNDisconnectReject(header: header, esmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// ESM INFORMATION REQUEST (TS 24.301 8.3.13), network to UE: asks for the APN and PCO the UE
/// held back until ciphering started.
public struct ESMInformationRequest: ESMMessageBody {
    public static let messageType = ESMMessageType.esmInformationRequest
    public static let optionalIETable = NASIETable.empty

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> ESMInformationRequest {
        ESMInformationRequest(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// ESM INFORMATION RESPONSE (TS 24.301 8.3.14), UE to network.
public struct ESMInformationResponse: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.esmInformationResponse
    public static let optionalIETable = NASIETable([.init(0x28, .tlv), .init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public var accessPointName: AccessPointName? { get { optional(0x28) } set { setOptional(0x28, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> ESMInformationResponse {
        ESMInformationResponse(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// ESM STATUS (TS 24.301 8.3.15), either direction.
public struct ESMStatus: ESMMessageBody {
    public static let messageType = ESMMessageType.esmStatus
    public static let optionalIETable = NASIETable.empty

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> ESMStatus {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return ESMStatus(header: header, esmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
