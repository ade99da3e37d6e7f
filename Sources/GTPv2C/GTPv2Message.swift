import NIOCore
import Wire

/// A GTPv2-C message: its header and its IEs in the order they came or were added.
///
/// Keeping the IE list (rather than one stored property per IE) is what makes any received message
/// re-encode byte for byte, unknown IEs and unusual orders included. Typed access goes through
/// `subscript(_:)` and the message-specific views in Messages/.
public struct GTPv2Message: Hashable, Sendable, CustomStringConvertible {
    public var header: GTPv2Header
    public var list: GTPv2IEList

    public init(header: GTPv2Header, ies: [GTPv2IE] = []) {
        self.header = header
        self.list = GTPv2IEList(ies)
    }

    init(header: GTPv2Header, list: GTPv2IEList) {
        self.header = header
        self.list = list
    }

    /// Every IE, built; setting it rewrites the list.
    public var ies: [GTPv2IE] {
        get { list.ies }
        set { list.ies = newValue }
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
        var tracker = GTPv2MandatoryIEs.Tracker(header.messageType)
        let list: GTPv2IEList
        do throws(CodecError) {
            list = try reader.bounded(bodyLength, "GTPv2 message body") { body throws(CodecError) in
                try GTPv2IEList.decode(&body, depth: 0) { data, entry in tracker.observe(entry, &data) }
            }
        } catch {
            throw .malformed(error, header: header)
        }
        let message = GTPv2Message(header: header, list: list)
        try tracker.verify(message)
        return message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(estimatedSize: encodedSizeEstimate) { encode(into: &$0) }
    }

    /// Exact: the header and every IE's framing and stored value.
    public var encodedSizeEstimate: Int {
        list.entries.reduce(header.length) { $0 + 4 + Int($1.length) }
    }

    public func encode(into writer: inout WireWriter) {
        let start = writer.count
        let lengthAt = header.encode(into: &writer)
        list.encode(into: &writer)
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
        buffer.writeWire(estimatedSize: messages.reduce(0) { $0 + $1.encodedSizeEstimate }) { writer in
            for (index, message) in messages.enumerated() {
                var message = message
                // Every message but the last announces the next; the last keeps its flag as given,
                // so that a received datagram re-encodes as it came.
                if index < messages.count - 1 { message.header.piggybacked = true }
                message.encode(into: &writer)
            }
        }
    }
}

extension GTPv2Message {
    /// The first IE with this type and instance.
    public subscript(_ key: GTPv2IEKey) -> GTPv2IE? { list.first(key) }

    /// Every IE with this type and instance (Bearer Contexts can repeat).
    public func all(_ key: GTPv2IEKey) -> [GTPv2IE] { list.all(key) }

    /// Replaces the first IE with this key, or appends one.
    public mutating func set(_ ie: GTPv2IE) {
        list.set(ie.value, for: ie.key)
    }

    public mutating func remove(_ key: GTPv2IEKey) { list.removeAll(key) }

    /// Every IE of a modelled type that could not be decoded, including inside Bearer Contexts.
    public var rawKnownIEs: [GTPv2IE] {
        list.rawKnownIEs + list.entries.filter { $0.type == .bearerContext }.flatMap { entry -> [GTPv2IE] in
            guard case .bearerContext(let context) = list.value(of: entry) else { return [list.ie(of: entry)] }
            return context.list.rawKnownIEs
        }
    }
}
