/// GTP-U header work on raw packet memory, for the forwarding loops: find the T-PDU of a G-PDU
/// and its TEID, rewrite a TEID in place, put a G-PDU header in front of a packet. Everything that
/// is not a well-formed G-PDU goes to the slow path (`GTPUPacketView`, `GTPUMessage`), which
/// answers signalling and counts what is malformed.
public enum GTPUFastPath {
    public static let gpduType: UInt8 = 0xFF
    public static let headerLength = 8

    /// Where a G-PDU's T-PDU starts and how long it is, and the TEID; nil when `packet` is not a
    /// well-formed G-PDU (another message type, a bad version or protocol type, a Length field or
    /// extension header chain that does not fit).
    @inline(__always)
    public static func parseGPDU(_ packet: UnsafePointer<UInt8>, length: Int) -> (teid: UInt32, payloadOffset: Int, payloadLength: Int)? {
        guard length >= headerLength else { return nil }
        let flags = packet[0]
        // Version 1 and protocol type GTP (not GTP').
        guard flags & 0xF0 == 0x30, packet[1] == gpduType else { return nil }
        let end = headerLength + (Int(packet[2]) << 8 | Int(packet[3]))
        guard end <= length else { return nil }
        let teid = UInt32(packet[4]) << 24 | UInt32(packet[5]) << 16 | UInt32(packet[6]) << 8 | UInt32(packet[7])
        var offset = headerLength
        if flags & 0x07 != 0 {
            offset += 4
            guard offset <= end else { return nil }
            if flags & 0x04 != 0 {
                // Extension headers: a length in units of 4 octets, the content, the next type.
                var next = packet[offset - 1]
                while next != 0 {
                    guard offset < end else { return nil }
                    let units = Int(packet[offset])
                    guard units > 0, offset + units * 4 <= end else { return nil }
                    offset += units * 4
                    next = packet[offset - 1]
                }
            }
        }
        return (teid, offset, end - offset)
    }

    /// Overwrites the TEID of the GTP-U message at `packet`.
    @inline(__always)
    public static func rewriteTEID(_ packet: UnsafeMutablePointer<UInt8>, to teid: UInt32) {
        packet[4] = UInt8(truncatingIfNeeded: teid >> 24)
        packet[5] = UInt8(truncatingIfNeeded: teid >> 16)
        packet[6] = UInt8(truncatingIfNeeded: teid >> 8)
        packet[7] = UInt8(truncatingIfNeeded: teid)
    }

    /// Writes the 8-octet header of a G-PDU carrying `payloadLength` octets at `header` (the
    /// payload follows it).
    @inline(__always)
    public static func writeGPDUHeader(_ header: UnsafeMutablePointer<UInt8>, teid: UInt32, payloadLength: Int) {
        header[0] = 0x30
        header[1] = gpduType
        header[2] = UInt8(truncatingIfNeeded: payloadLength >> 8)
        header[3] = UInt8(truncatingIfNeeded: payloadLength)
        rewriteTEID(header, to: teid)
    }
}
