import Wire

/// Why a Diameter message was refused, carrying what a peer needs to answer it (RFC 6733 7).
public enum DiameterDecodeError: Error, Sendable, CustomStringConvertible {
    /// The bytes are not a Diameter message at all, or its header is broken; nothing can be answered.
    case malformed(CodecError)
    /// The version octet is not 1: answer DIAMETER_UNSUPPORTED_VERSION if a header can be built.
    case unsupportedVersion(UInt8)
    /// The header is readable but an AVP is broken. `avp` holds the offending AVP's code, flags and
    /// raw data for the Failed-AVP of the answer.
    case invalidAVP(CodecError, header: DiameterHeader, avp: AVP?)
    /// An AVP the dictionary does not know carries the M bit (DIAMETER_AVP_UNSUPPORTED, 5001).
    /// The whole message decoded, so the answer can copy its Session-Id.
    case unknownMandatoryAVP(AVP, message: DiameterMessage)

    /// The Result-Code the answer should carry.
    public var resultCode: DiameterResultCode {
        switch self {
        case .malformed: .invalidMessageLength
        case .unsupportedVersion: .unsupportedVersion
        case .invalidAVP(let error, _, _):
            if case .invalidValue = error.kind { .invalidAVPValue } else { .invalidAVPLength }
        case .unknownMandatoryAVP: .avpUnsupported
        }
    }

    public var description: String {
        switch self {
        case .malformed(let error): "malformed Diameter message: \(error)"
        case .unsupportedVersion(let version): "unsupported Diameter version \(version)"
        case .invalidAVP(let error, _, _): "invalid AVP: \(error)"
        case .unknownMandatoryAVP(let avp, _): "unknown AVP \(avp.code)/\(avp.vendor) with the M bit"
        }
    }
}

/// A Result-Code value (RFC 6733 7.1); unknown values are kept.
public struct DiameterResultCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let success = Self(rawValue: 2001)
    public static let limitedSuccess = Self(rawValue: 2002)
    public static let commandUnsupported = Self(rawValue: 3001)
    public static let unableToDeliver = Self(rawValue: 3002)
    public static let realmNotServed = Self(rawValue: 3003)
    public static let tooBusy = Self(rawValue: 3004)
    public static let loopDetected = Self(rawValue: 3005)
    public static let applicationUnsupported = Self(rawValue: 3007)
    public static let invalidHeaderBits = Self(rawValue: 3008)
    public static let invalidAVPBits = Self(rawValue: 3009)
    public static let unknownPeer = Self(rawValue: 3010)
    public static let authenticationRejected = Self(rawValue: 4001)
    public static let avpUnsupported = Self(rawValue: 5001)
    public static let unknownSessionID = Self(rawValue: 5002)
    public static let authorizationRejected = Self(rawValue: 5003)
    public static let invalidAVPValue = Self(rawValue: 5004)
    public static let missingAVP = Self(rawValue: 5005)
    public static let resourcesExceeded = Self(rawValue: 5006)
    public static let contradictingAVPs = Self(rawValue: 5007)
    public static let avpNotAllowed = Self(rawValue: 5008)
    public static let avpOccursTooManyTimes = Self(rawValue: 5009)
    public static let noCommonApplication = Self(rawValue: 5010)
    public static let unsupportedVersion = Self(rawValue: 5011)
    public static let unableToComply = Self(rawValue: 5012)
    public static let invalidBitInHeader = Self(rawValue: 5013)
    public static let invalidAVPLength = Self(rawValue: 5014)
    public static let invalidMessageLength = Self(rawValue: 5015)
    public static let invalidAVPBitCombo = Self(rawValue: 5016)
    public static let noCommonSecurity = Self(rawValue: 5017)
}
