import NIOCore
import Wire

/// Writes plausible traffic into a classic pcap file: UDP datagrams, TCP connections with their
/// handshake, SCTP associations with theirs, each packet with correct lengths and checksums, so
/// that tshark decodes the file without a malformed frame or an expert error.
///
/// Used to produce golden flows and conformance inputs. Deterministic: timestamps start at
/// `start` and advance by `packetInterval` per packet, sequence numbers and tags derive from the
/// order flows are opened in, so the same calls write the same file.
public final class TrafficCaptureWriter {
    public enum Framing: Sendable {
        /// Ethernet II with a MAC address derived from each IP address.
        case ethernet
        /// LINKTYPE_RAW: bare IPv4 or IPv6 packets.
        case rawIP
    }

    public let path: String
    public let framing: Framing
    /// The timestamp the next packet gets.
    public private(set) var clock: CaptureTimestamp
    /// Nanoseconds between consecutive packets.
    public var packetInterval: Int64 = 1_000_000
    /// TCP payloads above this are split into several segments (and announced in the SYN's MSS option).
    public var maximumSegmentSize = 1460
    /// SCTP user messages above this are split into several DATA chunks (B ... E).
    public var maximumSCTPFragment = 1200

    private let writer: PcapWriter
    private var identification: UInt16 = 1
    var tcpFlows: [TCPFlowKey: TCPFlow] = [:]
    var sctpAssociations: [SCTPAssociationKey: SCTPAssociation] = [:]
    /// Flows and associations opened so far; seeds their initial sequence numbers and tags.
    var openedCount: UInt32 = 0

    /// 2024-01-01T00:00:00Z.
    public static let defaultStart = CaptureTimestamp(seconds: 1_704_067_200)

    public init(path: String, framing: Framing = .ethernet, start: CaptureTimestamp = defaultStart) throws(PcapError) {
        self.path = path
        self.framing = framing
        self.clock = start
        writer = try PcapWriter(path: path, linkType: framing == .ethernet ? .ethernet : .raw)
    }

    /// Moves the clock forward, e.g. to leave a pause between procedures.
    public func advanceClock(byNanoseconds nanoseconds: Int64) {
        clock = clock.adding(nanoseconds: nanoseconds)
    }

    /// Writes a complete IPv4 or IPv6 packet, framed for the file's link type.
    public func writeIPPacket(_ packet: ByteBuffer) throws(PcapError) {
        let frame: ByteBuffer
        switch framing {
        case .rawIP:
            frame = packet
        case .ethernet:
            let isIPv6 = packet.getInteger(at: packet.readerIndex, as: UInt8.self).map { $0 >> 4 == 6 } ?? false
            let (source, destination) = Self.addresses(of: packet, isIPv6: isIPv6)
            frame = EthernetFrame.make(destination: MACAddress(locallyAdministeredFor: destination),
                                       source: MACAddress(locallyAdministeredFor: source),
                                       etherType: isIPv6 ? .ipv6 : .ipv4, payload: packet)
        }
        try writer.write(frame, timestamp: clock)
        clock = clock.adding(nanoseconds: packetInterval)
    }

    /// One UDP datagram in one IP packet.
    public func writeUDP(_ payload: ByteBuffer, from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError) {
        let identification = nextIdentification()
        try writeIPPacket(build { () throws(CodecError) in
            try UDPDatagram.packet(from: source, to: destination, payload: payload, identification: identification)
        })
    }

    /// Emits any SCTP acknowledgement still owed, then closes the file.
    public func close() throws(PcapError) {
        try acknowledgeAllSCTP()
        try writer.close()
    }

    /// Runs a packet builder; a packet that cannot be built (too long, mixed address families) is
    /// reported as a write error naming the file.
    func build(_ make: () throws(CodecError) -> ByteBuffer) throws(PcapError) -> ByteBuffer {
        do {
            return try make()
        } catch {
            throw PcapError(.cannotWrite, path: path, message: "cannot build packet: \(error)")
        }
    }

    func nextIdentification() -> UInt16 {
        defer { identification &+= 1 }
        return identification
    }

    /// A deterministic, well-spread 32-bit value for the n-th opened flow (initial sequence
    /// numbers, verification tags).
    func seed(_ salt: UInt32) -> UInt32 {
        var value = (openedCount &+ 1) &* 0x9E37_79B9 ^ salt
        value ^= value >> 16
        value = value &* 0x85EB_CA6B
        value ^= value >> 13
        return value == 0 ? 1 : value
    }

    private static func addresses(of packet: ByteBuffer, isIPv6: Bool) -> (IPAddress, IPAddress) {
        let start = packet.readerIndex
        if isIPv6,
           let sourceHigh = packet.getInteger(at: start + 8, endianness: .big, as: UInt64.self),
           let sourceLow = packet.getInteger(at: start + 16, endianness: .big, as: UInt64.self),
           let destinationHigh = packet.getInteger(at: start + 24, endianness: .big, as: UInt64.self),
           let destinationLow = packet.getInteger(at: start + 32, endianness: .big, as: UInt64.self) {
            return (.v6(IPv6Address(high: sourceHigh, low: sourceLow)),
                    .v6(IPv6Address(high: destinationHigh, low: destinationLow)))
        }
        let source = packet.getInteger(at: start + 12, endianness: .big, as: UInt32.self) ?? 0
        let destination = packet.getInteger(at: start + 16, endianness: .big, as: UInt32.self) ?? 0
        return (.v4(IPv4Address(source)), .v4(IPv4Address(destination)))
    }
}

@available(*, unavailable, message: "a TrafficCaptureWriter owns an open file; use it from one place")
extension TrafficCaptureWriter: Sendable {}
