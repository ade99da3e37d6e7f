import GTPU
import NetworkTestSupport
import NIOCore
import UserPlane
import Wire

/// Packets the user-plane tests send: IPv4/UDP and ICMP inside G-PDUs, built with the Wire and
/// GTPU codecs (which are checked against tshark elsewhere).
enum Packets {
    static func udp(from source: String, _ sourcePort: UInt16, to destination: String, _ destinationPort: UInt16,
                    payload: String = "vcore") -> [UInt8] {
        let packet = try! UDPDatagram.packet(from: IPEndpoint(IPAddress(source)!, sourcePort), to: IPEndpoint(IPAddress(destination)!, destinationPort),
                                             payload: ByteBuffer(string: payload))
        return Array(packet.readableBytesView)
    }

    static func echoRequest(from source: String, to destination: String, identifier: UInt16, sequence: UInt16) -> [UInt8] {
        let icmp = ICMPEcho(.request, identifier: identifier, sequenceNumber: sequence, payload: Array("ping through the core".utf8))
        let packet = try! IPPacket.make(source: IPAddress(source)!, destination: IPAddress(destination)!, protocol: .icmp,
                                        payload: icmp.encodeV4())
        return Array(packet.readableBytesView)
    }

    static func gpdu(teid: UInt32, _ payload: [UInt8], sequenceNumber: UInt16? = nil, extensionHeaders: [GTPUExtensionHeader] = []) -> [UInt8] {
        var buffer = ByteBuffer()
        GTPUMessage.gPDU(teid: teid, payload: ByteBuffer(bytes: payload), sequenceNumber: sequenceNumber,
                         extensionHeaders: extensionHeaders).encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func encode(_ message: GTPUMessage) -> [UInt8] {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func decode(_ bytes: [UInt8]) -> GTPUMessage? {
        try? GTPUMessage.decode(ByteBuffer(bytes: bytes))
    }

    /// The T-PDU of a G-PDU and its TEID.
    static func unwrap(_ bytes: [UInt8]) -> (teid: UInt32, payload: [UInt8])? {
        guard let message = decode(bytes), case .gPDU(let payload) = message.body else { return nil }
        return (message.header.teid, Array(payload.readableBytesView))
    }
}

/// The test's sockets as the forwarding loops' rules address them.
extension UDPPeer {
    var endpoint: IPv4Endpoint { IPv4Endpoint(address, port: port)! }

    func send(_ bytes: [UInt8], to destination: IPv4Endpoint) {
        let address = destination.address
        send(bytes, to: "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)", port: destination.port)
    }
}
