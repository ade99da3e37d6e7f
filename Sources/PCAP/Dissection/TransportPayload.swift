import NIOCore
import Wire

/// Which tunnel an inner packet travelled in, so that flows inside tunnels are reassembled apart
/// from each other and from the outer network even when their addresses and ports coincide: the
/// same UE packet seen on S1-U and on S5-U is two packets, not a retransmission.
public struct TunnelID: Hashable, Sendable, CustomStringConvertible {
    public var outerSource: IPAddress
    public var outerDestination: IPAddress
    /// The tunnel's own identifier, e.g. the GTP-U TEID or a GRE key.
    public var key: UInt32

    public init(outerSource: IPAddress, outerDestination: IPAddress, key: UInt32) {
        self.outerSource = outerSource
        self.outerDestination = outerDestination
        self.key = key
    }

    public var description: String { "\(outerSource)>\(outerDestination)#\(String(key, radix: 16))" }
}

/// One direction of a transport flow: what a consumer keys a framer by (one Diameter or SIP framer
/// per TCP direction, for instance).
public struct FlowKey: Hashable, Sendable, CustomStringConvertible {
    public var source: IPEndpoint
    public var destination: IPEndpoint
    public var tunnel: TunnelID?

    public init(source: IPEndpoint, destination: IPEndpoint, tunnel: TunnelID? = nil) {
        self.source = source
        self.destination = destination
        self.tunnel = tunnel
    }

    public var reversed: FlowKey { FlowKey(source: destination, destination: source, tunnel: tunnel) }

    public var description: String {
        "\(source) > \(destination)" + (tunnel.map { " in \($0)" } ?? "")
    }
}

/// The transport a payload came over, with what a consumer needs to pick a decoder.
public enum Transport: Hashable, Sendable {
    /// One UDP datagram.
    case udp
    /// In-order bytes of one direction of a TCP connection. Connections are numbered from 0 in
    /// order of first appearance, like tshark's tcp.stream; a SYN on a 4-tuple that was used before
    /// starts a new one.
    case tcp(connection: Int)
    /// One complete SCTP user message.
    case sctp(stream: UInt16, ppid: UInt32, unordered: Bool)
    /// The whole payload of an IP protocol this dissector does not look into (ICMP, ICMPv6, ESP,
    /// GRE...); the endpoints' ports are 0.
    case other(IPProtocol)
}

/// What the dissector yields: the payload of a transport, with where and when it was completed.
public struct TransportPayload: Sendable {
    /// The frame that completed this payload (the last IP fragment, the TCP segment that filled
    /// the gap, the SCTP chunk that ended the message).
    public var frame: Int
    /// That frame's timestamp.
    public var time: CaptureTimestamp
    public var source: IPEndpoint
    public var destination: IPEndpoint
    public var transport: Transport
    /// Set for packets handed to `Dissector.dissectIPPacket(_:frame:time:tunnel:)` from a tunnel.
    public var tunnel: TunnelID?
    public var bytes: ByteBuffer
    /// TCP only: stream bytes before these were never seen (the reassembler gave up waiting for a
    /// gap to fill), so a framer on this direction must resynchronise.
    public var followsGap: Bool

    public init(frame: Int, time: CaptureTimestamp, source: IPEndpoint, destination: IPEndpoint,
                transport: Transport, tunnel: TunnelID? = nil, bytes: ByteBuffer, followsGap: Bool = false) {
        self.frame = frame
        self.time = time
        self.source = source
        self.destination = destination
        self.transport = transport
        self.tunnel = tunnel
        self.bytes = bytes
        self.followsGap = followsGap
    }

    public var flow: FlowKey { FlowKey(source: source, destination: destination, tunnel: tunnel) }

    /// True when either endpoint uses `port`.
    public func involves(port: UInt16) -> Bool { source.port == port || destination.port == port }
}
