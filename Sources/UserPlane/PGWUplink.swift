/// The PGW's uplink loop: G-PDUs from the SGW, unwrapped and written to the SGi TUN device at the
/// end of each batch (a UDP flow's datagrams together, as one write: see `TunWriter`), or, with an
/// `SGiTransmit`, the lone ones sent out of the SGi interface directly.
final class PGWUplink: @unchecked Sendable {
    private let input: DatagramSocket
    private let sgi: TunWriter
    private let changes: RuleMailbox<PGWRuleChange>
    private let statistics: ForwardingStatistics
    private let errorIndication: @Sendable (UInt32, IPv4Endpoint) -> Void
    private let signalling: GTPUSignalling
    /// Our S5-U TEID → the UE's address, which must be the source of what it carries.
    private var owners = ForwardingTable<UInt32>()
    private var teidsOfUE: [UInt32: [UInt32]] = [:]
    private let batch: PacketBatch
    private var counts = BatchCounts()

    init(from input: DatagramSocket, to tun: TunDevice, transmit: SGiTransmit?, changes: RuleMailbox<PGWRuleChange>,
         statistics: ForwardingStatistics, errorIndication: @escaping @Sendable (UInt32, IPv4Endpoint) -> Void) {
        self.input = input
        sgi = TunWriter(device: tun, transmit: transmit)
        self.changes = changes
        self.statistics = statistics
        self.errorIndication = errorIndication
        signalling = GTPUSignalling(socket: input)
        batch = PacketBatch(receivingFrom: input)
    }

    func pass() {
        for change in changes.take() { apply(change) }
        let received = input.receive(into: batch)
        guard received > 0 else { return }
        // Rules posted while the receive waited apply to what it brought.
        for change in changes.take() { apply(change) }
        for index in 0..<received {
            for datagram in batch.segments(index) {
                guard let base = datagram.baseAddress else { continue }
                guard let gpdu = GTPUFastPath.parseGPDU(base, length: datagram.count), let ue = owners.value(for: gpdu.teid) else {
                    signalling.handle(datagram, from: batch.source(index), counts: &counts, onErrorIndication: errorIndication)
                    continue
                }
                let packet = base + gpdu.payloadOffset
                // Anti-spoofing (TS 29.061 11.3): only the UE's own address may be the source.
                guard gpdu.payloadLength >= 20, packet[0] >> 4 == 4,
                      UInt32(packet[12]) << 24 | UInt32(packet[13]) << 16 | UInt32(packet[14]) << 8 | UInt32(packet[15]) == ue else {
                    counts.count(.droppedSpoofedSource)
                    continue
                }
                if sgi.isFull { writeQueued() }
                sgi.queue(packet, length: gpdu.payloadLength)
                counts.count(.uplinkBytes, gpdu.payloadLength)
            }
        }
        // The queued packets live in the batch, which the next receive overwrites.
        writeQueued()
        counts.flush(to: statistics)
    }

    private func writeQueued() {
        let queued = sgi.queued
        guard queued > 0 else { return }
        let result = sgi.flush()
        counts.count(.uplinkPackets, result.written)
        counts.count(.droppedSendFailed, queued - result.written)
        counts.count(.sgiCoalesced, result.coalesced)
        counts.count(.sgiTransmitted, result.transmitted)
        counts.count(.segmentationRefused, result.segmentationRefused)
    }

    private func apply(_ change: PGWRuleChange) {
        switch change {
        case .install(let ue, let bearers):
            for teid in teidsOfUE[ue] ?? [] { owners.remove(teid) }
            for bearer in bearers { owners.set(ue, for: bearer.uplinkTEID) }
            teidsOfUE[ue] = bearers.map(\.uplinkTEID)
        case .remove(let ue):
            for teid in teidsOfUE.removeValue(forKey: ue) ?? [] { owners.remove(teid) }
        }
    }
}
