/// The SGW's uplink loop: G-PDUs from eNBs on S1-U go to the PGW on S5-U with the PGW's TEID.
final class SGWUplink: @unchecked Sendable {
    private let input: DatagramSocket
    private let output: DatagramSocket
    private let changes: RuleMailbox<SGWRuleChange>
    private let statistics: ForwardingStatistics
    private let events: SGWDataPath.Events
    private let signalling: GTPUSignalling
    private var routes = ForwardingTable<TunnelEndpoint>()
    private let batch: PacketBatch
    private var counts = BatchCounts()

    init(from input: DatagramSocket, to output: DatagramSocket, changes: RuleMailbox<SGWRuleChange>,
         statistics: ForwardingStatistics, events: SGWDataPath.Events) {
        self.input = input
        self.output = output
        self.changes = changes
        self.statistics = statistics
        self.events = events
        signalling = GTPUSignalling(socket: input)
        batch = PacketBatch(receivingFrom: input)
    }

    private func applyPendingChanges() {
        for change in changes.take() {
            switch change {
            case .install(let rule): routes.set(rule.pgw, for: rule.s1uTEID)
            case .remove(let s1uTEID, _): routes.remove(s1uTEID)
            case .endMarker, .discardBuffered: break
            }
        }
    }

    func pass() {
        applyPendingChanges()
        let received = input.receive(into: batch)
        guard received > 0 else { return }
        // Rules posted while the receive waited apply to what it brought.
        applyPendingChanges()
        for index in 0..<received {
            // Each G-PDU of a GRO run has its own header: rewritten one by one, sent on as a run.
            for datagram in batch.segments(index) {
                guard let base = datagram.baseAddress else { continue }
                if let gpdu = GTPUFastPath.parseGPDU(base, length: datagram.count), let pgw = routes.value(for: gpdu.teid) {
                    GTPUFastPath.rewriteTEID(base, to: pgw.teid)
                    if batch.queueIsFull { send() }
                    batch.queue(base, length: datagram.count, to: pgw.address)
                    counts.count(.uplinkBytes, gpdu.payloadLength)
                } else {
                    signalling.handle(datagram, from: batch.source(index), counts: &counts) { teid, peer in
                        events.errorIndication("s1u", teid, peer)
                    }
                }
            }
        }
        send()
        counts.flush(to: statistics)
    }

    private func send() {
        let queued = batch.queued
        counts.countSend(output.sendQueued(batch), queued: queued, .uplinkPackets)
    }
}
