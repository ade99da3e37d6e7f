/// The SGW's downlink loop: G-PDUs from the PGW on S5-U go to the eNB on S1-U with the eNB's
/// TEID; for an idle bearer they are kept (bounded) until the UE is reachable again.
final class SGWDownlink: @unchecked Sendable {
    private struct Route: BitwiseCopyable {
        var enb: TunnelEndpoint
        var idle: Bool
    }

    private let input: DatagramSocket
    private let output: DatagramSocket
    private let changes: RuleMailbox<SGWRuleChange>
    private let statistics: ForwardingStatistics
    private let events: SGWDataPath.Events
    private let limit: BufferLimit
    private let signalling: GTPUSignalling
    private let s1uSignalling: GTPUSignalling
    private var routes = ForwardingTable<Route>()
    /// Downlink G-PDUs (whole, as received) of idle bearers, by S5-U TEID.
    private var buffers: [UInt32: [[UInt8]]] = [:]
    private var bufferedInAll = 0
    private let batch: PacketBatch
    private var counts = BatchCounts()

    init(from input: DatagramSocket, to output: DatagramSocket, changes: RuleMailbox<SGWRuleChange>,
         statistics: ForwardingStatistics, limit: BufferLimit, events: SGWDataPath.Events) {
        self.input = input
        self.output = output
        self.changes = changes
        self.statistics = statistics
        self.limit = limit
        self.events = events
        signalling = GTPUSignalling(socket: input)
        s1uSignalling = GTPUSignalling(socket: output)
        batch = PacketBatch(receivingFrom: input)
    }

    func pass() {
        for change in changes.take() { apply(change) }
        let received = input.receive(into: batch)
        guard received > 0 else {
            counts.flush(to: statistics)
            return
        }
        // Rules posted while the receive waited apply to what it brought.
        for change in changes.take() { apply(change) }
        for index in 0..<received {
            // Each G-PDU of a GRO run has its own header: rewritten one by one, sent on as a run.
            for datagram in batch.segments(index) {
                guard let base = datagram.baseAddress else { continue }
                guard let gpdu = GTPUFastPath.parseGPDU(base, length: datagram.count), let route = routes.value(for: gpdu.teid) else {
                    signalling.handle(datagram, from: batch.source(index), counts: &counts) { teid, peer in
                        events.errorIndication("s5u", teid, peer)
                    }
                    continue
                }
                if route.idle {
                    buffer(Array(datagram), teid: gpdu.teid)
                    continue
                }
                GTPUFastPath.rewriteTEID(base, to: route.enb.teid)
                if batch.queueIsFull { send() }
                batch.queue(base, length: datagram.count, to: route.enb.address)
                counts.count(.downlinkBytes, gpdu.payloadLength)
            }
        }
        send()
        counts.flush(to: statistics)
    }

    private func send() {
        let queued = batch.queued
        counts.countSend(output.sendQueued(batch), queued: queued, .downlinkPackets)
    }

    private func apply(_ change: SGWRuleChange) {
        switch change {
        case .install(let rule):
            guard let enb = rule.enb else {
                routes.set(Route(enb: TunnelEndpoint(address: IPv4Endpoint(address: 0, port: 0), teid: 0), idle: true), for: rule.s5uTEID)
                return
            }
            routes.set(Route(enb: enb, idle: false), for: rule.s5uTEID)
            deliverBuffered(rule.s5uTEID, to: enb)
        case .remove(_, let s5uTEID):
            routes.remove(s5uTEID)
            bufferedInAll -= buffers.removeValue(forKey: s5uTEID)?.count ?? 0
        case .endMarker(let path):
            s1uSignalling.send(.endMarker(teid: path.teid), to: path.address)
            counts.count(.endMarkersSent)
        case .discardBuffered(let s5uTEID):
            // With its buffer gone the bearer holds nothing: `buffer` reports the next packet again.
            let discarded = buffers.removeValue(forKey: s5uTEID)?.count ?? 0
            bufferedInAll -= discarded
            counts.count(.droppedBufferDiscarded, discarded)
        }
    }

    private func buffer(_ packet: [UInt8], teid: UInt32) {
        let held = buffers[teid]?.count ?? 0
        guard held < limit.packetsPerBearer, bufferedInAll < limit.packetsInAll else {
            counts.count(.droppedBufferFull)
            return
        }
        buffers[teid, default: []].append(packet)
        bufferedInAll += 1
        counts.count(.bufferedPackets)
        // The first packet wakes the UE; later ones wait with it (TS 23.401 5.3.4.3).
        if held == 0 { events.downlinkDataForIdleBearer(teid) }
    }

    private func deliverBuffered(_ teid: UInt32, to enb: TunnelEndpoint) {
        guard let packets = buffers.removeValue(forKey: teid) else { return }
        bufferedInAll -= packets.count
        for var packet in packets {
            packet.withUnsafeMutableBufferPointer { GTPUFastPath.rewriteTEID($0.baseAddress!, to: enb.teid) }
            output.send(packet, to: enb.address)
        }
        counts.count(.deliveredFromBuffer, packets.count)
        counts.count(.downlinkPackets, packets.count)
    }
}
