import GTPU
import NIOCore
import Wire

/// The slow path of a GTP-U endpoint: what is not a G-PDU for a known tunnel. Echo Requests are
/// answered (Recovery 0, TS 29.281 7.2.2), a G-PDU for an unknown TEID draws an Error Indication
/// (7.3.1, sent to port 2152; at most `errorIndicationsPerSecond`, so a flood of stray packets cannot make us a
/// flood source), a received Error Indication is reported to the control plane, and anything
/// malformed is counted and dropped.
final class GTPUSignalling: @unchecked Sendable {
    let socket: DatagramSocket
    let localAddress: IPAddress
    let errorIndicationsPerSecond: Int
    private var windowStart = ContinuousClock.now
    private var sentInWindow = 0

    init(socket: DatagramSocket, errorIndicationsPerSecond: Int = 100) {
        self.socket = socket
        localAddress = .v4(IPv4Address(socket.local.address))
        self.errorIndicationsPerSecond = errorIndicationsPerSecond
    }

    /// A datagram the fast path did not take. `knownTEID` says whether a G-PDU's tunnel exists.
    func handle(_ datagram: UnsafeMutableBufferPointer<UInt8>, from source: IPv4Endpoint, counts: inout BatchCounts,
                onErrorIndication: (UInt32, IPv4Endpoint) -> Void) {
        let message: GTPUMessage
        do {
            message = try GTPUMessage.decode(ByteBuffer(bytes: UnsafeRawBufferPointer(datagram)))
        } catch {
            counts.count(.droppedMalformed)
            return
        }
        switch message.body {
        case .echoRequest:
            send(.echoResponse(sequenceNumber: message.header.sequenceNumber ?? 0), to: source)
            counts.count(.echoRequestsAnswered)
        case .gPDU:
            counts.count(.droppedUnknownTEID)
            sendErrorIndication(teid: message.header.teid, to: source, counts: &counts)
        case .errorIndication(let indication):
            counts.count(.errorIndicationsReceived)
            onErrorIndication(indication.teid, source)
        case .echoResponse, .supportedExtensionHeadersNotification, .endMarker, .other:
            // Nothing to do for these on this endpoint (we send no Echo Requests on the user plane
            // and End Markers arriving here end a path we have already switched).
            break
        }
    }

    func sendErrorIndication(teid: UInt32, to destination: IPv4Endpoint, counts: inout BatchCounts) {
        let now = ContinuousClock.now
        if now - windowStart > .seconds(1) {
            windowStart = now
            sentInWindow = 0
        }
        guard sentInWindow < errorIndicationsPerSecond else { return }
        sentInWindow += 1
        // TS 29.281 4.4.2.4 and 5.2.2.1: to the peer's GTP-U port 2152, naming the G-PDU's source
        // port in a UDP Port extension header when it was another one.
        var extensionHeaders: [GTPUExtensionHeader] = []
        if destination.port != 2152 { extensionHeaders.append(GTPUExtensionHeader(udpPort: destination.port)) }
        var peer = destination
        peer.networkOrderPort = UInt16(2152).bigEndian
        send(.errorIndication(teid: teid, localAddress: localAddress, extensionHeaders: extensionHeaders), to: peer)
        counts.count(.errorIndicationsSent)
    }

    func send(_ message: GTPUMessage, to destination: IPv4Endpoint) {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        socket.send(Array(buffer.readableBytesView), to: destination)
    }
}
