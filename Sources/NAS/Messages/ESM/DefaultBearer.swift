import NIOCore
import Wire

/// ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST (TS 24.301 8.3.6), network to UE.
public struct ActivateDefaultEPSBearerContextRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDefaultEPSBearerContextRequest
    public static let optionalIETable = NASIETable([
        .init(0x5D, .tlv), .init(0x30, .tlv), .init(0x32, .fixed(1)), .init(0x80, .halfOctet), .init(0x34, .tlv),
        .init(0x5E, .tlv), .init(0x58, .fixed(1)), .init(0x27, .tlv), .init(0xB0, .halfOctet),
        .init(0xC0, .halfOctet), .init(0x33, .tlv), .init(0x66, .tlv), .init(0x90, .halfOctet),
        .init(0x7B, .tlvE), .init(0x6E, .tlv), .init(0x5F, .tlv),
    ])

    public var header: ESMHeader
    public var epsQoS: EPSQualityOfService
    public var accessPointName: AccessPointName
    public var pdnAddress: PDNAddress
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, epsQoS: EPSQualityOfService, accessPointName: AccessPointName, pdnAddress: PDNAddress,
                optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.epsQoS = epsQoS
        self.accessPointName = accessPointName
        self.pdnAddress = pdnAddress
        self.optionalIEs = optionalIEs
    }

    /// Transaction identifier (TS 24.008 10.5.6.1), as received.
    public var transactionIdentifier: ByteBuffer? { get { optional(0x5D) } set { setOptional(0x5D, newValue) } }
    /// Negotiated QoS (TS 24.008 10.5.6.5, the pre-EPS QoS), as received.
    public var negotiatedQoS: ByteBuffer? { get { optional(0x30) } set { setOptional(0x30, newValue) } }
    public var apnAMBR: APNAggregateMaximumBitRate? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }
    /// Why a requested PDN type was changed (e.g. #50 "PDN type IPv4 only allowed").
    public var esmCause: ESMCause? { get { optional(0x58) } set { setOptional(0x58, newValue) } }
    /// Extended APN-AMBR (TS 24.301 9.9.4.29), as received.
    public var extendedAPNAMBR: ByteBuffer? { get { optional(0x5F) } set { setOptional(0x5F, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ActivateDefaultEPSBearerContextRequest {
        let qos = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSQualityOfService.self, "EPS QoS") }
        let apn = try mandatory { () throws(CodecError) in try reader.lengthValue(AccessPointName.self, "access point name") }
        let address = try mandatory { () throws(CodecError) in try reader.lengthValue(PDNAddress.self, "PDN address") }
        return ActivateDefaultEPSBearerContextRequest(header: header, epsQoS: qos, accessPointName: apn, pdnAddress: address,
                                                      optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(epsQoS)
        writer.writeLengthValue(accessPointName)
        writer.writeLengthValue(pdnAddress)
        optionalIEs.encode(into: &writer)
    }
}

/// ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT (TS 24.301 8.3.4), UE to network.
public struct ActivateDefaultEPSBearerContextAccept: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDefaultEPSBearerContextAccept
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ActivateDefaultEPSBearerContextAccept {
        ActivateDefaultEPSBearerContextAccept(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// ACTIVATE DEFAULT EPS BEARER CONTEXT REJECT (TS 24.301 8.3.5), UE to network.
public struct ActivateDefaultEPSBearerContextReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDefaultEPSBearerContextReject
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var esmCause: ESMCause
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, esmCause: ESMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.esmCause = esmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ActivateDefaultEPSBearerContextReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return ActivateDefaultEPSBearerContextReject(header: header, esmCause: cause,
                                                     optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
