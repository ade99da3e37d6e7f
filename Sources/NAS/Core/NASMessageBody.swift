import NIOCore
import Wire

/// What every EMM and ESM message struct shares: its optional IEs and the table that orders them.
public protocol NASMessageBody: Hashable, Sendable {
    /// The optional IEs the message type knows, in specification order.
    static var optionalIETable: NASIETable { get }
    /// The non-imperative part as received (or as set through the typed accessors).
    var optionalIEs: NASOptionalIEs { get set }
}

extension NASMessageBody {
    /// The optional IE `iei` decoded as `T`; nil when absent or malformed.
    @inlinable
    public func optional<T: NASValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        optionalIEs.value(iei, as: type)
    }

    /// Sets or removes the optional IE `iei`.
    public mutating func setOptional<T: NASValue>(_ iei: UInt8, _ value: T?) {
        optionalIEs.set(iei, value, in: Self.optionalIETable)
    }

    /// The type 1 optional IE `iei` (its high half, e.g. 0xF0).
    @inlinable
    public func optionalHalfOctet<T: NASHalfOctetValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        optionalIEs.halfOctet(iei, as: type)
    }

    public mutating func setOptionalHalfOctet<T: NASHalfOctetValue>(_ iei: UInt8, _ value: T?) {
        optionalIEs.setHalfOctet(iei, value, in: Self.optionalIETable)
    }
}

/// An EMM message: header (security header type 0, PD 7), message type, then this body.
public protocol EMMMessageBody: NASMessageBody {
    static var messageType: EMMMessageType { get }
    /// Reads the body (mandatory part, then optional IEs) after the message type octet.
    static func decodeBody(_ reader: inout WireReader) throws(NASDecodeError) -> Self
    /// Writes the body after the message type octet.
    func encodeBody(into writer: inout WireWriter)
}

/// The two ESM header fields a message carries before its type.
public struct ESMHeader: Hashable, Sendable {
    /// EPS bearer identity (TS 24.301 9.3.2); 0 when no bearer is assigned.
    public var bearerIdentity: UInt8
    /// Procedure transaction identity (TS 24.301 9.4); 0 when none.
    public var procedureTransactionIdentity: UInt8

    public init(bearerIdentity: UInt8, procedureTransactionIdentity: UInt8) {
        self.bearerIdentity = bearerIdentity & 0x0F
        self.procedureTransactionIdentity = procedureTransactionIdentity
    }
}

/// An ESM message: EPS bearer identity and PD 2, PTI, message type, then this body.
public protocol ESMMessageBody: NASMessageBody {
    static var messageType: ESMMessageType { get }
    var header: ESMHeader { get set }
    static func decodeBody(_ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> Self
    func encodeBody(into writer: inout WireWriter)
}

extension ESMMessageBody {
    public var bearerIdentity: UInt8 {
        get { header.bearerIdentity }
        set { header.bearerIdentity = newValue & 0x0F }
    }

    public var procedureTransactionIdentity: UInt8 {
        get { header.procedureTransactionIdentity }
        set { header.procedureTransactionIdentity = newValue }
    }
}

/// ESM messages that may carry protocol configuration options (IEI 0x27) and extended protocol
/// configuration options (IEI 0x7B).
public protocol CarriesProtocolConfigurationOptions: ESMMessageBody {}

extension CarriesProtocolConfigurationOptions {
    public var protocolConfigurationOptions: ProtocolConfigurationOptions? {
        get { optional(0x27) }
        set { setOptional(0x27, newValue) }
    }

    public var extendedProtocolConfigurationOptions: ProtocolConfigurationOptions? {
        get { optional(0x7B) }
        set { setOptional(0x7B, newValue) }
    }
}

/// ESM message container (TS 24.301 9.9.3.15): the ESM message an EMM message carries.
///
/// Decoding an EMM message decodes the container too, but an ESM message that does not decode
/// does not fail the EMM message (the ESM layer answers it, TS 24.301 5.5.1.2.4): `message` is
/// then nil and `decodingError` says why.
public struct ESMMessageContainer: Hashable, Sendable, NASValue {
    /// The ESM message as received or built.
    public let bytes: ByteBuffer
    public let message: ESMMessage?

    public init(_ message: ESMMessage) {
        var bytes = ByteBuffer()
        bytes.writeWire(estimatedSize: 256) { message.encode(into: &$0) }
        self.bytes = bytes
        self.message = message
    }

    /// Wraps octets as they are, decoding them if they decode.
    public init(bytes: ByteBuffer) {
        self.bytes = bytes
        var reader = WireReader(bytes)
        message = try? ESMMessage.decode(&reader)
    }

    /// Why `message` is nil (decoded again: errors are rare, and keeping one in every container
    /// would make every EMM message that carries one much larger to copy).
    public var decodingError: NASDecodeError? {
        guard message == nil else { return nil }
        var reader = WireReader(bytes)
        do {
            _ = try ESMMessage.decode(&reader)
            return nil
        } catch {
            return error
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> ESMMessageContainer {
        ESMMessageContainer(bytes: reader.rest())
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}
