import NIOCore

/// Small, well-formed protocol messages for generated captures: tshark must decode them without
/// complaint, so they are real encodings, built by hand here.
enum SamplePayloads {
    /// GTPv2-C Echo Request (TS 29.274 7.1.1): no TEID, sequence 1, Recovery IE with restart counter 5.
    static let gtpv2EchoRequest = ByteBuffer(bytes: [0x40, 0x01, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00,
                                                     0x03, 0x00, 0x01, 0x00, 0x05])

    /// S1AP ResetAcknowledge (TS 36.413), aligned PER: successfulOutcome, procedure 14 (Reset),
    /// criticality reject, then an open type of 3 bytes holding a SEQUENCE with an empty IE container.
    static let s1apResetAcknowledge = ByteBuffer(bytes: [0x20, 0x0E, 0x00, 0x03, 0x00, 0x00, 0x00])

    /// A Diameter base message (RFC 6733): Device-Watchdog-Request, or Answer with Result-Code 2001.
    /// `padding` adds a long Session-Id AVP, to make a message that needs several segments or chunks.
    static func diameterWatchdog(request: Bool, hopByHop: UInt32, padding: Int = 0) -> ByteBuffer {
        var avps = ByteBuffer()
        if padding > 0 { writeAVP(263, String(repeating: "s", count: padding), into: &avps) }
        if !request { writeAVP(268, [0, 0, 0x07, 0xD1], into: &avps) }
        writeAVP(264, "mme.epc.mnc001.mcc001.3gppnetwork.org", into: &avps)
        writeAVP(296, "epc.mnc001.mcc001.3gppnetwork.org", into: &avps)
        var message = ByteBuffer()
        message.writeInteger(UInt8(1))
        message.writeInteger(UInt8(truncatingIfNeeded: (20 + avps.readableBytes) >> 16))
        message.writeInteger(UInt16(truncatingIfNeeded: 20 + avps.readableBytes))
        message.writeInteger(UInt8(request ? 0x80 : 0x00))
        message.writeInteger(UInt8(0))
        message.writeInteger(UInt16(280)) // Device-Watchdog
        message.writeInteger(UInt32(0)) // common application
        message.writeInteger(hopByHop)
        message.writeInteger(hopByHop ^ 0x5A5A_0000)
        message.writeImmutableBuffer(avps)
        return message
    }

    private static func writeAVP(_ code: UInt32, _ text: String, into buffer: inout ByteBuffer) {
        writeAVP(code, Array(text.utf8), into: &buffer)
    }

    private static func writeAVP(_ code: UInt32, _ value: [UInt8], into buffer: inout ByteBuffer) {
        buffer.writeInteger(code)
        buffer.writeInteger(UInt8(0x40)) // mandatory
        buffer.writeInteger(UInt8(truncatingIfNeeded: (8 + value.count) >> 16))
        buffer.writeInteger(UInt16(truncatingIfNeeded: 8 + value.count))
        buffer.writeBytes(value)
        buffer.writeRepeatingByte(0, count: (4 - value.count % 4) % 4)
    }
}
