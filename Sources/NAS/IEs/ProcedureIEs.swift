import NIOCore
import Wire

/// A type 1 value the codec keeps as its four bits (device properties, TMSI status, GUTI type,
/// MS network feature support, CSFB response and the like).
public struct HalfOctet: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }
}

/// EPS attach type (TS 24.301 9.9.3.11).
public struct EPSAttachType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let epsAttach = Self(rawValue: 1)
    public static let combinedEPSIMSIAttach = Self(rawValue: 2)
    public static let epsEmergencyAttach = Self(rawValue: 6)
    /// The type without the spare bit.
    public var value: UInt8 { rawValue & 0x07 }
}

/// EPS attach result (TS 24.301 9.9.3.10).
public struct EPSAttachResult: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let epsOnly = Self(rawValue: 1)
    public static let combinedEPSIMSI = Self(rawValue: 2)
    public var value: UInt8 { rawValue & 0x07 }
}

/// EPS update type (TS 24.301 9.9.3.14), with the "active" flag (bearers to re-establish).
public struct EPSUpdateType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public init(_ value: UInt8, active: Bool = false) { self.init(rawValue: (active ? 0x08 : 0) | (value & 0x07)) }

    public static let taUpdating: UInt8 = 0
    public static let combinedTALAUpdating: UInt8 = 1
    public static let combinedTALAUpdatingWithIMSIAttach: UInt8 = 2
    public static let periodicUpdating: UInt8 = 3

    public var value: UInt8 { rawValue & 0x07 }
    public var isActive: Bool { rawValue & 0x08 != 0 }
}

/// EPS update result (TS 24.301 9.9.3.13).
public struct EPSUpdateResult: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let taUpdated = Self(rawValue: 0)
    public static let combinedTALAUpdated = Self(rawValue: 1)
    public static let taUpdatedAndISRActivated = Self(rawValue: 4)
    public static let combinedTALAUpdatedAndISRActivated = Self(rawValue: 5)
    public var value: UInt8 { rawValue & 0x07 }
}

/// Detach type (TS 24.301 9.9.3.7). The switch-off flag only means something from the UE.
public struct DetachType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public init(_ value: UInt8, switchOff: Bool = false) { self.init(rawValue: (switchOff ? 0x08 : 0) | (value & 0x07)) }

    /// UE originating: 1 EPS detach, 2 IMSI detach, 3 combined EPS/IMSI detach.
    public static let epsDetach: UInt8 = 1
    public static let imsiDetach: UInt8 = 2
    public static let combinedEPSIMSIDetach: UInt8 = 3
    /// UE terminating: 1 re-attach required, 2 re-attach not required, 3 IMSI detach.
    public static let reattachRequired: UInt8 = 1
    public static let reattachNotRequired: UInt8 = 2

    public var value: UInt8 { rawValue & 0x07 }
    public var isSwitchOff: Bool { rawValue & 0x08 != 0 }
}

/// Service type (TS 24.301 9.9.3.27) of EXTENDED SERVICE REQUEST.
public struct ServiceType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let mobileOriginatingCSFallback = Self(rawValue: 0)
    public static let mobileTerminatingCSFallback = Self(rawValue: 1)
    public static let mobileOriginatingCSFallbackEmergency = Self(rawValue: 2)
    public static let packetServicesViaS1 = Self(rawValue: 8)
}

/// Additional update type (TS 24.301 9.9.3.0B): "SMS only" and the CIoT preferences.
public struct AdditionalUpdateType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let smsOnly = Self(rawValue: 1)
    public var isSMSOnly: Bool { rawValue & 0x01 != 0 }
}

/// Additional update result (TS 24.301 9.9.3.0A).
public struct AdditionalUpdateResult: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let noAdditionalInformation = Self(rawValue: 0)
    public static let csFallbackNotPreferred = Self(rawValue: 1)
    public static let smsOnly = Self(rawValue: 2)
}

/// Voice domain preference and UE's usage setting (TS 24.008 10.5.5.28).
public struct VoiceDomainPreference: Hashable, Sendable, NASValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(preference: UInt8, dataCentric: Bool = false) {
        rawValue = (dataCentric ? 0x04 : 0) | (preference & 0x03)
    }

    /// 0 CS voice only, 1 IMS PS voice only, 2 CS preferred, 3 IMS PS voice preferred.
    public var preference: UInt8 { rawValue & 0x03 }
    public static let csVoiceOnly: UInt8 = 0
    public static let imsPSVoiceOnly: UInt8 = 1
    public static let csVoicePreferred: UInt8 = 2
    public static let imsPSVoicePreferred: UInt8 = 3
    /// UE's usage setting: data centric rather than voice centric.
    public var isDataCentric: Bool { rawValue & 0x04 != 0 }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> VoiceDomainPreference {
        VoiceDomainPreference(rawValue: try reader.u8("voice domain preference"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU8(rawValue) }
}

/// DRX parameter (TS 24.008 10.5.5.6).
public struct DRXParameter: Hashable, Sendable, NASValue {
    /// The two octets as sent.
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public var splitPGCycleCode: UInt8 { UInt8(rawValue >> 8) }
    /// CN specific DRX cycle length coefficient and DRX value for S1 mode (0 = not specified by the UE).
    public var drxCycleLengthCoefficient: UInt8 { UInt8(truncatingIfNeeded: rawValue) >> 4 }
    public var splitOnCCCH: Bool { rawValue & 0x08 != 0 }
    public var nonDRXTimer: UInt8 { UInt8(truncatingIfNeeded: rawValue) & 0x07 }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> DRXParameter {
        DRXParameter(rawValue: try reader.u16("DRX parameter"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU16(rawValue) }
}

/// EPS bearer context status (TS 24.301 9.9.2.1): which bearers the sender has active.
public struct EPSBearerContextStatus: Hashable, Sendable, NASValue {
    /// Octet 1 (EBI 7-0, bit 8 = EBI 7) in the high byte, octet 2 (EBI 15-8) in the low byte.
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// EPS bearer identities are 4 bits; larger values are taken modulo 16.
    public init(activeBearers: [UInt8]) {
        rawValue = activeBearers.reduce(0) { $0 | Self.mask(for: $1) }
    }

    public func isActive(_ ebi: UInt8) -> Bool { rawValue & Self.mask(for: ebi) != 0 }

    private static func mask(for ebi: UInt8) -> UInt16 {
        let bit = UInt16(ebi & 0x0F)
        return bit < 8 ? 1 << (8 + bit) : 1 << (bit - 8)
    }

    public var activeBearers: [UInt8] { (0..<16).map(UInt8.init).filter(isActive) }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> EPSBearerContextStatus {
        EPSBearerContextStatus(rawValue: try reader.u16("EPS bearer context status"))
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeU16(rawValue) }
}

/// Location area identification (TS 24.008 10.5.1.3).
public struct LocationAreaIdentification: Hashable, Sendable, NASValue {
    public var plmn: PLMN
    public var lac: UInt16

    public init(plmn: PLMN, lac: UInt16) {
        self.plmn = plmn
        self.lac = lac
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> LocationAreaIdentification {
        LocationAreaIdentification(plmn: try PLMN.decode(&reader), lac: try reader.u16("LAC"))
    }

    public func encode(nasValue writer: inout WireWriter) {
        plmn.encode(into: &writer)
        writer.writeU16(lac)
    }
}

extension TAI: NASValue {
    /// Tracking area identity (TS 24.301 9.9.3.32), e.g. the last visited registered TAI.
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> TAI {
        try decode(&reader)
    }

    public func encode(nasValue writer: inout WireWriter) { encode(into: &writer) }
}

/// PLMN list (TS 24.008 10.5.1.13): the equivalent PLMNs of ATTACH/TAU ACCEPT.
public struct PLMNList: Hashable, Sendable, NASValue {
    public let bytes: ByteBuffer

    public init(_ plmns: [PLMN]) {
        var bytes = ByteBuffer()
        for plmn in plmns { bytes.writeU24(plmn.octets) }
        self.bytes = bytes
    }

    public var plmns: [PLMN] {
        var reader = WireReader(bytes)
        var result = [PLMN]()
        while let plmn = try? PLMN.decode(&reader) { result.append(plmn) }
        return result
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> PLMNList {
        let bytes = reader.unread
        guard reader.remaining % 3 == 0 else { throw reader.error(.invalidLength(reader.remaining), "PLMN list") }
        while !reader.isAtEnd { _ = try PLMN.decode(&reader) }
        return PLMNList(bytes: bytes)
    }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

/// EPS network feature support (TS 24.301 9.9.3.12A): IMS voice over PS and friends.
public struct EPSNetworkFeatureSupport: Hashable, Sendable, NASValue {
    public let bytes: ByteBuffer

    /// Octet 1 with IMS VoPS in bit 1, EMC BS in bit 2, and so on; `more` are later octets.
    public init(firstOctet: UInt8, more: [UInt8] = []) {
        var bytes = ByteBuffer()
        bytes.writeU8(firstOctet)
        bytes.writeBytes(more)
        self.bytes = bytes
    }

    public var imsVoiceOverPS: Bool { (bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0) & 0x01 != 0 }
    public var emergencyBearerServices: Bool { (bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0) & 0x02 != 0 }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> EPSNetworkFeatureSupport {
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "EPS network feature support") }
        return EPSNetworkFeatureSupport(bytes: reader.rest())
    }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}
