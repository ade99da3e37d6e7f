import NIOCore
import Wire

/// TRACKING AREA UPDATE REQUEST (TS 24.301 8.2.29), UE to network.
public struct TrackingAreaUpdateRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.trackingAreaUpdateRequest
    public static let optionalIETable = NASIETable([
        .init(0xB0, .halfOctet), .init(0x80, .halfOctet), .init(0x19, .fixed(3)), .init(0x50, .tlv),
        .init(0x55, .fixed(4)), .init(0x58, .tlv), .init(0x52, .fixed(5)), .init(0x5C, .fixed(2)),
        .init(0xA0, .halfOctet), .init(0x57, .tlv), .init(0x31, .tlv), .init(0x13, .fixed(5)),
        .init(0x90, .halfOctet), .init(0x11, .tlv), .init(0x20, .tlv), .init(0x40, .tlv), .init(0xF0, .halfOctet),
        .init(0x5D, .tlv), .init(0xE0, .halfOctet), .init(0xD0, .halfOctet), .init(0xC0, .halfOctet),
        .init(0x10, .tlv), .init(0x6A, .tlv), .init(0x5E, .tlv), .init(0x6E, .tlv), .init(0x6F, .tlv),
        .init(0x6D, .tlv), .init(0x17, .fixed(1)), .init(0x32, .tlv), .init(0x34, .tlv), .init(0x35, .tlv),
        .init(0x36, .tlv), .init(0x38, .tlv), .init(0x29, .tlv), .init(0x28, .tlv),
    ])

    public var nasKeySetIdentifier: NASKeySetIdentifier
    public var updateType: EPSUpdateType
    public var oldGUTI: EPSMobileIdentity
    public var optionalIEs: NASOptionalIEs

    public init(nasKeySetIdentifier: NASKeySetIdentifier, updateType: EPSUpdateType, oldGUTI: EPSMobileIdentity,
                optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.updateType = updateType
        self.oldGUTI = oldGUTI
        self.optionalIEs = optionalIEs
    }

    public var nonCurrentNativeNASKeySetIdentifier: NASKeySetIdentifier? {
        get { optionalHalfOctet(0xB0) }
        set { setOptionalHalfOctet(0xB0, newValue) }
    }
    public var gprsCipheringKeySequenceNumber: HalfOctet? { get { optionalHalfOctet(0x80) } set { setOptionalHalfOctet(0x80, newValue) } }
    public var oldPTMSISignature: NASOctets? { get { optional(0x19) } set { setOptional(0x19, newValue) } }
    public var additionalGUTI: EPSMobileIdentity? { get { optional(0x50) } set { setOptional(0x50, newValue) } }
    public var nonceUE: NASOctets? { get { optional(0x55) } set { setOptional(0x55, newValue) } }
    public var ueNetworkCapability: UENetworkCapability? { get { optional(0x58) } set { setOptional(0x58, newValue) } }
    public var lastVisitedRegisteredTAI: TAI? { get { optional(0x52) } set { setOptional(0x52, newValue) } }
    public var drxParameter: DRXParameter? { get { optional(0x5C) } set { setOptional(0x5C, newValue) } }
    public var ueRadioCapabilityInformationUpdateNeeded: HalfOctet? {
        get { optionalHalfOctet(0xA0) }
        set { setOptionalHalfOctet(0xA0, newValue) }
    }
    public var epsBearerContextStatus: EPSBearerContextStatus? { get { optional(0x57) } set { setOptional(0x57, newValue) } }
    public var msNetworkCapability: MSNetworkCapability? { get { optional(0x31) } set { setOptional(0x31, newValue) } }
    public var oldLocationAreaIdentification: LocationAreaIdentification? { get { optional(0x13) } set { setOptional(0x13, newValue) } }
    public var tmsiStatus: HalfOctet? { get { optionalHalfOctet(0x90) } set { setOptionalHalfOctet(0x90, newValue) } }
    public var msClassmark2: ByteBuffer? { get { optional(0x11) } set { setOptional(0x11, newValue) } }
    public var msClassmark3: ByteBuffer? { get { optional(0x20) } set { setOptional(0x20, newValue) } }
    public var supportedCodecs: ByteBuffer? { get { optional(0x40) } set { setOptional(0x40, newValue) } }
    public var additionalUpdateType: AdditionalUpdateType? { get { optionalHalfOctet(0xF0) } set { setOptionalHalfOctet(0xF0, newValue) } }
    public var voiceDomainPreference: VoiceDomainPreference? { get { optional(0x5D) } set { setOptional(0x5D, newValue) } }
    public var oldGUTIType: HalfOctet? { get { optionalHalfOctet(0xE0) } set { setOptionalHalfOctet(0xE0, newValue) } }
    public var deviceProperties: HalfOctet? { get { optionalHalfOctet(0xD0) } set { setOptionalHalfOctet(0xD0, newValue) } }
    public var msNetworkFeatureSupport: HalfOctet? { get { optionalHalfOctet(0xC0) } set { setOptionalHalfOctet(0xC0, newValue) } }
    public var t3324: GPRSTimer? { get { optional(0x6A) } set { setOptional(0x6A, newValue) } }
    public var t3412Extended: GPRSTimer3? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> TrackingAreaUpdateRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("EPS update type") }
        let guti = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSMobileIdentity.self, "old GUTI") }
        return TrackingAreaUpdateRequest(nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet >> 4),
                                         updateType: EPSUpdateType(rawValue: octet), oldGUTI: guti,
                                         optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: nasKeySetIdentifier.rawValue, low: updateType.rawValue)
        writer.writeLengthValue(oldGUTI)
        optionalIEs.encode(into: &writer)
    }
}

/// TRACKING AREA UPDATE ACCEPT (TS 24.301 8.2.26), network to UE.
public struct TrackingAreaUpdateAccept: EMMMessageBody {
    public static let messageType = EMMMessageType.trackingAreaUpdateAccept
    public static let optionalIETable = NASIETable([
        .init(0x5A, .fixed(1)), .init(0x50, .tlv), .init(0x54, .tlv), .init(0x57, .tlv), .init(0x13, .fixed(5)),
        .init(0x23, .tlv), .init(0x53, .fixed(1)), .init(0x17, .fixed(1)), .init(0x59, .fixed(1)),
        .init(0x4A, .tlv), .init(0x34, .tlv), .init(0x64, .tlv), .init(0xF0, .halfOctet), .init(0x5E, .tlv),
        .init(0x6A, .tlv), .init(0x6E, .tlv), .init(0x68, .tlv), .init(0x65, .tlv), .init(0xE0, .halfOctet),
        .init(0xD0, .halfOctet), .init(0x6B, .tlv), .init(0xC0, .halfOctet), .init(0x6C, .tlv),
        .init(0x7A, .tlvE), .init(0x7C, .tlvE), .init(0x66, .tlv), .init(0xB0, .halfOctet), .init(0x35, .tlv),
        .init(0x36, .tlv), .init(0x38, .tlv), .init(0x37, .tlv), .init(0x1D, .tlv), .init(0x1E, .tlv),
    ])

    public var updateResult: EPSUpdateResult
    /// The spare half octet beside the update result, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var optionalIEs: NASOptionalIEs

    public init(updateResult: EPSUpdateResult, optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.updateResult = updateResult
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public var t3412: GPRSTimer? { get { optional(0x5A) } set { setOptional(0x5A, newValue) } }
    public var guti: EPSMobileIdentity? { get { optional(0x50) } set { setOptional(0x50, newValue) } }
    public var taiList: TrackingAreaIdentityList? { get { optional(0x54) } set { setOptional(0x54, newValue) } }
    public var epsBearerContextStatus: EPSBearerContextStatus? { get { optional(0x57) } set { setOptional(0x57, newValue) } }
    public var locationAreaIdentification: LocationAreaIdentification? { get { optional(0x13) } set { setOptional(0x13, newValue) } }
    public var msIdentity: MobileIdentity? { get { optional(0x23) } set { setOptional(0x23, newValue) } }
    public var emmCause: EMMCause? { get { optional(0x53) } set { setOptional(0x53, newValue) } }
    public var t3402: GPRSTimer? { get { optional(0x17) } set { setOptional(0x17, newValue) } }
    public var t3423: GPRSTimer? { get { optional(0x59) } set { setOptional(0x59, newValue) } }
    public var equivalentPLMNs: PLMNList? { get { optional(0x4A) } set { setOptional(0x4A, newValue) } }
    public var emergencyNumberList: ByteBuffer? { get { optional(0x34) } set { setOptional(0x34, newValue) } }
    public var epsNetworkFeatureSupport: EPSNetworkFeatureSupport? { get { optional(0x64) } set { setOptional(0x64, newValue) } }
    public var additionalUpdateResult: AdditionalUpdateResult? {
        get { optionalHalfOctet(0xF0) }
        set { setOptionalHalfOctet(0xF0, newValue) }
    }
    public var t3412Extended: GPRSTimer3? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }
    public var t3324: GPRSTimer? { get { optional(0x6A) } set { setOptional(0x6A, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> TrackingAreaUpdateAccept {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("EPS update result") }
        return TrackingAreaUpdateAccept(updateResult: EPSUpdateResult(rawValue: octet),
                                        optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: updateResult.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// TRACKING AREA UPDATE COMPLETE (TS 24.301 8.2.27), UE to network.
public struct TrackingAreaUpdateComplete: EMMMessageBody {
    public static let messageType = EMMMessageType.trackingAreaUpdateComplete
    public static let optionalIETable = NASIETable.empty

    public var optionalIEs: NASOptionalIEs

    public init(optionalIEs: NASOptionalIEs = NASOptionalIEs()) { self.optionalIEs = optionalIEs }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> TrackingAreaUpdateComplete {
        TrackingAreaUpdateComplete(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// TRACKING AREA UPDATE REJECT (TS 24.301 8.2.28), network to UE.
public struct TrackingAreaUpdateReject: EMMMessageBody {
    public static let messageType = EMMMessageType.trackingAreaUpdateReject
    public static let optionalIETable = NASIETable([
        .init(0x5F, .tlv), .init(0xA0, .halfOctet), .init(0x1C, .tlv), .init(0x1D, .tlv), .init(0x1E, .tlv),
    ])

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
    }

    public var t3346: GPRSTimer? { get { optional(0x5F) } set { setOptional(0x5F, newValue) } }
    public var extendedEMMCause: HalfOctet? { get { optionalHalfOctet(0xA0) } set { setOptionalHalfOctet(0xA0, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> TrackingAreaUpdateReject {
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        return TrackingAreaUpdateReject(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
