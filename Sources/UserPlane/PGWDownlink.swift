/// The PGW's downlink loop: IP packets the kernel routed into the SGi TUN device, wrapped in a
/// G-PDU header (written into the headroom in front of them, no copy) toward the SGW end of the
/// bearer owning the first matching filter in precedence order, the default bearer otherwise.
/// A TCP or UDP segmentation run the kernel forwarded whole (a data-network host's TSO or UDP GSO
/// send) comes in one read and is cut here into the packets it stands for.
final class PGWDownlink: @unchecked Sendable {
    private struct Session {
        var defaultBearer: TunnelEndpoint
        /// Every filter of the dedicated bearers, lowest precedence first, with where it sends.
        var filters: [(filter: DownlinkFilter, sgw: TunnelEndpoint)]
    }

    private let tun: TunDevice
    private let output: DatagramSocket
    private let changes: RuleMailbox<PGWRuleChange>
    private let statistics: ForwardingStatistics
    /// UE address → index in `sessions`.
    private var index = ForwardingTable<Int32>()
    private var sessions: [Session] = []
    private var freeSlots: [Int32] = []
    private let batch = PacketBatch(capacity: 64, slotSize: PacketBatch.coalescingSlotSize, headroom: 64)
    private let lengths: UnsafeMutablePointer<Int32>
    private let segmentSizes: UnsafeMutablePointer<UInt16>
    /// Where segmentation runs are cut into packets (each with room for the G-PDU header), until the send.
    private let segments = SegmentArea(octets: 1 << 20, count: 1024, headroom: 16)
    private var counts = BatchCounts()

    init(from tun: TunDevice, to output: DatagramSocket, changes: RuleMailbox<PGWRuleChange>, statistics: ForwardingStatistics) {
        self.tun = tun
        self.output = output
        self.changes = changes
        self.statistics = statistics
        lengths = .allocate(capacity: batch.capacity)
        segmentSizes = .allocate(capacity: batch.capacity)
    }

    deinit {
        lengths.deallocate()
        segmentSizes.deallocate()
    }

    func pass() {
        for change in changes.take() { apply(change) }
        let received = tun.read(into: batch, lengths: lengths, segmentSizes: segmentSizes)
        guard received > 0 else { return }
        // Rules posted while the receive waited apply to what it brought.
        for change in changes.take() { apply(change) }
        segments.reset()
        for slot in 0..<received {
            let length = Int(lengths[slot])
            let packet = batch.slot(slot) + batch.headroom
            guard length >= 0 else {
                counts.count(.droppedMalformed)
                continue
            }
            guard segmentSizes[slot] > 0 else {
                forward(packet, length: length)
                continue
            }
            var cut = segments.cut(packet, length: length, segmentSize: Int(segmentSizes[slot]))
            if cut == nil, segments.used > 0 {
                // The area is full of packets still queued: send them, and start it over.
                send()
                segments.reset()
                cut = segments.cut(packet, length: length, segmentSize: Int(segmentSizes[slot]))
            }
            guard let cut else {
                counts.count(.droppedMalformed)
                continue
            }
            counts.count(.sgiRunsCut)
            for index in cut { forward(segments.packet(index), length: segments.length(index)) }
        }
        send()
        counts.flush(to: statistics)
    }

    @inline(__always)
    private func forward(_ packet: UnsafeMutablePointer<UInt8>, length: Int) {
        guard length >= 20, packet[0] >> 4 == 4 else {
            counts.count(.droppedNoSession)
            return
        }
        let destination = UInt32(packet[16]) << 24 | UInt32(packet[17]) << 16 | UInt32(packet[18]) << 8 | UInt32(packet[19])
        guard let position = index.value(for: destination) else {
            counts.count(.droppedNoSession)
            return
        }
        let sgw = route(packet, length: length, in: Int(position))
        let header = packet - GTPUFastPath.headerLength
        GTPUFastPath.writeGPDUHeader(header, teid: sgw.teid, payloadLength: length)
        if batch.queueIsFull { send() }
        // Same-sized packets to one SGW leave as one GSO send, whatever their TEIDs.
        batch.queue(header, length: length + GTPUFastPath.headerLength, to: sgw.address)
        counts.count(.downlinkBytes, length)
    }

    private func send() {
        let queued = batch.queued
        guard queued > 0 else { return }
        counts.countSend(output.sendQueued(batch), queued: queued, .downlinkPackets)
    }

    @inline(__always)
    private func route(_ packet: UnsafePointer<UInt8>, length: Int, in position: Int) -> TunnelEndpoint {
        sessions.withUnsafeBufferPointer { sessions in
            for entry in sessions[position].filters where entry.filter.matchesDownlink(packet, length: length) {
                return entry.sgw
            }
            return sessions[position].defaultBearer
        }
    }

    private func apply(_ change: PGWRuleChange) {
        switch change {
        case .install(let ue, let bearers):
            guard let defaultBearer = bearers.first(where: { $0.filters.isEmpty }) ?? bearers.first else { return apply(.remove(ueAddress: ue)) }
            let filters = bearers.flatMap { bearer in bearer.filters.map { (filter: $0, sgw: bearer.sgw) } }
                .sorted { $0.filter.precedence < $1.filter.precedence }
            let session = Session(defaultBearer: defaultBearer.sgw, filters: filters)
            if let position = index.value(for: ue) {
                sessions[Int(position)] = session
            } else if let position = freeSlots.popLast() {
                sessions[Int(position)] = session
                index.set(position, for: ue)
            } else {
                sessions.append(session)
                index.set(Int32(sessions.count - 1), for: ue)
            }
        case .remove(let ue):
            guard let position = index.value(for: ue) else { return }
            index.remove(ue)
            sessions[Int(position)] = Session(defaultBearer: TunnelEndpoint(address: IPv4Endpoint(address: 0, port: 0), teid: 0), filters: [])
            freeSlots.append(position)
        }
    }
}
