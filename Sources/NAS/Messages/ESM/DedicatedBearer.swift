import NIOCore
import Wire

/// ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST (TS 24.301 8.3.3), network to UE: a new bearer
/// (for VoLTE the QCI 1 bearer) with its QoS and TFT, linked to a default bearer.
public struct ActivateDedicatedEPSBearerContextRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDedicatedEPSBearerContextRequest
    public static let optionalIETable = NASIETable([
        .init(0x5D, .tlv), .init(0x30, .tlv), .init(0x32, .fixed(1)), .init(0x80, .halfOctet), .init(0x34, .tlv),
        .init(0x27, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv), .init(0x7B, .tlvE), .init(0x5C, .tlv),
    ])

    public var header: ESMHeader
    /// The default bearer this one belongs to.
    public var linkedBearerIdentity: UInt8
    /// The spare half octet beside the linked EBI, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var epsQoS: EPSQualityOfService
    public var tft: NASTrafficFlowTemplate
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, linkedBearerIdentity: UInt8, epsQoS: EPSQualityOfService, tft: NASTrafficFlowTemplate,
                optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.header = header
        self.linkedBearerIdentity = linkedBearerIdentity & 0x0F
        self.spareHalfOctet = spareHalfOctet & 0x0F
        self.epsQoS = epsQoS
        self.tft = tft
        self.optionalIEs = optionalIEs
    }

    public var transactionIdentifier: ByteBuffer? { get { optional(0x5D) } set { setOptional(0x5D, newValue) } }
    public var negotiatedQoS: ByteBuffer? { get { optional(0x30) } set { setOptional(0x30, newValue) } }
    /// Extended quality of service (TS 24.301 9.9.4.30), as received.
    public var extendedEPSQoS: ByteBuffer? { get { optional(0x5C) } set { setOptional(0x5C, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ActivateDedicatedEPSBearerContextRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("linked EPS bearer identity") }
        let qos = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSQualityOfService.self, "EPS QoS") }
        let tft = try mandatory { () throws(CodecError) in try reader.lengthValue(NASTrafficFlowTemplate.self, "TFT") }
        return ActivateDedicatedEPSBearerContextRequest(header: header, linkedBearerIdentity: octet & 0x0F, epsQoS: qos, tft: tft,
                                                        optionalIEs: try .decode(&reader, table: optionalIETable),
                                                        spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: linkedBearerIdentity)
        writer.writeLengthValue(epsQoS)
        writer.writeLengthValue(tft)
        optionalIEs.encode(into: &writer)
    }
}

/// ACTIVATE DEDICATED EPS BEARER CONTEXT ACCEPT (TS 24.301 8.3.1), UE to network.
public struct ActivateDedicatedEPSBearerContextAccept: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDedicatedEPSBearerContextAccept
    public static let optionalIETable = NASIETable([.init(0x27, .tlv), .init(0x33, .tlv), .init(0x7B, .tlvE)])

    public var header: ESMHeader
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.header = header
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> ActivateDedicatedEPSBearerContextAccept {
        ActivateDedicatedEPSBearerContextAccept(header: header, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// ACTIVATE DEDICATED EPS BEARER CONTEXT REJECT (TS 24.301 8.3.2), UE to network.
public struct ActivateDedicatedEPSBearerContextReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.activateDedicatedEPSBearerContextReject
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
        -> ActivateDedicatedEPSBearerContextReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return ActivateDedicatedEPSBearerContextReject(header: header, esmCause: cause,
                                                       optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
