import NIOCore
import Wire

/// BEARER RESOURCE ALLOCATION REQUEST (TS 24.301 8.3.8), UE to network.
public struct BearerResourceAllocationRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.bearerResourceAllocationRequest
    public static let optionalIETable = NASIETable([
        .init(0x27, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv), .init(0x7B, .tlvE), .init(0x5C, .tlv),
    ])

    public var header: ESMHeader
    public var linkedBearerIdentity: UInt8
    /// The spare half octet beside the linked EBI, as received (0 when sent).
    public var spareHalfOctet: UInt8
    /// Traffic flow aggregate (TS 24.301 9.9.4.15), coded as a TFT.
    public var trafficFlowAggregate: NASTrafficFlowTemplate
    public var requiredTrafficFlowQoS: EPSQualityOfService
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, linkedBearerIdentity: UInt8, trafficFlowAggregate: NASTrafficFlowTemplate,
                requiredTrafficFlowQoS: EPSQualityOfService, optionalIEs: NASOptionalIEs = NASOptionalIEs(),
                spareHalfOctet: UInt8 = 0) {
        self.header = header
        self.linkedBearerIdentity = linkedBearerIdentity & 0x0F
        self.spareHalfOctet = spareHalfOctet & 0x0F
        self.trafficFlowAggregate = trafficFlowAggregate
        self.requiredTrafficFlowQoS = requiredTrafficFlowQoS
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> BearerResourceAllocationRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("linked EPS bearer identity") }
        let aggregate = try mandatory { () throws(CodecError) in
            try reader.lengthValue(NASTrafficFlowTemplate.self, "traffic flow aggregate")
        }
        let qos = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSQualityOfService.self, "required traffic flow QoS") }
        return BearerResourceAllocationRequest(header: header, linkedBearerIdentity: octet & 0x0F, trafficFlowAggregate: aggregate,
                                               requiredTrafficFlowQoS: qos, optionalIEs: try .decode(&reader, table: optionalIETable),
                                               spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: linkedBearerIdentity)
        writer.writeLengthValue(trafficFlowAggregate)
        writer.writeLengthValue(requiredTrafficFlowQoS)
        optionalIEs.encode(into: &writer)
    }
}

/// BEARER RESOURCE ALLOCATION REJECT (TS 24.301 8.3.7), network to UE.
public struct BearerResourceAllocationReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.bearerResourceAllocationReject
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

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> BearerResourceAllocationReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return BearerResourceAllocationReject(header: header, esmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// BEARER RESOURCE MODIFICATION REQUEST (TS 24.301 8.3.10), UE to network.
public struct BearerResourceModificationRequest: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.bearerResourceModificationRequest
    public static let optionalIETable = NASIETable([
        .init(0x5B, .tlv), .init(0x58, .fixed(1)), .init(0x27, .tlv), .init(0xC0, .halfOctet), .init(0x33, .tlv),
        .init(0x66, .tlv), .init(0x7B, .tlvE), .init(0x5C, .tlv),
    ])

    public var header: ESMHeader
    /// The bearer whose packet filters the request is about.
    public var bearerIdentityForPacketFilter: UInt8
    /// The spare half octet beside it, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var trafficFlowAggregate: NASTrafficFlowTemplate
    public var optionalIEs: NASOptionalIEs

    public init(header: ESMHeader, bearerIdentityForPacketFilter: UInt8, trafficFlowAggregate: NASTrafficFlowTemplate,
                optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.header = header
        self.bearerIdentityForPacketFilter = bearerIdentityForPacketFilter & 0x0F
        self.spareHalfOctet = spareHalfOctet & 0x0F
        self.trafficFlowAggregate = trafficFlowAggregate
        self.optionalIEs = optionalIEs
    }

    public var requiredTrafficFlowQoS: EPSQualityOfService? { get { optional(0x5B) } set { setOptional(0x5B, newValue) } }
    public var esmCause: ESMCause? { get { optional(0x58) } set { setOptional(0x58, newValue) } }

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> BearerResourceModificationRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("EPS bearer identity for packet filter") }
        let aggregate = try mandatory { () throws(CodecError) in
            try reader.lengthValue(NASTrafficFlowTemplate.self, "traffic flow aggregate")
        }
        return BearerResourceModificationRequest(header: header, bearerIdentityForPacketFilter: octet & 0x0F,
                                                 trafficFlowAggregate: aggregate,
                                                 optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: bearerIdentityForPacketFilter)
        writer.writeLengthValue(trafficFlowAggregate)
        optionalIEs.encode(into: &writer)
    }
}

/// BEARER RESOURCE MODIFICATION REJECT (TS 24.301 8.3.9), network to UE.
public struct BearerResourceModificationReject: CarriesProtocolConfigurationOptions {
    public static let messageType = ESMMessageType.bearerResourceModificationReject
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

    public static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError)
        -> BearerResourceModificationReject {
        let cause = try mandatory { () throws(CodecError) in ESMCause(rawValue: try reader.u8("ESM cause")) }
        return BearerResourceModificationReject(header: header, esmCause: cause,
                                                optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(esmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
