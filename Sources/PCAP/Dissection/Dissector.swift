import NIOCore
import Wire

/// Dissects captured frames down to transport payloads: UDP datagrams, in-order TCP stream bytes
/// and complete SCTP user messages, after IP fragment reassembly.
///
/// Stateful: feed it every frame of a capture in order, then call `finish()`. A frame that cannot
/// be dissected is counted in `statistics` by reason, never fatal.
///
/// Tunnelled packets (the inner IP packets of GTP-U G-PDUs, say) go through
/// `dissectIPPacket(_:frame:time:tunnel:)` on the same dissector with a `TunnelID`: every piece
/// of reassembly state is keyed by tunnel as well, so inner flows never mix with outer flows or
/// with the same flow seen in another tunnel.
///
/// Where the results can differ from tshark's, on purpose:
/// - a retransmitted SCTP DATA chunk (a TSN seen before) is dropped; tshark dissects it again;
/// - tunnelled fragments are reassembled per tunnel; tshark pools them by addresses and
///   identification alone, so it may join fragments seen in two tunnels, and miss a datagram
///   that exists in both;
/// - TCP bytes are yielded once, in stream order; tshark may dissect a retransmitted segment again.
public struct Dissector: Sendable {
    public private(set) var statistics = DissectionStatistics()
    public let limits: DissectorLimits
    /// UDP ports whose datagrams carry SCTP packets (RFC 6951 encapsulation, as usrsctp sends
    /// them); these are dissected as SCTP, like tshark does, instead of being yielded as UDP.
    public let sctpOverUDPPorts: Set<UInt16>

    private var fragments: FragmentReassembler
    private var tcp: TCPReassembler
    private var sctp: SCTPReassembler

    public init(limits: DissectorLimits = DissectorLimits(), sctpOverUDPPorts: Set<UInt16> = [9899]) {
        self.limits = limits
        self.sctpOverUDPPorts = sctpOverUDPPorts
        fragments = FragmentReassembler(limits: limits)
        tcp = TCPReassembler(limits: limits)
        sctp = SCTPReassembler(limits: limits)
    }

    /// The payloads this frame completes (none, one, or several: bundled SCTP chunks, or TCP
    /// bytes held behind a gap this frame filled).
    public mutating func dissect(_ frame: Frame) -> [TransportPayload] {
        statistics.frames += 1
        switch LinkLayer.ipPacket(in: frame) {
        case .success(let packet):
            return dissectIP(packet, Context(frame: frame.number, time: frame.timestamp, tunnel: nil))
        case .failure(let event):
            statistics.count(event)
            return []
        }
    }

    /// Dissects a bare IPv4 or IPv6 packet, e.g. the inner packet of a tunnel, as part of `frame`.
    public mutating func dissectIPPacket(_ packet: ByteBuffer, frame: Int, time: CaptureTimestamp,
                                         tunnel: TunnelID? = nil) -> [TransportPayload] {
        dissectIP(packet, Context(frame: frame, time: time, tunnel: tunnel))
    }

    /// At the end of the capture: TCP bytes still held behind a gap that never filled, flagged
    /// `followsGap`.
    public mutating func finish() -> [TransportPayload] {
        var events: [DissectionEvent] = []
        let deliveries = tcp.flush(events: &events)
        record(events)
        let payloads = deliveries.map { delivery in
            TransportPayload(frame: delivery.frame, time: delivery.time, source: delivery.flow.source,
                             destination: delivery.flow.destination, transport: .tcp(connection: delivery.connection),
                             tunnel: delivery.flow.tunnel, bytes: delivery.bytes, followsGap: delivery.followsGap)
        }
        statistics.payloads += payloads.count
        return payloads
    }

    struct Context {
        var frame: Int
        var time: CaptureTimestamp
        var tunnel: TunnelID?
    }

    private mutating func dissectIP(_ packet: ByteBuffer, _ context: Context) -> [TransportPayload] {
        var ip: IPPacketInfo
        switch IPLayer.parse(packet) {
        case .success(let parsed): ip = parsed
        case .failure(let event):
            statistics.count(event)
            return []
        }
        if let fragment = ip.fragment {
            let key = FragmentReassembler.Key(tunnel: context.tunnel, source: ip.source, destination: ip.destination,
                                              ipv4Protocol: ip.isIPv6 ? nil : ip.protocol.rawValue,
                                              identification: fragment.identification)
            let outcome = fragments.add(key, offset: fragment.offset, moreFragments: fragment.moreFragments,
                                        data: ip.payload)
            statistics.count(.fragmentsEvicted, fragments.takeEvictions())
            switch outcome {
            case .held:
                statistics.count(.fragmentHeld)
                return []
            case .rejected(let event):
                statistics.count(event)
                return []
            case .complete(let datagram) where ip.isIPv6:
                // The reassembled part may begin with more extension headers.
                switch IPLayer.walkExtensionHeaders(from: ip.protocol, datagram) {
                case .success(let walked) where walked.fragment == nil:
                    ip.protocol = walked.protocol
                    ip.payload = walked.payload
                case .success:
                    statistics.count(.malformed) // a fragment inside a fragment
                    return []
                case .failure(let event):
                    statistics.count(event)
                    return []
                }
            case .complete(let datagram):
                ip.payload = datagram
            }
        }
        let payloads = dissectTransport(ip, context)
        statistics.payloads += payloads.count
        return payloads
    }

    private mutating func dissectTransport(_ ip: IPPacketInfo, _ context: Context) -> [TransportPayload] {
        switch ip.protocol {
        case .udp: return dissectUDP(ip, context)
        case .tcp: return dissectTCP(ip, context)
        case .sctp: return dissectSCTP(ip, context)
        default:
            return [TransportPayload(frame: context.frame, time: context.time, source: IPEndpoint(ip.source, 0),
                                     destination: IPEndpoint(ip.destination, 0), transport: .other(ip.protocol),
                                     tunnel: context.tunnel, bytes: ip.payload)]
        }
    }

    private mutating func dissectUDP(_ ip: IPPacketInfo, _ context: Context) -> [TransportPayload] {
        var bytes = ip.payload
        guard let sourcePort = bytes.readInteger(endianness: .big, as: UInt16.self),
              let destinationPort = bytes.readInteger(endianness: .big, as: UInt16.self),
              let length = bytes.readInteger(endianness: .big, as: UInt16.self),
              let _ = bytes.readInteger(endianness: .big, as: UInt16.self)
        else {
            statistics.count(.truncated)
            return []
        }
        guard Int(length) >= UDPDatagram.headerLength else {
            statistics.count(.malformed)
            return []
        }
        guard let payload = bytes.readSlice(length: Int(length) - UDPDatagram.headerLength) else {
            statistics.count(.truncated)
            return []
        }
        if sctpOverUDPPorts.contains(sourcePort) || sctpOverUDPPorts.contains(destinationPort) {
            var encapsulated = ip
            encapsulated.payload = payload
            return dissectSCTP(encapsulated, context)
        }
        return [TransportPayload(frame: context.frame, time: context.time, source: IPEndpoint(ip.source, sourcePort),
                                 destination: IPEndpoint(ip.destination, destinationPort), transport: .udp,
                                 tunnel: context.tunnel, bytes: payload)]
    }

    private mutating func dissectTCP(_ ip: IPPacketInfo, _ context: Context) -> [TransportPayload] {
        let bytes = ip.payload
        let start = bytes.readerIndex
        guard bytes.readableBytes >= TCPSegment.minimumHeaderLength,
              let sourcePort = bytes.getInteger(at: start, endianness: .big, as: UInt16.self),
              let destinationPort = bytes.getInteger(at: start + 2, endianness: .big, as: UInt16.self),
              let sequence = bytes.getInteger(at: start + 4, endianness: .big, as: UInt32.self),
              let dataOffset = bytes.getInteger(at: start + 12, as: UInt8.self),
              let flags = bytes.getInteger(at: start + 13, as: UInt8.self)
        else {
            statistics.count(.truncated)
            return []
        }
        let headerLength = Int(dataOffset >> 4) * 4
        guard headerLength >= TCPSegment.minimumHeaderLength else {
            statistics.count(.malformed)
            return []
        }
        guard let payload = bytes.getSlice(at: start + headerLength, length: bytes.readableBytes - headerLength) else {
            statistics.count(.truncated)
            return []
        }
        let flow = FlowKey(source: IPEndpoint(ip.source, sourcePort), destination: IPEndpoint(ip.destination, destinationPort),
                           tunnel: context.tunnel)
        var events: [DissectionEvent] = []
        let deliveries = tcp.process(TCPReassembler.Segment(flow: flow, sequence: sequence,
                                                            flags: TCPFlags(rawValue: flags), payload: payload),
                                     frame: context.frame, time: context.time, events: &events)
        record(events)
        return deliveries.map { delivery in
            TransportPayload(frame: context.frame, time: context.time, source: flow.source,
                             destination: flow.destination, transport: .tcp(connection: delivery.connection),
                             tunnel: context.tunnel, bytes: delivery.bytes, followsGap: delivery.followsGap)
        }
    }

    private mutating func dissectSCTP(_ ip: IPPacketInfo, _ context: Context) -> [TransportPayload] {
        let summary: SCTPPacketSummary
        switch SCTPChunkParser.parse(ip.payload) {
        case .success(let parsed): summary = parsed
        case .failure(let event):
            statistics.count(event)
            return []
        }
        if summary.truncated { statistics.count(.truncated) }
        let flow = FlowKey(source: IPEndpoint(ip.source, summary.sourcePort),
                           destination: IPEndpoint(ip.destination, summary.destinationPort), tunnel: context.tunnel)
        var events: [DissectionEvent] = []
        var payloads: [TransportPayload] = []
        var sawData = false
        for chunk in summary.chunks {
            switch chunk {
            case .data(let fragment):
                sawData = true
                guard let message = sctp.receive(fragment, on: flow, events: &events) else { continue }
                payloads.append(TransportPayload(frame: context.frame, time: context.time, source: flow.source,
                                                 destination: flow.destination,
                                                 transport: .sctp(stream: message.stream, ppid: message.ppid,
                                                                  unordered: message.unordered),
                                                 tunnel: context.tunnel, bytes: message.bytes))
            case .initiation(let initialTSN):
                sctp.start(flow, initialTSN: initialTSN, events: &events)
            case .malformed:
                events.append(.sctpBadChunk)
            case .other:
                break
            }
        }
        if !sawData { events.append(.sctpNoData) }
        record(events)
        return payloads
    }

    private mutating func record(_ events: [DissectionEvent]) {
        for event in events { statistics.count(event) }
    }
}
