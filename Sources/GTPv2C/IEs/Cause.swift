import NIOCore
import Wire

/// A GTPv2-C cause value (TS 29.274 table 8.4-1); unknown values are kept.
public struct GTPv2CauseValue: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let localDetach = Self(rawValue: 2)
    public static let completeDetach = Self(rawValue: 3)
    public static let ratChangedFrom3GPPToNon3GPP = Self(rawValue: 4)
    public static let isrDeactivation = Self(rawValue: 5)
    public static let errorIndicationReceived = Self(rawValue: 6)
    public static let imsiDetachOnly = Self(rawValue: 7)
    public static let reactivationRequested = Self(rawValue: 8)
    public static let pdnReconnectionToThisAPNDisallowed = Self(rawValue: 9)
    public static let pdnConnectionInactivityTimerExpires = Self(rawValue: 11)
    public static let pgwNotResponding = Self(rawValue: 12)
    public static let networkFailure = Self(rawValue: 13)
    public static let qosParameterMismatch = Self(rawValue: 14)
    public static let requestAccepted = Self(rawValue: 16)
    public static let requestAcceptedPartially = Self(rawValue: 17)
    public static let newPDNTypeDueToNetworkPreference = Self(rawValue: 18)
    public static let newPDNTypeDueToSingleAddressBearerOnly = Self(rawValue: 19)
    public static let contextNotFound = Self(rawValue: 64)
    public static let invalidMessageFormat = Self(rawValue: 65)
    public static let versionNotSupportedByNextPeer = Self(rawValue: 66)
    public static let invalidLength = Self(rawValue: 67)
    public static let serviceNotSupported = Self(rawValue: 68)
    public static let mandatoryIEIncorrect = Self(rawValue: 69)
    public static let mandatoryIEMissing = Self(rawValue: 70)
    public static let systemFailure = Self(rawValue: 72)
    public static let noResourcesAvailable = Self(rawValue: 73)
    public static let semanticErrorInTFTOperation = Self(rawValue: 74)
    public static let syntacticErrorInTFTOperation = Self(rawValue: 75)
    public static let semanticErrorsInPacketFilters = Self(rawValue: 76)
    public static let syntacticErrorsInPacketFilters = Self(rawValue: 77)
    public static let missingOrUnknownAPN = Self(rawValue: 78)
    public static let greKeyNotFound = Self(rawValue: 80)
    public static let relocationFailure = Self(rawValue: 81)
    public static let deniedInRAT = Self(rawValue: 82)
    public static let preferredPDNTypeNotSupported = Self(rawValue: 83)
    public static let allDynamicAddressesAreOccupied = Self(rawValue: 84)
    public static let ueContextWithoutTFTAlreadyActivated = Self(rawValue: 85)
    public static let protocolTypeNotSupported = Self(rawValue: 86)
    public static let ueNotResponding = Self(rawValue: 87)
    public static let ueRefuses = Self(rawValue: 88)
    public static let serviceDenied = Self(rawValue: 89)
    public static let unableToPageUE = Self(rawValue: 90)
    public static let noMemoryAvailable = Self(rawValue: 91)
    public static let userAuthenticationFailed = Self(rawValue: 92)
    public static let apnAccessDeniedNoSubscription = Self(rawValue: 93)
    public static let requestRejected = Self(rawValue: 94)
    public static let imsiIMEINotKnown = Self(rawValue: 96)
    public static let remotePeerNotResponding = Self(rawValue: 100)
    public static let collisionWithNetworkInitiatedRequest = Self(rawValue: 101)
    public static let unableToPageUEDueToSuspension = Self(rawValue: 102)
    public static let conditionalIEMissing = Self(rawValue: 103)
    public static let apnRestrictionTypeIncompatible = Self(rawValue: 104)
    public static let invalidReplyFromRemotePeer = Self(rawValue: 107)
    public static let invalidPeer = Self(rawValue: 109)
    public static let temporarilyRejectedDueToMobility = Self(rawValue: 110)
    public static let apnCongestion = Self(rawValue: 113)
    public static let multiplePDNConnectionsForAPNNotAllowed = Self(rawValue: 116)
    public static let gtpcEntityCongestion = Self(rawValue: 120)

    /// Values 16-63 accept the request (fully or partially); 64 and above reject it.
    public var isAcceptance: Bool { (16...63).contains(rawValue) }

    public var description: String { "\(rawValue)" }
}

/// The Cause IE (TS 29.274 8.4): value, the PCE/BCE/CS flags and, for rejections caused by an
/// IE, the type and instance of the offending IE.
public struct GTPv2Cause: Hashable, Sendable {
    public var value: GTPv2CauseValue
    /// PDN Connection IE Error.
    public var pce: Bool
    /// Bearer Context IE Error.
    public var bce: Bool
    /// Cause Source: set when the error comes from the remote node rather than the sender.
    public var cs: Bool
    /// The IE that made the request fail (type and instance only, as 8.4 prescribes).
    public var offendingIE: GTPv2IEKey?

    public init(_ value: GTPv2CauseValue, offendingIE: GTPv2IEKey? = nil,
                pce: Bool = false, bce: Bool = false, cs: Bool = false) {
        self.value = value
        self.pce = pce
        self.bce = bce
        self.cs = cs
        self.offendingIE = offendingIE
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> GTPv2Cause {
        let value = GTPv2CauseValue(rawValue: try reader.u8("Cause value"))
        let flags = try reader.u8("Cause flags")
        guard flags & 0xF8 == 0 else { throw reader.error(.invalidValue("spare bits set"), "Cause flags") }
        var cause = GTPv2Cause(value, pce: flags & 0x04 != 0, bce: flags & 0x02 != 0, cs: flags & 0x01 != 0)
        if !reader.isAtEnd {
            let type = GTPv2IEType(rawValue: try reader.u8("offending IE type"))
            guard try reader.u16("offending IE length") == 0 else {
                throw reader.error(.invalidValue("offending IE length must be 0"), "Cause")
            }
            let instance = try reader.u8("offending IE instance")
            guard instance & 0xF0 == 0 else { throw reader.error(.invalidValue("spare bits set"), "Cause") }
            cause.offendingIE = GTPv2IEKey(type, instance: instance)
        }
        return cause
    }

    func encode(into writer: inout WireWriter) {
        writer.writeU8(value.rawValue)
        writer.writeU8((pce ? 0x04 : 0) | (bce ? 0x02 : 0) | (cs ? 0x01 : 0))
        if let offendingIE {
            writer.writeU8(offendingIE.type.rawValue)
            writer.writeU16(0)
            writer.writeU8(offendingIE.instance & 0x0F)
        }
    }
}
