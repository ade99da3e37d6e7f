import NIOCore
import Wire

/// EXTENDED SERVICE REQUEST (TS 24.301 8.2.15), UE to network: CS fallback or packet services.
public struct ExtendedServiceRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.extendedServiceRequest
    public static let optionalIETable = NASIETable([
        .init(0xB0, .halfOctet), .init(0x57, .tlv), .init(0xD0, .halfOctet), .init(0x29, .tlv), .init(0x28, .tlv),
    ])

    public var nasKeySetIdentifier: NASKeySetIdentifier
    public var serviceType: ServiceType
    /// The UE's M-TMSI, as a mobile identity of type TMSI.
    public var mTMSI: MobileIdentity
    public var optionalIEs: NASOptionalIEs

    public init(nasKeySetIdentifier: NASKeySetIdentifier, serviceType: ServiceType, mTMSI: MobileIdentity,
                optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.serviceType = serviceType
        self.mTMSI = mTMSI
        self.optionalIEs = optionalIEs
    }

    public var csfbResponse: HalfOctet? { get { optionalHalfOctet(0xB0) } set { setOptionalHalfOctet(0xB0, newValue) } }
    public var epsBearerContextStatus: EPSBearerContextStatus? { get { optional(0x57) } set { setOptional(0x57, newValue) } }
    public var deviceProperties: HalfOctet? { get { optionalHalfOctet(0xD0) } set { setOptionalHalfOctet(0xD0, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> ExtendedServiceRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("service type") }
        let tmsi = try mandatory { () throws(CodecError) in try reader.lengthValue(MobileIdentity.self, "M-TMSI") }
        return ExtendedServiceRequest(nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet >> 4),
                                      serviceType: ServiceType(rawValue: octet), mTMSI: tmsi,
                                      optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: nasKeySetIdentifier.rawValue, low: serviceType.rawValue)
        writer.writeLengthValue(mTMSI)
        optionalIEs.encode(into: &writer)
    }
}

/// SERVICE REJECT (TS 24.301 8.2.24), network to UE.
public struct ServiceReject: EMMMessageBody {
    public static let messageType = EMMMessageType.serviceReject
    public static let optionalIETable = NASIETable([
        .init(0x5B, .fixed(1)), .init(0x5F, .tlv), .init(0x6B, .tlv), .init(0x1C, .tlv), .init(0x1D, .tlv),
        .init(0x1E, .tlv),
    ])

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
    }

    public var t3442: GPRSTimer? { get { optional(0x5B) } set { setOptional(0x5B, newValue) } }
    public var t3346: GPRSTimer? { get { optional(0x5F) } set { setOptional(0x5F, newValue) } }
    public var t3448: GPRSTimer? { get { optional(0x6B) } set { setOptional(0x6B, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> ServiceReject {
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        return ServiceReject(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
