/// Protocol discriminator (TS 24.007 11.2.3.1.1), the low half of a NAS message's first octet.
public struct ProtocolDiscriminator: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// EPS session management.
    public static let esm = Self(rawValue: 2)
    /// EPS mobility management.
    public static let emm = Self(rawValue: 7)

    public var description: String {
        switch rawValue {
        case 2: "ESM"
        case 7: "EMM"
        default: "PD \(rawValue)"
        }
    }
}

/// Security header type (TS 24.301 9.3.1), the high half of an EMM message's first octet.
public struct SecurityHeaderType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let plain = Self(rawValue: 0)
    public static let integrityProtected = Self(rawValue: 1)
    public static let integrityProtectedAndCiphered = Self(rawValue: 2)
    public static let integrityProtectedWithNewEPSSecurityContext = Self(rawValue: 3)
    public static let integrityProtectedAndCipheredWithNewEPSSecurityContext = Self(rawValue: 4)
    /// Rel-13 control plane CIoT: only the ESM/user data part is ciphered.
    public static let integrityProtectedAndPartiallyCiphered = Self(rawValue: 5)
    /// The short SERVICE REQUEST format; 13-15 are read as 12 (9.3.1, note).
    public static let serviceRequest = Self(rawValue: 12)

    /// Types 1-5: MAC, sequence number and a whole NAS message follow.
    public var isProtectedEnvelope: Bool { (1...5).contains(rawValue) }
    /// Types 12-15: the 4-octet SERVICE REQUEST.
    public var isServiceRequest: Bool { rawValue >= 12 }
    /// Whether the inner message is ciphered (with whatever algorithm the context selected, EEA0 included).
    public var isCiphered: Bool { rawValue == 2 || rawValue == 4 || rawValue == 5 }
    /// Whether the message starts a new EPS security context (SECURITY MODE COMMAND/COMPLETE).
    public var hasNewSecurityContext: Bool { rawValue == 3 || rawValue == 4 }

    public var description: String {
        switch rawValue {
        case 0: "plain"
        case 1: "integrity protected"
        case 2: "integrity protected and ciphered"
        case 3: "integrity protected with new EPS security context"
        case 4: "integrity protected and ciphered with new EPS security context"
        case 5: "integrity protected and partially ciphered"
        case 12...15: "service request"
        default: "reserved \(rawValue)"
        }
    }
}

/// Which way a message travels. Only the DETACH REQUEST needs it to be decoded (its UE-originating
/// and UE-terminated forms share one message type); it is inferred from the content when not given.
public enum NASDirection: Hashable, Sendable {
    /// UE to network.
    case uplink
    /// Network to UE.
    case downlink
}

/// EMM message types (TS 24.301 9.8, table 9.8.1).
public struct EMMMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let attachRequest = Self(rawValue: 0x41)
    public static let attachAccept = Self(rawValue: 0x42)
    public static let attachComplete = Self(rawValue: 0x43)
    public static let attachReject = Self(rawValue: 0x44)
    public static let detachRequest = Self(rawValue: 0x45)
    public static let detachAccept = Self(rawValue: 0x46)
    public static let trackingAreaUpdateRequest = Self(rawValue: 0x48)
    public static let trackingAreaUpdateAccept = Self(rawValue: 0x49)
    public static let trackingAreaUpdateComplete = Self(rawValue: 0x4A)
    public static let trackingAreaUpdateReject = Self(rawValue: 0x4B)
    public static let extendedServiceRequest = Self(rawValue: 0x4C)
    public static let serviceReject = Self(rawValue: 0x4E)
    public static let gutiReallocationCommand = Self(rawValue: 0x50)
    public static let gutiReallocationComplete = Self(rawValue: 0x51)
    public static let authenticationRequest = Self(rawValue: 0x52)
    public static let authenticationResponse = Self(rawValue: 0x53)
    public static let authenticationReject = Self(rawValue: 0x54)
    public static let identityRequest = Self(rawValue: 0x55)
    public static let identityResponse = Self(rawValue: 0x56)
    public static let authenticationFailure = Self(rawValue: 0x5C)
    public static let securityModeCommand = Self(rawValue: 0x5D)
    public static let securityModeComplete = Self(rawValue: 0x5E)
    public static let securityModeReject = Self(rawValue: 0x5F)
    public static let emmStatus = Self(rawValue: 0x60)
    public static let emmInformation = Self(rawValue: 0x61)
    public static let downlinkNASTransport = Self(rawValue: 0x62)
    public static let uplinkNASTransport = Self(rawValue: 0x63)

    public var description: String { "EMM 0x" + String(rawValue, radix: 16) }
}

/// ESM message types (TS 24.301 9.8, table 9.8.2).
public struct ESMMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let activateDefaultEPSBearerContextRequest = Self(rawValue: 0xC1)
    public static let activateDefaultEPSBearerContextAccept = Self(rawValue: 0xC2)
    public static let activateDefaultEPSBearerContextReject = Self(rawValue: 0xC3)
    public static let activateDedicatedEPSBearerContextRequest = Self(rawValue: 0xC5)
    public static let activateDedicatedEPSBearerContextAccept = Self(rawValue: 0xC6)
    public static let activateDedicatedEPSBearerContextReject = Self(rawValue: 0xC7)
    public static let modifyEPSBearerContextRequest = Self(rawValue: 0xC9)
    public static let modifyEPSBearerContextAccept = Self(rawValue: 0xCA)
    public static let modifyEPSBearerContextReject = Self(rawValue: 0xCB)
    public static let deactivateEPSBearerContextRequest = Self(rawValue: 0xCD)
    public static let deactivateEPSBearerContextAccept = Self(rawValue: 0xCE)
    public static let pdnConnectivityRequest = Self(rawValue: 0xD0)
    public static let pdnConnectivityReject = Self(rawValue: 0xD1)
    public static let pdnDisconnectRequest = Self(rawValue: 0xD2)
    public static let pdnDisconnectReject = Self(rawValue: 0xD3)
    public static let bearerResourceAllocationRequest = Self(rawValue: 0xD4)
    public static let bearerResourceAllocationReject = Self(rawValue: 0xD5)
    public static let bearerResourceModificationRequest = Self(rawValue: 0xD6)
    public static let bearerResourceModificationReject = Self(rawValue: 0xD7)
    public static let esmInformationRequest = Self(rawValue: 0xD9)
    public static let esmInformationResponse = Self(rawValue: 0xDA)
    public static let esmStatus = Self(rawValue: 0xE8)

    public var description: String { "ESM 0x" + String(rawValue, radix: 16) }
}
