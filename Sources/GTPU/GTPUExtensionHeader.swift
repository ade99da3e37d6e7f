import NIOCore
import Wire

/// One extension header of a GTP-U header (TS 29.281 5.2): its type and the octets between its
/// length octet and its next-type octet.
///
/// On the wire a header is `length | content | next type`, where `length` counts the whole header
/// in units of 4 octets, so the content is always 4n − 2 octets. The next type belongs to the chain,
/// not to the header, and is written by whoever encodes the chain.
public struct GTPUExtensionHeader: Hashable, Sendable {
    public let type: GTPUExtensionHeaderType
    /// The content as sent, shared with the packet it was read from.
    public let content: ByteBuffer

    /// The longest content a one-octet length of 4-octet units allows: 255 × 4 − 2.
    public static let maximumContentLength = 255 * 4 - 2

    /// Nil unless the content fits the 4n − 2 rule (and the maximum) and the type is not 0, which
    /// would end the chain instead.
    public init?(type: GTPUExtensionHeaderType, content: ByteBuffer) {
        let length = content.readableBytes
        guard type != .noMoreExtensionHeaders, (length + 2) % 4 == 0,
              length <= Self.maximumContentLength else { return nil }
        self.init(validatedType: type, content: content)
    }

    @usableFromInline
    init(validatedType type: GTPUExtensionHeaderType, content: ByteBuffer) {
        self.type = type
        self.content = content
    }

    /// The length octet's value: the whole header in units of 4 octets.
    public var lengthInUnits: UInt8 { UInt8(truncatingIfNeeded: (content.readableBytes + 2) / 4) }

    /// Octets on the wire, length and next-type octets included.
    public var encodedLength: Int { content.readableBytes + 2 }
}

// Typed views of the headers a user plane meets. Each accessor is nil when the header is of another
// type or its length is not the one the specification gives: the decoder keeps any well-chained
// header, and the caller decides what an odd one means.
extension GTPUExtensionHeader {
    /// UDP Port (TS 29.281 5.2.2.1): the source port of the packet that triggered an Error
    /// Indication, so the answer can go back to it.
    public init(udpPort: UInt16) {
        self.init(validatedType: .udpPort, content: Self.bytes { $0.writeU16(udpPort) })
    }

    public var udpPort: UInt16? { value(of: .udpPort, length: 2) { $0.getU16(at: 0) } }

    /// PDCP PDU Number (TS 29.281 5.2.2.2), carried during X2/S1 handover forwarding.
    public init(pdcpPDUNumber: UInt16) {
        self.init(validatedType: .pdcpPDUNumber, content: Self.bytes { $0.writeU16(pdcpPDUNumber) })
    }

    public var pdcpPDUNumber: UInt16? { value(of: .pdcpPDUNumber, length: 2) { $0.getU16(at: 0) } }

    /// Long PDCP PDU Number (TS 29.281 5.2.2.2A): an 18-bit number after 6 spare bits, then 3 spare
    /// octets. Bits above the 18th are dropped.
    public init(longPDCPPDUNumber: UInt32) {
        self.init(validatedType: .longPDCPPDUNumber, content: Self.bytes {
            $0.writeU24(longPDCPPDUNumber & 0x3_FFFF)
            $0.writeU24(0)
        })
    }

    /// The 18-bit number; the spare bits stay in `content` as they came.
    public var longPDCPPDUNumber: UInt32? {
        value(of: .longPDCPPDUNumber, length: 6) { bytes in bytes.getU24(at: 0).map { $0 & 0x3_FFFF } }
    }

    /// Service Class Indicator (TS 29.281 5.2.2.3): one octet of value, one spare.
    public init(serviceClassIndicator: UInt8) {
        self.init(validatedType: .serviceClassIndicator, content: Self.bytes {
            $0.writeU8(serviceClassIndicator)
            $0.writeU8(0)
        })
    }

    public var serviceClassIndicator: UInt8? { value(of: .serviceClassIndicator, length: 2) { $0.getU8(at: 0) } }

    /// PDU Session Container (TS 29.281 5.2.2.7, content per TS 38.415), kept raw. Nil unless the
    /// content is 4n − 2 octets (TS 38.415 pads it to that).
    public init?(pduSessionContainer: ByteBuffer) {
        self.init(type: .pduSessionContainer, content: pduSessionContainer)
    }

    public var pduSessionContainer: ByteBuffer? { type == .pduSessionContainer ? content : nil }

    private func value<T>(of expected: GTPUExtensionHeaderType, length: Int, _ read: (ByteBuffer) -> T?) -> T? {
        guard type == expected, content.readableBytes == length else { return nil }
        return read(content)
    }

    private static func bytes(_ write: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(&buffer)
        return buffer
    }
}

extension ByteBuffer {
    /// Big-endian reads relative to the reader index, nil past the end.
    fileprivate func getU8(at offset: Int) -> UInt8? {
        getInteger(at: readerIndex + offset, as: UInt8.self)
    }

    fileprivate func getU16(at offset: Int) -> UInt16? {
        getInteger(at: readerIndex + offset, endianness: .big, as: UInt16.self)
    }

    fileprivate func getU24(at offset: Int) -> UInt32? {
        guard let high = getU8(at: offset), let low = getU16(at: offset + 1) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}
