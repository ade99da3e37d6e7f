import NIOCore
import Wire

/// The two ends of a TCP connection, the client (who sent the SYN) first.
struct TCPFlowKey: Hashable {
    var client: IPEndpoint
    var server: IPEndpoint
}

/// The next sequence number each end sends.
struct TCPFlow {
    var clientNext: UInt32
    var serverNext: UInt32
}

extension TrafficCaptureWriter {
    /// Sends `payload` from `source` to `destination` over their TCP connection: the first call for
    /// a pair opens it with SYN, SYN-ACK, ACK (`source` being the client); payloads above the MSS
    /// go out as several segments, the last one with PSH; the peer then acknowledges everything.
    public func writeTCP(_ payload: ByteBuffer, from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError) {
        let (key, sourceIsClient) = try tcpFlow(from: source, to: destination)
        guard var flow = tcpFlows[key] else { return }
        var sent = 0
        let total = payload.readableBytes
        while sent < total {
            let length = min(max(1, maximumSegmentSize), total - sent)
            let piece = payload.getSlice(at: payload.readerIndex + sent, length: length) ?? ByteBuffer()
            sent += length
            let (sequence, acknowledgment) = sourceIsClient ? (flow.clientNext, flow.serverNext)
                                                            : (flow.serverNext, flow.clientNext)
            try writeSegment(from: source, to: destination,
                             TCPSegment(sourcePort: source.port, destinationPort: destination.port,
                                        sequenceNumber: sequence, acknowledgmentNumber: acknowledgment,
                                        flags: sent == total ? [.ack, .psh] : [.ack], payload: piece))
            if sourceIsClient {
                flow.clientNext &+= UInt32(length)
            } else {
                flow.serverNext &+= UInt32(length)
            }
        }
        if total > 0 {
            let (sequence, acknowledgment) = sourceIsClient ? (flow.serverNext, flow.clientNext)
                                                            : (flow.clientNext, flow.serverNext)
            try writeSegment(from: destination, to: source,
                             TCPSegment(sourcePort: destination.port, destinationPort: source.port,
                                        sequenceNumber: sequence, acknowledgmentNumber: acknowledgment, flags: .ack))
        }
        tcpFlows[key] = flow
    }

    /// Closes the connection between the two endpoints, if open: FIN from `source`, FIN from the
    /// peer, last ACK. A later `writeTCP` between them opens a new connection.
    public func closeTCP(from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError) {
        let forward = TCPFlowKey(client: source, server: destination)
        let backward = TCPFlowKey(client: destination, server: source)
        let sourceIsClient = tcpFlows[forward] != nil
        let key = sourceIsClient ? forward : backward
        guard let flow = tcpFlows.removeValue(forKey: key) else { return }
        var (mine, theirs) = sourceIsClient ? (flow.clientNext, flow.serverNext) : (flow.serverNext, flow.clientNext)
        try writeSegment(from: source, to: destination,
                         TCPSegment(sourcePort: source.port, destinationPort: destination.port, sequenceNumber: mine,
                                    acknowledgmentNumber: theirs, flags: [.fin, .ack]))
        mine &+= 1
        try writeSegment(from: destination, to: source,
                         TCPSegment(sourcePort: destination.port, destinationPort: source.port, sequenceNumber: theirs,
                                    acknowledgmentNumber: mine, flags: [.fin, .ack]))
        theirs &+= 1
        try writeSegment(from: source, to: destination,
                         TCPSegment(sourcePort: source.port, destinationPort: destination.port, sequenceNumber: mine,
                                    acknowledgmentNumber: theirs, flags: .ack))
    }

    /// The connection between the endpoints, opened with a three-way handshake if there is none.
    private func tcpFlow(from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError)
        -> (key: TCPFlowKey, sourceIsClient: Bool)
    {
        let forward = TCPFlowKey(client: source, server: destination)
        if tcpFlows[forward] != nil { return (forward, true) }
        let backward = TCPFlowKey(client: destination, server: source)
        if tcpFlows[backward] != nil { return (backward, false) }

        let clientISN = seed(0x5459_4E31)
        let serverISN = seed(0x5459_4E32)
        openedCount += 1
        let mss = TCPSegment.maximumSegmentSizeOption(UInt16(clamping: maximumSegmentSize))
        try writeSegment(from: source, to: destination,
                         TCPSegment(sourcePort: source.port, destinationPort: destination.port,
                                    sequenceNumber: clientISN, flags: .syn, options: mss))
        try writeSegment(from: destination, to: source,
                         TCPSegment(sourcePort: destination.port, destinationPort: source.port,
                                    sequenceNumber: serverISN, acknowledgmentNumber: clientISN &+ 1,
                                    flags: [.syn, .ack], options: mss))
        try writeSegment(from: source, to: destination,
                         TCPSegment(sourcePort: source.port, destinationPort: destination.port,
                                    sequenceNumber: clientISN &+ 1, acknowledgmentNumber: serverISN &+ 1, flags: .ack))
        tcpFlows[forward] = TCPFlow(clientNext: clientISN &+ 1, serverNext: serverISN &+ 1)
        return (forward, true)
    }

    private func writeSegment(from source: IPEndpoint, to destination: IPEndpoint,
                              _ segment: TCPSegment) throws(PcapError) {
        let identification = nextIdentification()
        try writeIPPacket(build { () throws(CodecError) in
            try segment.packet(source: source.address, destination: destination.address, identification: identification)
        })
    }
}
