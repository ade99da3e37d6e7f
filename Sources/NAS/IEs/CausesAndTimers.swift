import NIOCore
import Wire

/// EMM cause (TS 24.301 9.9.3.9, annex A). Unknown values are kept as they are.
public struct EMMCause: RawRepresentable, Hashable, Sendable, CustomStringConvertible, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let imsiUnknownInHSS = Self(rawValue: 2)
    public static let illegalUE = Self(rawValue: 3)
    public static let imeiNotAccepted = Self(rawValue: 5)
    public static let illegalME = Self(rawValue: 6)
    public static let epsServicesNotAllowed = Self(rawValue: 7)
    public static let epsAndNonEPSServicesNotAllowed = Self(rawValue: 8)
    public static let ueIdentityCannotBeDerived = Self(rawValue: 9)
    public static let implicitlyDetached = Self(rawValue: 10)
    public static let plmnNotAllowed = Self(rawValue: 11)
    public static let trackingAreaNotAllowed = Self(rawValue: 12)
    public static let roamingNotAllowedInThisTrackingArea = Self(rawValue: 13)
    public static let epsServicesNotAllowedInThisPLMN = Self(rawValue: 14)
    public static let noSuitableCellsInTrackingArea = Self(rawValue: 15)
    public static let mscTemporarilyNotReachable = Self(rawValue: 16)
    public static let networkFailure = Self(rawValue: 17)
    public static let csDomainNotAvailable = Self(rawValue: 18)
    public static let esmFailure = Self(rawValue: 19)
    public static let macFailure = Self(rawValue: 20)
    public static let synchFailure = Self(rawValue: 21)
    public static let congestion = Self(rawValue: 22)
    public static let ueSecurityCapabilitiesMismatch = Self(rawValue: 23)
    public static let securityModeRejectedUnspecified = Self(rawValue: 24)
    public static let notAuthorizedForThisCSG = Self(rawValue: 25)
    public static let nonEPSAuthenticationUnacceptable = Self(rawValue: 26)
    public static let severeNetworkFailure = Self(rawValue: 42)
    public static let semanticallyIncorrectMessage = Self(rawValue: 95)
    public static let invalidMandatoryInformation = Self(rawValue: 96)
    public static let messageTypeNonExistent = Self(rawValue: 97)
    public static let messageTypeNotCompatibleWithProtocolState = Self(rawValue: 98)
    public static let informationElementNonExistent = Self(rawValue: 99)
    public static let conditionalIEError = Self(rawValue: 100)
    public static let messageNotCompatibleWithProtocolState = Self(rawValue: 101)
    public static let protocolErrorUnspecified = Self(rawValue: 111)

    public var description: String { "EMM cause #\(rawValue)" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> EMMCause {
        EMMCause(rawValue: try reader.u8("EMM cause"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}

/// ESM cause (TS 24.301 9.9.4.4, annex B). Unknown values are kept as they are.
public struct ESMCause: RawRepresentable, Hashable, Sendable, CustomStringConvertible, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let operatorDeterminedBarring = Self(rawValue: 8)
    public static let insufficientResources = Self(rawValue: 26)
    public static let missingOrUnknownAPN = Self(rawValue: 27)
    public static let unknownPDNType = Self(rawValue: 28)
    public static let userAuthenticationFailed = Self(rawValue: 29)
    public static let requestRejectedBySGWOrPGW = Self(rawValue: 30)
    public static let requestRejectedUnspecified = Self(rawValue: 31)
    public static let serviceOptionNotSupported = Self(rawValue: 32)
    public static let requestedServiceOptionNotSubscribed = Self(rawValue: 33)
    public static let serviceOptionTemporarilyOutOfOrder = Self(rawValue: 34)
    public static let ptiAlreadyInUse = Self(rawValue: 35)
    public static let regularDeactivation = Self(rawValue: 36)
    public static let epsQoSNotAccepted = Self(rawValue: 37)
    public static let networkFailure = Self(rawValue: 38)
    public static let reactivationRequested = Self(rawValue: 39)
    public static let semanticErrorInTheTFTOperation = Self(rawValue: 41)
    public static let syntacticalErrorInTheTFTOperation = Self(rawValue: 42)
    public static let invalidEPSBearerIdentity = Self(rawValue: 43)
    public static let semanticErrorsInPacketFilters = Self(rawValue: 44)
    public static let syntacticalErrorsInPacketFilters = Self(rawValue: 45)
    public static let ptiMismatch = Self(rawValue: 47)
    public static let lastPDNDisconnectionNotAllowed = Self(rawValue: 49)
    public static let pdnTypeIPv4OnlyAllowed = Self(rawValue: 50)
    public static let pdnTypeIPv6OnlyAllowed = Self(rawValue: 51)
    public static let singleAddressBearersOnlyAllowed = Self(rawValue: 52)
    public static let esmInformationNotReceived = Self(rawValue: 53)
    public static let pdnConnectionDoesNotExist = Self(rawValue: 54)
    public static let multiplePDNConnectionsForAGivenAPNNotAllowed = Self(rawValue: 55)
    public static let collisionWithNetworkInitiatedRequest = Self(rawValue: 56)
    public static let unsupportedQCIValue = Self(rawValue: 59)
    public static let bearerHandlingNotSupported = Self(rawValue: 60)
    public static let invalidPTIValue = Self(rawValue: 81)
    public static let semanticallyIncorrectMessage = Self(rawValue: 95)
    public static let invalidMandatoryInformation = Self(rawValue: 96)
    public static let messageTypeNonExistent = Self(rawValue: 97)
    public static let messageTypeNotCompatibleWithProtocolState = Self(rawValue: 98)
    public static let informationElementNonExistent = Self(rawValue: 99)
    public static let conditionalIEError = Self(rawValue: 100)
    public static let messageNotCompatibleWithProtocolState = Self(rawValue: 101)
    public static let protocolErrorUnspecified = Self(rawValue: 111)
    public static let apnRestrictionValueIncompatible = Self(rawValue: 112)

    public var description: String { "ESM cause #\(rawValue)" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> ESMCause {
        ESMCause(rawValue: try reader.u8("ESM cause"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}

/// GPRS timer and GPRS timer 2 (TS 24.008 10.5.7.3, 10.5.7.4): a 3-bit unit and a 5-bit value.
/// The two IEs share the coding; GPRS timer 2 is the TLV form.
public struct GPRSTimer: Hashable, Sendable, CustomStringConvertible, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public enum Unit: UInt8, Sendable {
        case twoSeconds = 0
        case minutes = 1
        case decihours = 2
        case deactivated = 7
    }

    public init(_ value: UInt8, unit: Unit) { rawValue = unit.rawValue << 5 | (value & 0x1F) }

    public static let deactivated = GPRSTimer(0, unit: .deactivated)
    public static func seconds(_ seconds: UInt8) -> GPRSTimer { GPRSTimer(seconds / 2, unit: .twoSeconds) }
    public static func minutes(_ minutes: UInt8) -> GPRSTimer { GPRSTimer(minutes, unit: .minutes) }

    public var value: UInt8 { rawValue & 0x1F }
    /// Units 3-6 are read as minutes (10.5.7.3).
    public var unit: Unit { Unit(rawValue: rawValue >> 5) ?? .minutes }

    /// The duration in seconds; nil when deactivated.
    public var seconds: Int? {
        switch unit {
        case .twoSeconds: 2 * Int(value)
        case .minutes: 60 * Int(value)
        case .decihours: 360 * Int(value)
        case .deactivated: nil
        }
    }

    public var description: String { seconds.map { "\($0)s" } ?? "deactivated" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> GPRSTimer {
        GPRSTimer(rawValue: try reader.u8("GPRS timer"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}

/// GPRS timer 3 (TS 24.008 10.5.7.4a): the long timers (T3412 extended, T3396 back-off, T3447).
public struct GPRSTimer3: Hashable, Sendable, CustomStringConvertible, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public enum Unit: UInt8, Sendable {
        case tenMinutes = 0
        case hours = 1
        case tenHours = 2
        case twoSeconds = 3
        case thirtySeconds = 4
        case minutes = 5
        case threeHundredTwentyHours = 6
        case deactivated = 7
    }

    public init(_ value: UInt8, unit: Unit) { rawValue = unit.rawValue << 5 | (value & 0x1F) }

    public static let deactivated = GPRSTimer3(0, unit: .deactivated)

    public var value: UInt8 { rawValue & 0x1F }
    public var unit: Unit { Unit(rawValue: rawValue >> 5) ?? .deactivated }

    public var seconds: Int? {
        let value = Int(value)
        switch unit {
        case .tenMinutes: return 600 * value
        case .hours: return 3600 * value
        case .tenHours: return 36000 * value
        case .twoSeconds: return 2 * value
        case .thirtySeconds: return 30 * value
        case .minutes: return 60 * value
        case .threeHundredTwentyHours: return 1_152_000 * value
        case .deactivated: return nil
        }
    }

    public var description: String { seconds.map { "\($0)s" } ?? "deactivated" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> GPRSTimer3 {
        GPRSTimer3(rawValue: try reader.u8("GPRS timer 3"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}
