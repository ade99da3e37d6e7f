import NIOCore
import Wire

/// The bits of the first header octet (TS 29.281 5.1): version (3 bits), PT, spare, E, S, PN.
@usableFromInline
enum GTPUFlagBits {
    @usableFromInline static let protocolType: UInt8 = 0x10
    @usableFromInline static let spare: UInt8 = 0x08
    @usableFromInline static let extensionHeader: UInt8 = 0x04
    @usableFromInline static let sequenceNumber: UInt8 = 0x02
    @usableFromInline static let nPDUNumber: UInt8 = 0x01
    /// Any of E, S, PN: the 4 optional octets are present.
    @usableFromInline static let optionalFields: UInt8 = 0x07
    /// Version 1, PT 1, no optional fields: the header of almost every G-PDU.
    @usableFromInline static let plain: UInt8 = 0x30
}

/// One GTP-U packet parsed just enough to forward it: the header fields and a slice of the body,
/// read without allocating. This is the user plane's fast path; `GTPUMessage.decode` builds on it.
public struct GTPUPacketView: Hashable, Sendable {
    /// The 8 octets every GTP-U header has.
    public static let mandatoryHeaderLength = 8

    /// The 4 octets that follow the TEID when E, S or PN is set, exactly as received: the ones whose
    /// flag is clear carry no meaning (TS 29.281 5.1) but are kept.
    public struct OptionalFields: Hashable, Sendable {
        public var sequenceNumber: UInt16
        public var nPDUNumber: UInt8
        public var nextExtensionHeaderType: UInt8

        @inlinable
        public init(sequenceNumber: UInt16, nPDUNumber: UInt8, nextExtensionHeaderType: UInt8) {
            self.sequenceNumber = sequenceNumber
            self.nPDUNumber = nPDUNumber
            self.nextExtensionHeaderType = nextExtensionHeaderType
        }
    }

    /// The first octet as received: version 1, PT 1, spare bit, E, S, PN.
    public let flags: UInt8
    public let messageType: GTPUMessageType
    public let teid: UInt32
    public let optionalFields: OptionalFields?
    /// Empty unless the E flag is set and the next-type octet is not 0.
    public let extensionHeaders: GTPUExtensionHeaderChain
    /// What follows the header: the T-PDU of a G-PDU, the information elements of a signalling message.
    public let body: ByteBuffer
    /// 8 + the Length field: where the message ends. Octets after it in the datagram are not part
    /// of it and are ignored (some senders pad datagrams; tshark ignores the padding too).
    public let messageLength: Int

    public var hasSequenceNumberFlag: Bool { flags & GTPUFlagBits.sequenceNumber != 0 }
    public var hasNPDUNumberFlag: Bool { flags & GTPUFlagBits.nPDUNumber != 0 }
    public var hasExtensionHeaderFlag: Bool { flags & GTPUFlagBits.extensionHeader != 0 }

    /// The sequence number when the S flag says it is meaningful.
    public var sequenceNumber: UInt16? { hasSequenceNumberFlag ? optionalFields?.sequenceNumber : nil }
    /// The N-PDU number when the PN flag says it is meaningful.
    public var nPDUNumber: UInt8? { hasNPDUNumberFlag ? optionalFields?.nPDUNumber : nil }
    /// Offset of the body from the start of the message.
    public var bodyOffset: Int { messageLength - body.readableBytes }

    /// Parses the GTP-U packet at the start of `datagram`, checking the header, the length and the
    /// whole extension header chain; the body is a slice of `datagram`, not a copy.
    @inlinable
    public static func parse(_ datagram: ByteBuffer) throws(GTPUDecodeError) -> GTPUPacketView {
        // The mandatory header is read as two words and the message taken as one slice: almost
        // every G-PDU has no optional fields, and each ByteBuffer access has a cost at line rate.
        let start = datagram.readerIndex
        let flags = try checkFirstOctet(datagram.getInteger(at: start, as: UInt8.self))
        guard let word = datagram.getInteger(at: start, endianness: .big, as: UInt32.self),
              let teid = datagram.getInteger(at: start + 4, endianness: .big, as: UInt32.self) else {
            throw .malformed(CodecError(.truncated(needed: mandatoryHeaderLength, available: datagram.readableBytes),
                                        at: 0, in: "GTP-U header"))
        }
        let type = GTPUMessageType(rawValue: UInt8(truncatingIfNeeded: word >> 16))
        let length = Int(word & 0xFFFF)
        guard let message = datagram.getSlice(at: start + mandatoryHeaderLength, length: length) else {
            throw .malformed(CodecError(.truncated(needed: length, available: datagram.readableBytes - mandatoryHeaderLength),
                                        at: mandatoryHeaderLength, in: "GTP-U message (Length field)"))
        }
        guard flags & GTPUFlagBits.optionalFields != 0 else {
            return GTPUPacketView(flags: flags, messageType: type, teid: teid, optionalFields: nil,
                                  extensionHeaders: GTPUExtensionHeaderChain(), body: message,
                                  messageLength: mandatoryHeaderLength + length)
        }
        do throws(CodecError) {
            var reader = WireReader(message, origin: mandatoryHeaderLength)
            let optional = OptionalFields(sequenceNumber: try reader.u16("GTP-U sequence number"),
                                          nPDUNumber: try reader.u8("GTP-U N-PDU number"),
                                          nextExtensionHeaderType: try reader.u8("GTP-U next extension header type"))
            var chain = GTPUExtensionHeaderChain()
            if flags & GTPUFlagBits.extensionHeader != 0 {
                chain = try .read(first: GTPUExtensionHeaderType(rawValue: optional.nextExtensionHeaderType),
                                  from: &reader)
            }
            return GTPUPacketView(flags: flags, messageType: type, teid: teid, optionalFields: optional,
                                  extensionHeaders: chain, body: reader.rest(),
                                  messageLength: mandatoryHeaderLength + length)
        } catch {
            throw .malformed(error)
        }
    }

    /// Reads only the 8 mandatory octets: message type and TEID, enough to find the session a
    /// packet belongs to before deciding what else to look at.
    @inlinable
    public static func peekHeader(_ datagram: ByteBuffer) throws(GTPUDecodeError) -> (messageType: GTPUMessageType, teid: UInt32) {
        let start = datagram.readerIndex
        _ = try checkFirstOctet(datagram.getInteger(at: start, as: UInt8.self))
        guard let type = datagram.getInteger(at: start + 1, as: UInt8.self),
              let teid = datagram.getInteger(at: start + 4, endianness: .big, as: UInt32.self) else {
            throw .malformed(CodecError(.truncated(needed: mandatoryHeaderLength, available: datagram.readableBytes),
                                        at: 0, in: "GTP-U header"))
        }
        return (GTPUMessageType(rawValue: type), teid)
    }

    /// Overwrites the TEID of the packet at the start of `datagram`, for a relay (the SGW between
    /// S1-U and S5-U) that forwards a G-PDU unchanged but for the tunnel. False, and nothing
    /// written, when the buffer is shorter than a header.
    @inlinable @discardableResult
    public static func rewriteTEID(_ teid: UInt32, in datagram: inout ByteBuffer) -> Bool {
        guard datagram.readableBytes >= mandatoryHeaderLength else { return false }
        datagram.setInteger(teid, at: datagram.readerIndex + 4, endianness: .big)
        return true
    }

    /// The first octet, once version 1 and PT 1 are checked: anything else is another protocol.
    @inlinable
    static func checkFirstOctet(_ octet: UInt8?) throws(GTPUDecodeError) -> UInt8 {
        guard let octet else {
            throw .malformed(CodecError(.truncated(needed: mandatoryHeaderLength, available: 0), at: 0, in: "GTP-U header"))
        }
        let version = octet >> 5
        guard version == 1 else { throw .unsupportedVersion(version) }
        guard octet & GTPUFlagBits.protocolType != 0 else { throw .gtpPrime }
        return octet
    }

    @usableFromInline
    init(flags: UInt8, messageType: GTPUMessageType, teid: UInt32, optionalFields: OptionalFields?,
         extensionHeaders: GTPUExtensionHeaderChain, body: ByteBuffer, messageLength: Int) {
        self.flags = flags
        self.messageType = messageType
        self.teid = teid
        self.optionalFields = optionalFields
        self.extensionHeaders = extensionHeaders
        self.body = body
        self.messageLength = messageLength
    }
}
