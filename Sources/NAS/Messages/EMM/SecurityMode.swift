import NIOCore
import Wire

/// SECURITY MODE COMMAND (TS 24.301 8.2.20), network to UE: the algorithms chosen, the key set,
/// and the UE's security capabilities replayed for the UE to check.
public struct SecurityModeCommand: EMMMessageBody {
    public static let messageType = EMMMessageType.securityModeCommand
    public static let optionalIETable = NASIETable([
        .init(0xC0, .halfOctet), .init(0x55, .fixed(4)), .init(0x56, .fixed(4)), .init(0x4F, .tlv),
        .init(0x6F, .tlv), .init(0x37, .tlv),
    ])

    public var selectedAlgorithms: NASSecurityAlgorithms
    public var nasKeySetIdentifier: NASKeySetIdentifier
    /// The spare half octet beside the key set identifier, as received (0 when sent).
    public var spareHalfOctet: UInt8
    public var replayedUESecurityCapability: UESecurityCapability
    public var optionalIEs: NASOptionalIEs

    public init(selectedAlgorithms: NASSecurityAlgorithms, nasKeySetIdentifier: NASKeySetIdentifier,
                replayedUESecurityCapability: UESecurityCapability, optionalIEs: NASOptionalIEs = NASOptionalIEs(),
                spareHalfOctet: UInt8 = 0) {
        self.selectedAlgorithms = selectedAlgorithms
        self.nasKeySetIdentifier = nasKeySetIdentifier
        self.replayedUESecurityCapability = replayedUESecurityCapability
        self.optionalIEs = optionalIEs
        self.spareHalfOctet = spareHalfOctet & 0x0F
    }

    public var imeisvRequest: IMEISVRequest? { get { optionalHalfOctet(0xC0) } set { setOptionalHalfOctet(0xC0, newValue) } }
    public var replayedNonceUE: NASOctets? { get { optional(0x55) } set { setOptional(0x55, newValue) } }
    public var nonceMME: NASOctets? { get { optional(0x56) } set { setOptional(0x56, newValue) } }
    /// HashMME (TS 24.301 9.9.3.50): 8 octets of the hash of the initial NAS message.
    public var hashMME: NASOctets? { get { optional(0x4F) } set { setOptional(0x4F, newValue) } }
    /// Replayed UE additional security capability (TS 24.301 9.9.3.53), as received.
    public var replayedUEAdditionalSecurityCapability: ByteBuffer? { get { optional(0x6F) } set { setOptional(0x6F, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> SecurityModeCommand {
        let algorithms = try mandatory { () throws(CodecError) in
            NASSecurityAlgorithms(rawValue: try reader.u8("NAS security algorithms"))
        }
        let octet = try mandatory { () throws(CodecError) in try reader.u8("NAS key set identifier") }
        let capability = try mandatory { () throws(CodecError) in
            try reader.lengthValue(UESecurityCapability.self, "replayed UE security capabilities")
        }
        return SecurityModeCommand(selectedAlgorithms: algorithms, nasKeySetIdentifier: NASKeySetIdentifier(rawValue: octet),
                                   replayedUESecurityCapability: capability,
                                   optionalIEs: try .decode(&reader, table: optionalIETable), spareHalfOctet: octet >> 4)
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(selectedAlgorithms.rawValue)
        writer.writeHalves(high: spareHalfOctet, low: nasKeySetIdentifier.rawValue)
        writer.writeLengthValue(replayedUESecurityCapability)
        optionalIEs.encode(into: &writer)
    }
}

/// SECURITY MODE COMPLETE (TS 24.301 8.2.21), UE to network.
public struct SecurityModeComplete: EMMMessageBody {
    public static let messageType = EMMMessageType.securityModeComplete
    public static let optionalIETable = NASIETable([.init(0x23, .tlv), .init(0x79, .tlvE), .init(0x66, .tlv)])

    public var optionalIEs: NASOptionalIEs

    public init(imeisv: MobileIdentity? = nil, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.optionalIEs = optionalIEs
        if let imeisv { self.imeisv = imeisv }
    }

    /// The IMEISV, when SECURITY MODE COMMAND asked for it.
    public var imeisv: MobileIdentity? { get { optional(0x23) } set { setOptional(0x23, newValue) } }
    /// The initial NAS message replayed in full, when the MME's HashMME did not match (9.9.3.51).
    public var replayedNASMessageContainer: ByteBuffer? { get { optional(0x79) } set { setOptional(0x79, newValue) } }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> SecurityModeComplete {
        SecurityModeComplete(optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) { optionalIEs.encode(into: &writer) }
}

/// SECURITY MODE REJECT (TS 24.301 8.2.22), UE to network.
public struct SecurityModeReject: EMMMessageBody {
    public static let messageType = EMMMessageType.securityModeReject
    public static let optionalIETable = NASIETable.empty

    public var emmCause: EMMCause
    public var optionalIEs: NASOptionalIEs

    public init(emmCause: EMMCause, optionalIEs: NASOptionalIEs = NASOptionalIEs()) {
        self.emmCause = emmCause
        self.optionalIEs = optionalIEs
    }

    public static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> SecurityModeReject {
        let cause = try mandatory { () throws(CodecError) in EMMCause(rawValue: try reader.u8("EMM cause")) }
        return SecurityModeReject(emmCause: cause, optionalIEs: try .decode(&reader, table: optionalIETable))
    }

    public func encodeBody(into writer: inout WireWriter) {
        writer.writeU8(emmCause.rawValue)
        optionalIEs.encode(into: &writer)
    }
}
