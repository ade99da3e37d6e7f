import NIOCore
import Wire

/// DETACH REQUEST sent by the UE (TS 24.301 8.2.11.1): detach type (with switch-off), NAS key set
/// identifier and the UE's identity.
public struct UEOriginatingDetachRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.detachRequest
    public static let optionalIETable = NASIETable.empty

    public var nasKeySetIdentifier: NASKeySetIdentifier
    public var detachType: DetachType
    public var epsMobileIdentity: EPSMobileIdentity
    public var optionalIEs: NASOptionalIEs

    public init(nasKeySetIdentifier: NASKeySetIdentifier, detachType: DetachType, epsMobileIdentity: EPSMobileIdentity,
                optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.detachType = detachType
        self.epsMobileIdentity = epsMobileIdentity
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> UEOriginatingDetachRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("detach type") }
        let identity = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSMobileIdentity.self, "EPS mobile identity") }
        return UEOriginatingDetachRequest(nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet >> 4),
                                          detachType: DetachType(rawValue: octet), epsMobileIdentity: identity,
                                          optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: nasKeySetIdentifier.rawValue, low: detachType.rawValue)
        writer.writeLengthValue(epsMobileIdentity)
        optionalIEs.encode(into: &writer)
    }
}

/// DETACH REQUEST sent by the network (TS 24.301 8.2.11.2): detach type and an optional EMM cause.
public struct UETerminatedDetachRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.detachRequest
    public static let optionalIETable = NASIETable([
        .init(0x53, .fixed(1)), .init(0x1C, .tlv), .init(0x1D, .tlv), .init(0x1E, .tlv),
    ])

    public var detachType: DetachType
    /// The spare half octet beside the detach type, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var optionalIEs: NASOptionalIEs

    public init(detachType: DetachType, optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.detachType = detachType
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public var emmCause: EMMCause? { get { optional(0x53) } set { setOptional(0x53, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> UETerminatedDetachRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("detach type") }
        return UETerminatedDetachRequest(detachType: DetachType(rawValue: octet),
                                         optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: detachType.rawValue)
        optionalIEs.encode(into: &writer)
    }

    /// Whether the bytes after the message type are this form rather than the UE-originating one:
    /// the UE's form continues with the length of an EPS mobile identity (1-11), this one with
    /// nothing or with optional IEs (EMM cause is 0x53).
    static func looksLikeNetworkForm(_ reader: WireReader) -> Bool {
        guard reader.remaining >= 2 else { return true }
        var peek = reader
        _ = try? peek.u8("detach type")
        guard let next = peek.peekU8() else { return true }
        return next > 16
    }
}

/// DETACH ACCEPT (TS 24.301 8.2.10), either direction.
public struct DetachAccept: EMMMessageBody {
    public static let messageType = EMMMessageType.detachAccept
    public static let optionalIETable = NASIETable.empty

    public var optionalIEs: NASOptionalIEs

    public init(optionalIEs: NASOptionalIEs = NASOptionalIEs()) { self.optionalIEs = optionalIEs }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> DetachAccept {
        DetachAccept(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}
