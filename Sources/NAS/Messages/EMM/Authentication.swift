import NIOCore
import Wire

/// AUTHENTICATION REQUEST (TS 24.301 8.2.7), network to UE: EPS AKA challenge.
public struct AuthenticationRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.authenticationRequest
    public static let optionalIETable = NASIETable.empty

    /// KSI_ASME the UE is to give the new key set.
    public var nasKeySetIdentifier: NASKeySetIdentifier
    /// The spare half octet beside the key set identifier, as received (0 when sent).
    public var spareHalfOctet: UInt8
    /// Authentication parameter RAND (TS 24.008 10.5.3.1), 16 octets.
    public var rand: NASOctets
    /// Authentication parameter AUTN (TS 24.008 10.5.3.1.1), 16 octets.
    public var autn: NASOctets
    public var optionalIEs: NASOptionalIEs

    public init(nasKeySetIdentifier: NASKeySetIdentifier, rand: NASOctets, autn: NASOctets,
                optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.rand = rand
        self.autn = autn
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AuthenticationRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("NAS key set identifier") }
        let rand = try mandatory { () throws(CodecError) in try NASOctets.read(&reader, count: 16, "RAND") }
        let autn = try mandatory { () throws(CodecError) in
            var contents = try reader.lengthValue("AUTN")
            guard contents.remaining == 16 else { throw contents.error(.invalidLength(contents.remaining), "AUTN") }
            return try NASOctets.read(&contents, count: 16, "AUTN")
        }
        return AuthenticationRequest(nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet), rand: rand, autn: autn,
                                     optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: nasKeySetIdentifier.rawValue)
        rand.encode(into: &writer)
        writer.writeLengthValue(autn)
        optionalIEs.encode(into: &writer)
    }
}

/// AUTHENTICATION RESPONSE (TS 24.301 8.2.8), UE to network: RES.
public struct AuthenticationResponse: EMMMessageBody {
    public static let messageType = EMMMessageType.authenticationResponse
    public static let optionalIETable = NASIETable.empty

    /// Authentication response parameter (TS 24.301 9.9.3.4): RES, 4 to 16 octets.
    public var res: NASOctets
    public var optionalIEs: NASOptionalIEs

    public init(res: NASOctets, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.res = res
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AuthenticationResponse {
        let res = try mandatory { () throws(CodecError) in
            var contents = try reader.lengthValue("RES")
            guard (4...16).contains(contents.remaining) else { throw contents.error(.invalidLength(contents.remaining), "RES") }
            return try NASOctets.read(&contents, count: contents.remaining, "RES")
        }
        return AuthenticationResponse(res: res, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(res)
        optionalIEs.encode(into: &writer)
    }
}

/// AUTHENTICATION REJECT (TS 24.301 8.2.6), network to UE.
public struct AuthenticationReject: EMMMessageBody {
    public static let messageType = EMMMessageType.authenticationReject
    public static let optionalIETable = NASIETable.empty

    public var optionalIEs: NASOptionalIEs

    public init(optionalIEs: NASOptionalIEs = NASOptionalIEs()) { self.optionalIEs = optionalIEs }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AuthenticationReject {
        AuthenticationReject(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// AUTHENTICATION FAILURE (TS 24.301 8.2.5), UE to network: MAC failure, synch failure (with AUTS
/// for resynchronisation), or non-EPS authentication unacceptable.
public struct AuthenticationFailure: EMMMessageBody {
    public static let messageType = EMMMessageType.authenticationFailure
    public static let optionalIETable = NASIETable([.init(0x30, .tlv)])

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, auts: NASOctets? = nil, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
        if let auts { self.auts = auts }
    }

    /// Authentication failure parameter (TS 24.008 10.5.3.2.2): AUTS, 14 octets, with cause #21.
    public var auts: NASOctets? {
        get { optional(0x30, as: NASOctets.self).flatMap { $0.count == 14 ? $0 : nil } }
        set { setOptional(0x30, newValue) }
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> AuthenticationFailure {
        let start = reader
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        let message = AuthenticationFailure(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
        // 5.4.2.6: with "synch failure" the UE must send AUTS, or the network cannot resynchronise.
        if cause == .synchFailure && message.auts == nil {
            throw NASDecodeError(.conditionalIEError, start.error(.missingMandatory("AUTS"), "authentication failure parameter"))
        }
        return message
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// IDENTITY REQUEST (TS 24.301 8.2.18), network to UE.
public struct IdentityRequest: EMMMessageBody {
    public static let messageType = EMMMessageType.identityRequest
    public static let optionalIETable = NASIETable.empty

    public var identityType: IdentityType
    /// The spare half octet beside the identity type, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var optionalIEs: NASOptionalIEs

    public init(identityType: IdentityType, optionalIEs: NASOptionalIEs = NASOptionalIEs(), spareHalfOctet: UInt8 = 0) {
        self.identityType = identityType
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> IdentityRequest {
        let octet = try mandatory { () throws(CodecError) in try reader.u8("identity type") }
        return IdentityRequest(identityType: IdentityType(rawValue: octet),
                               optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeHalves(high: spareHalfOctet, low: identityType.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// IDENTITY RESPONSE (TS 24.301 8.2.19), UE to network.
public struct IdentityResponse: EMMMessageBody {
    public static let messageType = EMMMessageType.identityResponse
    public static let optionalIETable = NASIETable.empty

    public var mobileIdentity: MobileIdentity
    public var optionalIEs: NASOptionalIEs

    public init(mobileIdentity: MobileIdentity, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.mobileIdentity = mobileIdentity
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> IdentityResponse {
        let identity = try mandatory { () throws(CodecError) in try reader.lengthValue(MobileIdentity.self, "mobile identity") }
        return IdentityResponse(mobileIdentity: identity, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(mobileIdentity)
        optionalIEs.encode(into: &writer)
    }
}
