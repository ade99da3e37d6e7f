import NIOCore
import Wire

/// ATTACH REQUEST (TS 24.301 8.2.4), UE to network.
public struct AttachRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.attachRequest
    public static let optionalIETable = NASIETable([
        .init(0x19, .fixed(3)), .init(0x50, .tlv), .init(0x52, .fixed(5)), .init(0x5C, .fixed(2)),
        .init(0x31, .tlv), .init(0x13, .fixed(5)), .init(0x90, .halfOctet), .init(0x11, .tlv),
        .init(0x20, .tlv), .init(0x40, .tlv), .init(0xF0, .halfOctet), .init(0x5D, .tlv),
        .init(0xD0, .halfOctet), .init(0xE0, .halfOctet), .init(0xC0, .halfOctet), .init(0x10, .tlv),
        .init(0x6A, .tlv), .init(0x5E, .tlv), .init(0x6E, .tlv), .init(0x6F, .tlv), .init(0x6D, .tlv),
        .init(0x17, .fixed(1)), .init(0x32, .tlv), .init(0x34, .tlv), .init(0x35, .tlv), .init(0x36, .tlv),
        .init(0x38, .tlv),
    ])

    public var nasKeySetIdentifier: NASKeySetIdentifier
    public var attachType: EPSAttachType
    public var epsMobileIdentity: EPSMobileIdentity
    public var ueNetworkCapability: UENetworkCapability
    public var esmMessageContainer: ESMMessageContainer
    public var optionalIEs: NASOptionalIEs

    public init(nasKeySetIdentifier: NASKeySetIdentifier, attachType: EPSAttachType, epsMobileIdentity: EPSMobileIdentity,
                ueNetworkCapability: UENetworkCapability, esmMessageContainer: ESMMessageContainer,
                optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.attachType = attachType
        self.epsMobileIdentity = epsMobileIdentity
        self.ueNetworkCapability = ueNetworkCapability
        self.esmMessageContainer = esmMessageContainer
        self.optionalIEs = optionalIEs
    }

    /// Old P-TMSI signature (TS 24.008 10.5.5.8), three octets.
    public var oldPTMSISignature: NASOctets? { get { optional(0x19) } set { setOptional(0x19, newValue) } }
    public var additionalGUTI: EPSMobileIdentity? { get { optional(0x50) } set { setOptional(0x50, newValue) } }
    public var lastVisitedRegisteredTAI: TAI? { get { optional(0x52) } set { setOptional(0x52, newValue) } }
    public var drxParameter: DRXParameter? { get { optional(0x5C) } set { setOptional(0x5C, newValue) } }
    public var msNetworkCapability: MSNetworkCapability? { get { optional(0x31) } set { setOptional(0x31, newValue) } }
    public var oldLocationAreaIdentification: LocationAreaIdentification? {
        get { optional(0x13) }
        set { setOptional(0x13, newValue) }
    }
    public var tmsiStatus: HalfOctet? { get { optionalHalfOctet(0x90) } set { setOptionalHalfOctet(0x90, newValue) } }
    /// Mobile station classmark 2 (TS 24.008 10.5.1.6), as received.
    public var msClassmark2: ByteBuffer? { get { optional(0x11) } set { setOptional(0x11, newValue) } }
    /// Mobile station classmark 3 (TS 24.008 10.5.1.7), as received.
    public var msClassmark3: ByteBuffer? { get { optional(0x20) } set { setOptional(0x20, newValue) } }
    /// Supported codec list (TS 24.008 10.5.4.32), as received.
    public var supportedCodecs: ByteBuffer? { get { optional(0x40) } set { setOptional(0x40, newValue) } }
    public var additionalUpdateType: AdditionalUpdateType? {
        get { optionalHalfOctet(0xF0) }
        set { setOptionalHalfOctet(0xF0, newValue) }
    }
    public var voiceDomainPreference: VoiceDomainPreference? { get { optional(0x5D) } set { setOptional(0x5D, newValue) } }
    public var deviceProperties: HalfOctet? { get { optionalHalfOctet(0xD0) } set { setOptionalHalfOctet(0xD0, newValue) } }
    public var oldGUTIType: HalfOctet? { get { optionalHalfOctet(0xE0) } set { setOptionalHalfOctet(0xE0, newValue) } }
    public var msNetworkFeatureSupport: HalfOctet? { get { optionalHalfOctet(0xC0) } set { setOptionalHalfOctet(0xC0, newValue) } }
    public var t3324: GPRSTimer? { get { optional(0x6A) } set { setOptional(0x6A, newValue) } }
    public var t3412Extended: GPRSTimer3? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AttachRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("EPS attach type") }
        let identity = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSMobileIdentity.self, "EPS mobile identity") }
        let capability = try mandatory { () throws(CodecError) in
            try reader.lengthValue(UENetworkCapability.self, "UE network capability")
        }
        let container = try mandatory { () throws(CodecError) in
            try reader.extendedLengthValue(ESMMessageContainer.self, "ESM message container")
        }
        return AttachRequest(nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet >> 4),
                             attachType: EPSAttachType(rawValue: octet), epsMobileIdentity: identity,
                             ueNetworkCapability: capability, esmMessageContainer: container,
                             optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: nasKeySetIdentifier.rawValue, low: attachType.rawValue)
        writer.writeLengthValue(epsMobileIdentity)
        writer.writeLengthValue(ueNetworkCapability)
        writer.writeExtendedLengthValue(esmMessageContainer)
        optionalIEs.encode(into: &writer)
    }
}

/// ATTACH ACCEPT (TS 24.301 8.2.1), network to UE.
public struct AttachAccept: EMMMessageBody {
    public static let messageType = EMMMessageType.attachAccept
    public static let optionalIETable = NASIETable([
        .init(0x50, .tlv), .init(0x13, .fixed(5)), .init(0x23, .tlv), .init(0x53, .fixed(1)),
        .init(0x17, .fixed(1)), .init(0x59, .fixed(1)), .init(0x4A, .tlv), .init(0x34, .tlv),
        .init(0x64, .tlv), .init(0xF0, .halfOctet), .init(0x5E, .tlv), .init(0x6A, .tlv), .init(0x6E, .tlv),
        .init(0x65, .tlv), .init(0xE0, .halfOctet), .init(0xD0, .halfOctet), .init(0x6B, .tlv),
        .init(0xC0, .halfOctet), .init(0x6C, .tlv), .init(0x7A, .tlvE), .init(0x7C, .tlvE), .init(0x66, .tlv),
        .init(0xB0, .halfOctet), .init(0x35, .tlv), .init(0x36, .tlv), .init(0x38, .tlv), .init(0x1D, .tlv),
        .init(0x1E, .tlv),
    ])

    public var attachResult: EPSAttachResult
    /// The spare half octet beside the attach result, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var t3412: GPRSTimer
    public var taiList: TrackingAreaIdentityList
    public var esmMessageContainer: ESMMessageContainer
    public var optionalIEs: NASOptionalIEs

    public init(attachResult: EPSAttachResult, t3412: GPRSTimer, taiList: TrackingAreaIdentityList,
                esmMessageContainer: ESMMessageContainer, optionalIEs: NASOptionalIEs = NASOptionalIEs(),
                spareHalfOctet: UInt8 = 0) {
        self.attachResult = attachResult
        self.spareHalfOctet = spareHalfOctet & 0x0F
        self.t3412 = t3412
        self.taiList = taiList
        self.esmMessageContainer = esmMessageContainer
        self.optionalIEs = optionalIEs
    }

    public var guti: EPSMobileIdentity? { get { optional(0x50) } set { setOptional(0x50, newValue) } }
    public var locationAreaIdentification: LocationAreaIdentification? { get { optional(0x13) } set { setOptional(0x13, newValue) } }
    public var msIdentity: MobileIdentity? { get { optional(0x23) } set { setOptional(0x23, newValue) } }
    public var emmCause: EMMCause? { get { optional(0x53) } set { setOptional(0x53, newValue) } }
    public var t3402: GPRSTimer? { get { optional(0x17) } set { setOptional(0x17, newValue) } }
    public var t3423: GPRSTimer? { get { optional(0x59) } set { setOptional(0x59, newValue) } }
    public var equivalentPLMNs: PLMNList? { get { optional(0x4A) } set { setOptional(0x4A, newValue) } }
    /// Emergency number list (TS 24.008 10.5.3.13), as received.
    public var emergencyNumberList: ByteBuffer? { get { optional(0x34) } set { setOptional(0x34, newValue) } }
    public var epsNetworkFeatureSupport: EPSNetworkFeatureSupport? { get { optional(0x64) } set { setOptional(0x64, newValue) } }
    public var additionalUpdateResult: AdditionalUpdateResult? {
        get { optionalHalfOctet(0xF0) }
        set { setOptionalHalfOctet(0xF0, newValue) }
    }
    public var t3412Extended: GPRSTimer3? { get { optional(0x5E) } set { setOptional(0x5E, newValue) } }
    public var t3324: GPRSTimer? { get { optional(0x6A) } set { setOptional(0x6A, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AttachAccept {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("EPS attach result") }
        let t3412 = try mandatory { () throws(CodecError) in GPRSTimer(rawValue: try reader.u8("T3412 value")) }
        let taiList = try mandatory { () throws(CodecError) in try reader.lengthValue(TrackingAreaIdentityList.self, "TAI list") }
        let container = try mandatory { () throws(CodecError) in
            try reader.extendedLengthValue(ESMMessageContainer.self, "ESM message container")
        }
        return AttachAccept(attachResult: EPSAttachResult(rawValue: octet), t3412: t3412, taiList: taiList,
                            esmMessageContainer: container, optionalIEs: try .decode(&reader, table: optionalIETable),
                            spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: attachResult.rawValue)
        writer.writeU8(t3412.rawValue)
        writer.writeLengthValue(taiList)
        writer.writeExtendedLengthValue(esmMessageContainer)
        optionalIEs.encode(into: &writer)
    }
}

/// ATTACH COMPLETE (TS 24.301 8.2.2), UE to network: carries the ACTIVATE DEFAULT EPS BEARER
/// CONTEXT ACCEPT.
public struct AttachComplete: EMMMessageBody {
    public static let messageType = EMMMessageType.attachComplete
    public static let optionalIETable = NASIETable.empty

    public var esmMessageContainer: ESMMessageContainer
    public var optionalIEs: NASOptionalIEs

    public init(esmMessageContainer: ESMMessageContainer, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.esmMessageContainer = esmMessageContainer
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AttachComplete {
        let container = try mandatory { () throws(CodecError) in
            try reader.extendedLengthValue(ESMMessageContainer.self, "ESM message container")
        }
        return AttachComplete(esmMessageContainer: container, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeExtendedLengthValue(esmMessageContainer)
        optionalIEs.encode(into: &writer)
    }
}

/// ATTACH REJECT (TS 24.301 8.2.3), network to UE.
public struct AttachReject: EMMMessageBody {
    public static let messageType = EMMMessageType.attachReject
    public static let optionalIETable = NASIETable([
        .init(0x78, .tlvE), .init(0x5F, .tlv), .init(0x16, .tlv), .init(0xA0, .halfOctet), .init(0x1C, .tlv),
        .init(0x1D, .tlv), .init(0x1E, .tlv),
    ])

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
    }

    /// The PDN CONNECTIVITY REJECT when the attach failed in ESM (cause #19).
    public var esmMessageContainer: ESMMessageContainer? { get { optional(0x78) } set { setOptional(0x78, newValue) } }
    public var t3346: GPRSTimer? { get { optional(0x5F) } set { setOptional(0x5F, newValue) } }
    public var t3402: GPRSTimer? { get { optional(0x16) } set { setOptional(0x16, newValue) } }
    public var extendedEMMCause: HalfOctet? { get { optionalHalfOctet(0xA0) } set { setOptionalHalfOctet(0xA0, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AttachReject {
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        return AttachReject(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
