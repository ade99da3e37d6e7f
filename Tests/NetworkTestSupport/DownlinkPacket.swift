import NIOCore
import UserPlane
import Wire

/// Downlink IPv4 packets as the PGW's data path classifies them (UserPlane's `DownlinkFilter`,
/// the one TFT matcher): what the Kit tests use to show that a bearer's packet filters take
/// the traffic they describe.
public enum DownlinkPacket {
    /// An IPv4/UDP packet from a data-network host to the UE.
    public static func udp(from source: IPv4Address, _ sourcePort: UInt16, to ue: IPv4Address, _ port: UInt16,
                           payload: String = "downlink") -> [UInt8] {
        let packet = try? UDPDatagram.packet(from: IPEndpoint(.v4(source), sourcePort), to: IPEndpoint(.v4(ue), port),
                                             payload: ByteBuffer(string: payload))
        return packet.map { Array($0.readableBytesView) } ?? []
    }

    /// Whether the downlink loop's `filter` takes `packet`.
    public static func matches(_ filter: DownlinkFilter, _ packet: [UInt8]) -> Bool {
        packet.withUnsafeBufferPointer { $0.baseAddress.map { filter.matchesDownlink($0, length: packet.count) } ?? false }
    }
}
