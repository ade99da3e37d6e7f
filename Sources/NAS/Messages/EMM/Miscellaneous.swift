import NIOCore
import Wire

/// EMM STATUS (TS 24.301 8.2.14), either direction: reports a protocol error with its cause.
public struct EMMStatus: EMMMessageBody {
    public static let messageType = EMMMessageType.emmStatus
    public static let optionalIETable = NASIETable.empty

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> EMMStatus {
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        return EMMStatus(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}

/// EMM INFORMATION (TS 24.301 8.2.13), network to UE: network name and time.
public struct EMMInformation: EMMMessageBody {
    public static let messageType = EMMMessageType.emmInformation
    public static let optionalIETable = NASIETable([
        .init(0x43, .tlv), .init(0x45, .tlv), .init(0x46, .fixed(1)), .init(0x47, .fixed(7)), .init(0x49, .tlv),
    ])

    public var optionalIEs: NASOptionalIEs

    public init(optionalIEs: NASOptionalIEs = NASOptionalIEs()) { self.optionalIEs = optionalIEs }

    public var fullNetworkName: NetworkName? { get { optional(0x43) } set { setOptional(0x43, newValue) } }
    public var shortNetworkName: NetworkName? { get { optional(0x45) } set { setOptional(0x45, newValue) } }
    public var localTimeZone: TimeZoneOffset? { get { optional(0x46) } set { setOptional(0x46, newValue) } }
    public var universalTimeAndLocalTimeZone: TimeZoneAndTime? { get { optional(0x47) } set { setOptional(0x47, newValue) } }
    public var networkDaylightSavingTime: DaylightSavingTime? { get { optional(0x49) } set { setOptional(0x49, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> EMMInformation {
        EMMInformation(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// GUTI REALLOCATION COMMAND (TS 24.301 8.2.16), network to UE.
public struct GUTIReallocationCommand: EMMMessageBody {
    public static let messageType = EMMMessageType.gutiReallocationCommand
    public static let optionalIETable = NASIETable([
        .init(0x54, .tlv), .init(0x65, .tlv), .init(0x66, .tlv), .init(0xB0, .halfOctet),
    ])

    public var guti: EPSMobileIdentity
    public var optionalIEs: NASOptionalIEs

    public init(guti: EPSMobileIdentity, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.guti = guti
        self.optionalIEs = optionalIEs
    }

    public var taiList: TrackingAreaIdentityList? { get { optional(0x54) } set { setOptional(0x54, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> GUTIReallocationCommand {
        let guti = try mandatory { () throws(CodecError) in try reader.lengthValue(EPSMobileIdentity.self, "GUTI") }
        return GUTIReallocationCommand(guti: guti, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(guti)
        optionalIEs.encode(into: &writer)
    }
}

/// GUTI REALLOCATION COMPLETE (TS 24.301 8.2.17), UE to network.
public struct GUTIReallocationComplete: EMMMessageBody {
    public static let messageType = EMMMessageType.gutiReallocationComplete
    public static let optionalIETable = NASIETable.empty

    public var optionalIEs: NASOptionalIEs

    public init(optionalIEs: NASOptionalIEs = NASOptionalIEs()) { self.optionalIEs = optionalIEs }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> GUTIReallocationComplete {
        GUTIReallocationComplete(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// DOWNLINK NAS TRANSPORT (TS 24.301 8.2.12), network to UE: an SMS (CP-DATA) for the UE.
public struct DownlinkNASTransport: EMMMessageBody {
    public static let messageType = EMMMessageType.downlinkNASTransport
    public static let optionalIETable = NASIETable.empty

    /// NAS message container (TS 24.301 9.9.3.22): 2 to 251 octets, as carried.
    public var nasMessageContainer: ByteBuffer
    public var optionalIEs: NASOptionalIEs

    public init(nasMessageContainer: ByteBuffer, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasMessageContainer = nasMessageContainer
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> DownlinkNASTransport {
        let container = try mandatory { () throws(CodecError) in try reader.lengthValue(ByteBuffer.self, "NAS message container") }
        return DownlinkNASTransport(nasMessageContainer: container, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(nasMessageContainer)
        optionalIEs.encode(into: &writer)
    }
}

/// UPLINK NAS TRANSPORT (TS 24.301 8.2.30), UE to network: an SMS (CP-DATA) from the UE.
public struct UplinkNASTransport: EMMMessageBody {
    public static let messageType = EMMMessageType.uplinkNASTransport
    public static let optionalIETable = NASIETable.empty

    public var nasMessageContainer: ByteBuffer
    public var optionalIEs: NASOptionalIEs

    public init(nasMessageContainer: ByteBuffer, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.nasMessageContainer = nasMessageContainer
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> UplinkNASTransport {
        let container = try mandatory { () throws(CodecError) in try reader.lengthValue(ByteBuffer.self, "NAS message container") }
        return UplinkNASTransport(nasMessageContainer: container, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeLengthValue(nasMessageContainer)
        optionalIEs.encode(into: &writer)
    }
}
