import NIOCore
import Wire

/// The GTPv2-C header (TS 29.274 5.1): flags, message type, length, optional TEID, 24-bit
/// sequence number, and a last octet that carries the message priority when MP is set.
public struct GTPv2Header: Hashable, Sendable {
    public var messageType: GTPv2MessageType
    /// Present when the T flag is set: every message except Echo, Version Not Supported and a few
    /// node-level ones.
    public var teid: UInt32?
    public var sequenceNumber: UInt32
    /// Message priority (TS 29.274 5.5.1), present when the MP flag is set.
    public var messagePriority: UInt8?
    /// Whether another message follows this one in the same datagram (set by the encoder of the
    /// datagram, kept here so a decoded header re-encodes as it came).
    public var piggybacked: Bool
    /// Bits the specification leaves spare: the low 2 bits of the flags octet and the low nibble
    /// (or the whole octet without MP) of the last header octet. Kept for exact re-encoding.
    public var spareFlagBits: UInt8
    public var spareLastOctet: UInt8

    public init(messageType: GTPv2MessageType, teid: UInt32?, sequenceNumber: UInt32,
                messagePriority: UInt8? = nil) {
        self.messageType = messageType
        self.teid = teid
        self.sequenceNumber = sequenceNumber & 0xFF_FFFF
        self.messagePriority = messagePriority
        self.piggybacked = false
        self.spareFlagBits = 0
        self.spareLastOctet = 0
    }

    public var length: Int { teid == nil ? 8 : 12 }

    /// Reads a header; `bodyLength` is the number of octets after it that belong to the message.
    static func decode(_ reader: inout WireReader) throws(GTPv2DecodeError) -> (GTPv2Header, bodyLength: Int) {
        let flags: UInt8
        let type: GTPv2MessageType
        let length: Int
        do throws(CodecError) {
            flags = try reader.u8("GTPv2 flags")
            type = GTPv2MessageType(rawValue: try reader.u8("GTPv2 message type"))
            length = Int(try reader.u16("GTPv2 message length"))
        } catch {
            throw .malformedHeader(error)
        }
        guard flags >> 5 == 2 else { throw .unsupportedVersion(flags >> 5) }
        do throws(CodecError) {
            let hasPriority = flags & 0x04 != 0
            let teid = flags & 0x08 != 0 ? try reader.u32("GTPv2 TEID") : nil
            let sequence = try reader.u24("GTPv2 sequence number")
            let last = try reader.u8("GTPv2 spare")
            var header = GTPv2Header(messageType: type, teid: teid, sequenceNumber: sequence,
                                     messagePriority: hasPriority ? last >> 4 : nil)
            header.piggybacked = flags & 0x10 != 0
            header.spareFlagBits = flags & 0x03
            header.spareLastOctet = hasPriority ? last & 0x0F : last
            let bodyLength = length - (header.length - 4)
            guard bodyLength >= 0 else {
                throw CodecError(.invalidLength(length), at: 2, in: "GTPv2 message length")
            }
            return (header, bodyLength)
        } catch {
            throw .malformedHeader(error)
        }
    }

    func encode(into writer: inout WireWriter) -> Int {
        var flags: UInt8 = 0x40 | spareFlagBits & 0x03
        if piggybacked { flags |= 0x10 }
        if teid != nil { flags |= 0x08 }
        if messagePriority != nil { flags |= 0x04 }
        writer.writeU8(flags)
        writer.writeU8(messageType.rawValue)
        let lengthAt = writer.reserveLength(width: 2)
        if let teid { writer.writeU32(teid) }
        writer.writeU24(sequenceNumber)
        if let messagePriority {
            writer.writeU8(messagePriority << 4 | spareLastOctet & 0x0F)
        } else {
            writer.writeU8(spareLastOctet)
        }
        return lengthAt
    }
}
