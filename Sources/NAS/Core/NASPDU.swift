import NIOCore
import Wire

/// A NAS PDU as S1AP carries it: a plain message, a security-protected envelope around one, or the
/// short SERVICE REQUEST.
public enum NASPDU: Hashable, Sendable, WireEncodable {
    case plain(NASMessage)
    case protected(ProtectedNAS)
    case serviceRequest(ServiceRequest)

    /// Decodes what fills `buffer`. A protected message's inner message is not decoded here: it may
    /// be ciphered; see `ProtectedNAS.decodeInner`.
    public static func decode(_ buffer: ByteBuffer, direction: NASDirection? = nil) throws(NASDecodeError) -> NASPDU {
        var reader = WireReader(buffer)
        guard let first = reader.peekU8() else { throw NASDecodeError.tooShort(reader, "NAS PDU") }
        guard first & 0x0F == ProtocolDiscriminator.emm.rawValue, first >> 4 != 0 else {
            return .plain(try NASMessage.decode(&reader, direction: direction))
        }
        let headerType = SecurityHeaderType(rawValue: first >> 4)
        if headerType.isServiceRequest {
            return .serviceRequest(try ServiceRequest.decode(&reader))
        }
        guard headerType.isProtectedEnvelope else {
            throw NASDecodeError(.reservedSecurityHeaderType(headerType.rawValue),
                                 reader.error(.invalidValue("security header type \(headerType.rawValue)"), "NAS PDU"))
        }
        return .protected(try ProtectedNAS.decode(&reader))
    }

    public func encode(into writer: inout WireWriter) {
        switch self {
        case .plain(let message): message.encode(into: &writer)
        case .protected(let envelope): envelope.encode(into: &writer)
        case .serviceRequest(let request): request.encode(into: &writer)
        }
    }

    public var encodedSizeEstimate: Int { 256 }
}

/// A security-protected NAS message (TS 24.301 9.1, 9.3.1): header type and PD, the 32-bit MAC,
/// the sequence number (low 8 bits of the NAS COUNT), then the NAS message, ciphered or not.
///
/// The MAC is computed over the sequence number and the message (`integrityProtectedBytes`) with
/// the NAS COUNT, bearer and direction as further input (TS 33.401 annex B); ciphering covers the
/// message alone. Both are done elsewhere: this type only frames them.
public struct ProtectedNAS: Hashable, Sendable, WireEncodable {
    public var headerType: SecurityHeaderType
    public var mac: UInt32
    public var sequenceNumber: UInt8
    /// The NAS message: plain, or ciphered when `headerType.isCiphered` and an algorithm other than
    /// EEA0 is in use.
    public var inner: ByteBuffer

    public init(headerType: SecurityHeaderType, mac: UInt32, sequenceNumber: UInt8, inner: ByteBuffer) {
        self.headerType = headerType
        self.mac = mac
        self.sequenceNumber = sequenceNumber
        self.inner = inner
    }

    /// An envelope around `message` as it is (for integrity-only protection or EEA0).
    public init(headerType: SecurityHeaderType, mac: UInt32 = 0, sequenceNumber: UInt8, message: NASMessage) {
        self.init(headerType: headerType, mac: mac, sequenceNumber: sequenceNumber, inner: message.encoded())
    }

    /// What the MAC covers: the sequence number, then the (ciphered) message.
    public var integrityProtectedBytes: ByteBuffer {
        Self.integrityProtectedBytes(sequenceNumber: sequenceNumber, inner: inner)
    }

    public static func integrityProtectedBytes(sequenceNumber: UInt8, inner: ByteBuffer) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.reserveCapacity(1 + inner.readableBytes)
        bytes.writeU8(sequenceNumber)
        bytes.writeImmutableBuffer(inner)
        return bytes
    }

    /// Decodes the inner message; valid when it is not ciphered (or once it has been deciphered).
    public func decodeInner(direction: NASDirection? = nil) throws(NASDecodeError) -> NASMessage {
        try NASMessage.decode(inner, direction: direction)
    }

    static func decode(_ reader: inout WireReader) throws(NASDecodeError) -> ProtectedNAS {
        // Header, MAC and sequence number, plus at least a header and type for the inner message.
        guard reader.remaining >= 8 else { throw NASDecodeError.tooShort(reader, "security protected NAS message") }
        let first = (try? reader.u8("security header type")) ?? 0
        let mac = (try? reader.u32("message authentication code")) ?? 0
        let sequence = (try? reader.u8("sequence number")) ?? 0
        return ProtectedNAS(headerType: SecurityHeaderType(rawValue: first >> 4), mac: mac, sequenceNumber: sequence,
                            inner: reader.rest())
    }

    public func encode(into writer: inout WireWriter) {
        writer.writeU8(headerType.rawValue << 4 | ProtocolDiscriminator.emm.rawValue)
        writer.writeU32(mac)
        writer.writeU8(sequenceNumber)
        writer.writeBuffer(inner)
    }
}

/// SERVICE REQUEST (TS 24.301 8.2.25): the 4-octet message with security header type 12. Its
/// short MAC is the low 16 bits of the MAC computed over the first two octets.
public struct ServiceRequest: Hashable, Sendable, WireEncodable {
    /// 12, or 13-15 as received (read as 12, 9.3.1).
    public var headerType: SecurityHeaderType
    /// KSI (bits 8-6 of "KSI and sequence number", TS 24.301 9.9.3.19).
    public var keySetIdentifier: UInt8
    /// The five least significant bits of the uplink NAS COUNT.
    public var sequenceNumber: UInt8
    public var shortMAC: UInt16

    public init(keySetIdentifier: UInt8, sequenceNumber: UInt8, shortMAC: UInt16 = 0,
                headerType: SecurityHeaderType = .serviceRequest) {
        self.headerType = headerType
        self.keySetIdentifier = keySetIdentifier & 0x07
        self.sequenceNumber = sequenceNumber & 0x1F
        self.shortMAC = shortMAC
    }

    /// The first two octets, over which the short MAC is computed.
    public var integrityProtectedBytes: ByteBuffer {
        var bytes = ByteBuffer()
        bytes.writeU8(headerType.rawValue << 4 | ProtocolDiscriminator.emm.rawValue)
        bytes.writeU8(keySetIdentifier << 5 | sequenceNumber)
        return bytes
    }

    static func decode(_ reader: inout WireReader) throws(NASDecodeError) -> ServiceRequest {
        do {
            let first = try reader.u8("security header type")
            let ksiAndSequence = try reader.u8("KSI and sequence number")
            let mac = try reader.u16("short MAC")
            try reader.expectEnd("SERVICE REQUEST")
            return ServiceRequest(keySetIdentifier: ksiAndSequence >> 5, sequenceNumber: ksiAndSequence & 0x1F, shortMAC: mac,
                                  headerType: SecurityHeaderType(rawValue: first >> 4))
        } catch {
            var failure = NASDecodeError(.invalidMandatoryInformation, error)
            failure.protocolDiscriminator = .emm
            throw failure
        }
    }

    public func encode(into writer: inout WireWriter) {
        writer.writeU8(headerType.rawValue << 4 | ProtocolDiscriminator.emm.rawValue)
        writer.writeU8(keySetIdentifier << 5 | sequenceNumber)
        writer.writeU16(shortMAC)
    }
}
