import NIOCore
import Wire

// The messages a GTP-U node sends, with the header TS 29.281 5.1 asks for: signalling messages set
// the S flag (their sequence number pairs a response with its request) and, but for the End
// Marker, TEID 0.
extension GTPUMessage {
    /// A G-PDU carrying `payload` to the tunnel `teid`.
    public static func gPDU(teid: UInt32, payload: ByteBuffer, sequenceNumber: UInt16? = nil,
                            extensionHeaders: [GTPUExtensionHeader] = []) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .gPDU, teid: teid, sequenceNumber: sequenceNumber,
                                       extensionHeaders: extensionHeaders),
                    body: .gPDU(payload))
    }

    public static func echoRequest(sequenceNumber: UInt16) -> GTPUMessage {
        signalling(.echoRequest(EchoRequest()), sequenceNumber: sequenceNumber)
    }

    /// The answer to an Echo Request: same sequence number, Recovery 0.
    public static func echoResponse(sequenceNumber: UInt16) -> GTPUMessage {
        signalling(.echoResponse(EchoResponse()), sequenceNumber: sequenceNumber)
    }

    /// The answer to a G-PDU for `teid` that arrived at `localAddress` and matched no tunnel.
    /// When the G-PDU's source port was not 2152, pass it as a UDP Port extension header
    /// (TS 29.281 5.2.2.1) so the answer reaches the sender.
    public static func errorIndication(teid: UInt32, localAddress: IPAddress, sequenceNumber: UInt16 = 0,
                                       extensionHeaders: [GTPUExtensionHeader] = []) -> GTPUMessage {
        var message = signalling(.errorIndication(ErrorIndication(teid: teid, peerAddress: localAddress)),
                                 sequenceNumber: sequenceNumber)
        message.header.extensionHeaders = extensionHeaders
        return message
    }

    public static func supportedExtensionHeadersNotification(_ types: [GTPUExtensionHeaderType],
                                                             sequenceNumber: UInt16 = 0) -> GTPUMessage {
        signalling(.supportedExtensionHeadersNotification(SupportedExtensionHeadersNotification(extensionHeaderTypes: types)),
                   sequenceNumber: sequenceNumber)
    }

    /// The End Marker of the tunnel `teid`: sent on the old path after its last G-PDU.
    public static func endMarker(teid: UInt32) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .endMarker, teid: teid), body: .endMarker(EndMarker()))
    }

    private static func signalling(_ body: Body, sequenceNumber: UInt16) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: body.messageType, teid: 0, sequenceNumber: sequenceNumber),
                    body: body)
    }
}
