import NIOCore
import Wire
import GTPU

/// One GTP-U message of every type, the G-PDU carrying a real ICMP echo request from the UE.
public enum GTPUSamples {
    public static let uplinkTEID: UInt32 = 0x0000_3001

    /// An ICMP echo request from the UE to a data-network host, as the eNB tunnels it.
    public static var pingPacket: ByteBuffer {
        let echo = ICMPEcho(.request, identifier: 0x77, sequenceNumber: 1, payload: Array(0..<56))
        return (try? echo.packet(source: .v4(GTPv2Samples.ueAddress), destination: .v4(IPv4Address(10, 46, 0, 9)))) ?? ByteBuffer()
    }

    public static var all: [GTPUMessage] {
        [
            .gPDU(teid: uplinkTEID, payload: pingPacket),
            .gPDU(teid: uplinkTEID, payload: pingPacket, sequenceNumber: 7,
                  extensionHeaders: [GTPUExtensionHeader(pdcpPDUNumber: 300)]),
            .echoRequest(sequenceNumber: 1),
            .echoResponse(sequenceNumber: 1),
            .errorIndication(teid: 0xDEAD_0001, localAddress: .v4(GTPv2Samples.sgwAddress), sequenceNumber: 2),
            .supportedExtensionHeadersNotification([.udpPort, .pdcpPDUNumber], sequenceNumber: 3),
            .endMarker(teid: 0x0100_0001),
        ]
    }
}
