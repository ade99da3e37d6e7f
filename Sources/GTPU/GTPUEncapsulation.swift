import NIOCore
import Wire

// The user plane's transmit path: put the 8-octet G-PDU header (version 1, PT 1, no optional
// fields, type 255) in front of a packet without going through `GTPUMessage`.
extension GTPUMessage {
    /// Writes a G-PDU for the tunnel `teid`: the 8-octet header, then `payload`. Allocates nothing
    /// when `buffer` has room for both.
    ///
    /// - Precondition: `payload` is at most 65535 octets.
    @inlinable
    public static func encapsulate(teid: UInt32, payload: ByteBuffer, into buffer: inout ByteBuffer) {
        buffer.writeU32(plainGPDUHeaderWord(payloadLength: payload.readableBytes))
        buffer.writeU32(teid)
        buffer.writeImmutableBuffer(payload)
    }

    /// Writes a G-PDU with any header (sequence number, extension headers): `header`, then `payload`.
    @inlinable
    public static func encapsulate(header: GTPUHeader, payload: ByteBuffer, into buffer: inout ByteBuffer) {
        header.encode(bodyLength: payload.readableBytes, into: &buffer)
        buffer.writeImmutableBuffer(payload)
    }

    /// Turns `packet` into a G-PDU for the tunnel `teid` by putting the header in front of it.
    ///
    /// When the buffer has 8 octets of headroom before its reader index and its storage is not
    /// shared, the header is written there: no copy, no allocation. Read packets (from the TUN
    /// device, say) at an 8-octet offset to get that. Otherwise the packet is copied once into a
    /// new buffer.
    ///
    /// - Precondition: `packet` is at most 65535 octets.
    @inlinable
    public static func prependGPDUHeader(teid: UInt32, to packet: inout ByteBuffer) {
        let headerLength = GTPUPacketView.mandatoryHeaderLength
        guard packet.readerIndex >= headerLength else {
            var framed = ByteBufferAllocator().buffer(capacity: headerLength + packet.readableBytes)
            encapsulate(teid: teid, payload: packet, into: &framed)
            packet = framed
            return
        }
        let start = packet.readerIndex - headerLength
        packet.setInteger(plainGPDUHeaderWord(payloadLength: packet.readableBytes), at: start, endianness: .big)
        packet.setInteger(teid, at: start + 4, endianness: .big)
        packet.moveReaderIndex(to: start)
    }

    /// Flags 0x30, type 255 and the Length field, as one big-endian word.
    @inlinable
    static func plainGPDUHeaderWord(payloadLength: Int) -> UInt32 {
        precondition(payloadLength <= Int(UInt16.max), "a G-PDU carries at most 65535 octets")
        return UInt32(GTPUFlagBits.plain) << 24 | UInt32(GTPUMessageType.gPDU.rawValue) << 16 | UInt32(payloadLength)
    }
}
