import NIOCore
import Wire

/// A GTPv2-C message: its header and its IEs in the order they came or were added.
///
/// Keeping the IE list (rather than one stored property per IE) is what makes any received message
/// re-encode byte for byte, unknown IEs and unusual orders included. Typed access goes through
/// `subscript(_:)` and the message-specific views in Messages/.
public struct GTPv2Message: Hashable, Sendable, CustomStringConvertible {
    public var header: GTPv2Header
    public var ies: [GTPv2IE]

    public init(header: GTPv2Header, ies: [GTPv2IE] = []) {
        self.header = header
        self.ies = ies
    }

    public init(_ type: GTPv2MessageType, teid: UInt32?, sequenceNumber: UInt32, ies: [GTPv2IE] = []) {
        self.init(header: GTPv2Header(messageType: type, teid: teid, sequenceNumber: sequenceNumber), ies: ies)
    }

    public var type: GTPv2MessageType { header.messageType }
    public var description: String { "\(type) seq=\(header.sequenceNumber) teid=\(header.teid.map { String($0) } ?? "-")" }

    /// Decodes every message in a datagram: the first and, when its P flag is set, the piggybacked
    /// one that follows (TS 29.274 5.5.1).
    public static func decodeDatagram(_ buffer: ByteBuffer) throws(GTPv2DecodeError) -> [GTPv2Message] {
        var reader = WireReader(buffer)
        var messages = [try decode(&reader)]
        while messages[messages.count - 1].header.piggybacked, !reader.isAtEnd, messages.count < 2 {
            messages.append(try decode(&reader))
        }
        return messages
    }

    /// Decodes exactly one message that fills `buffer`.
    public static func decode(_ buffer: ByteBuffer) throws(GTPv2DecodeError) -> GTPv2Message {
        var reader = WireReader(buffer)
        let message = try decode(&reader)
        guard reader.isAtEnd || message.header.piggybacked else {
            throw .malformed(reader.error(.trailingBytes(reader.remaining), "GTPv2 message"), header: message.header)
        }
        return message
    }

    /// Decodes one message at the reader's position, checking that its mandatory IEs are there.
    public static func decode(_ reader: inout WireReader) throws(GTPv2DecodeError) -> GTPv2Message {
        let (header, bodyLength) = try GTPv2Header.decode(&reader)
        let ies: [GTPv2IE]
        do throws(CodecError) {
            ies = try reader.bounded(bodyLength, "GTPv2 message body") { body throws(CodecError) in
                try GTPv2IECodec.decodeList(&body, depth: 0)
            }
        } catch {
            throw .malformed(error, header: header)
        }
        let message = GTPv2Message(header: header, ies: ies)
        try GTPv2MandatoryIEs.check(message)
        return message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire { encode(into: &$0) }
    }

    public func encode(into writer: inout WireWriter) {
        let start = writer.count
        let lengthAt = header.encode(into: &writer)
        GTPv2IECodec.encodeList(ies, into: &writer)
        // The length counts everything after the first four octets.
        writer.patchLength(at: lengthAt, width: 2, from: start + 4)
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    /// Encodes a triggered message with an initial message piggybacked behind it in one datagram.
    public static func encodeDatagram(_ messages: [GTPv2Message], into buffer: inout ByteBuffer) {
        buffer.writeWire { writer in
            for (index, message) in messages.enumerated() {
                var message = message
                message.header.piggybacked = index < messages.count - 1
                message.encode(into: &writer)
            }
        }
    }
}

extension GTPv2Message {
    /// The first IE with this type and instance.
    public subscript(_ key: GTPv2IEKey) -> GTPv2IE? {
        ies.first { $0.key == key }
    }

    /// Every IE with this type and instance (Bearer Contexts can repeat).
    public func all(_ key: GTPv2IEKey) -> [GTPv2IE] {
        ies.filter { $0.key == key }
    }

    /// Replaces the first IE with this key, or appends one.
    public mutating func set(_ ie: GTPv2IE) {
        if let index = ies.firstIndex(where: { $0.key == ie.key }) { ies[index] = ie } else { ies.append(ie) }
    }

    public mutating func remove(_ key: GTPv2IEKey) {
        ies.removeAll { $0.key == key }
    }

    /// Every IE of a modelled type that could not be decoded, including inside Bearer Contexts.
    public var rawKnownIEs: [GTPv2IE] {
        ies.flatMap { ie -> [GTPv2IE] in
            if case .bearerContext(let context) = ie.value { return context.ies.filter(\.isRawKnownType) }
            return ie.isRawKnownType ? [ie] : []
        }
    }
}
