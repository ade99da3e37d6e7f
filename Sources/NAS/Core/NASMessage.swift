import NIOCore
import Wire

/// A plain (not security protected) NAS message: EMM or ESM.
public enum NASMessage: Hashable, Sendable, WireEncodable {
    case emm(EMMMessage)
    case esm(ESMMessage)

    public var protocolDiscriminator: ProtocolDiscriminator {
        switch self {
        case .emm: .emm
        case .esm: .esm
        }
    }

    /// The message type octet.
    public var messageTypeValue: UInt8 {
        switch self {
        case .emm(let message): message.messageType.rawValue
        case .esm(let message): message.messageType.rawValue
        }
    }

    /// Decodes one plain message that fills `buffer`. `direction` is only needed to tell the two
    /// forms of DETACH REQUEST apart when their content is ambiguous.
    public static func decode(_ buffer: ByteBuffer, direction: NASDirection? = nil) throws(NASDecodeError) -> NASMessage {
        var reader = WireReader(buffer)
        return try decode(&reader, direction: direction)
    }

    static func decode(_ reader: inout WireReader, direction: NASDirection?) throws(NASDecodeError) -> NASMessage {
        guard let first = reader.peekU8() else { throw NASDecodeError.tooShort(reader, "NAS message") }
        switch first & 0x0F {
        case ProtocolDiscriminator.esm.rawValue:
            return .esm(try ESMMessage.decode(&reader))
        case ProtocolDiscriminator.emm.rawValue:
            guard first >> 4 == SecurityHeaderType.plain.rawValue else {
                throw NASDecodeError(.securityProtected(SecurityHeaderType(rawValue: first >> 4)),
                                     reader.error(.unsupported("security protected"), "plain NAS message"))
            }
            guard reader.remaining >= 2 else { throw NASDecodeError.tooShort(reader, "EMM message") }
            _ = try? reader.skip(1, "EMM header")
            let type = (try? reader.u8("EMM message type")) ?? 0
            do {
                return .emm(try EMMMessage.decodeBody(type: type, &reader, direction: direction))
            } catch {
                var error = error
                error.protocolDiscriminator = .emm
                error.messageType = type
                throw error
            }
        default:
            throw NASDecodeError(.unknownProtocolDiscriminator(first & 0x0F),
                                 reader.error(.invalidValue("protocol discriminator \(first & 0x0F)"), "NAS message"))
        }
    }

    public func encode(into writer: inout WireWriter) {
        switch self {
        case .emm(let message): message.encode(into: &writer)
        case .esm(let message): message.encode(into: &writer)
        }
    }

    public var encodedSizeEstimate: Int { 256 }
}
