#if canImport(Glibc)
import Glibc
#endif

/// The PGW's downlink loop: IP packets the kernel routed into the SGi TUN device, wrapped in a
/// G-PDU header (written into the headroom in front of them, no copy) toward the SGW end of the
/// bearer owning the first matching filter in precedence order, the default bearer otherwise.
/// A TCP or UDP segmentation run the kernel forwarded whole (a data-network host's TSO or UDP GSO
/// send) comes in one read and is cut here into the packets it stands for. With an `SGiRing`, most
/// packets (see there) come from the SGi interface's ring instead, without the kernel's forwarding.
final class PGWDownlink: @unchecked Sendable {
    private struct Session {
        var defaultBearer: TunnelEndpoint
        /// Every filter of the dedicated bearers, lowest precedence first, with where it sends.
        var filters: [(filter: DownlinkFilter, sgw: TunnelEndpoint)]
    }

    private let tun: TunDevice
    private let ring: SGiRing?
    private let ringPackets: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    private let ringLengths: UnsafeMutablePointer<Int32>
    private let ringSegmentSizes: UnsafeMutablePointer<UInt16>
    private var passes = 0
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

    init(from tun: TunDevice, ring: SGiRing?, to output: DatagramSocket, changes: RuleMailbox<PGWRuleChange>,
         statistics: ForwardingStatistics) {
        self.tun = tun
        self.ring = ring
        self.output = output
        self.changes = changes
        self.statistics = statistics
        lengths = .allocate(capacity: batch.capacity)
        segmentSizes = .allocate(capacity: batch.capacity)
        ringPackets = .allocate(capacity: batch.capacity)
        ringLengths = .allocate(capacity: batch.capacity)
        ringSegmentSizes = .allocate(capacity: batch.capacity)
    }

    deinit {
        lengths.deallocate()
        segmentSizes.deallocate()
        ringPackets.deallocate()
        ringLengths.deallocate()
        ringSegmentSizes.deallocate()
    }

    func pass() {
        for change in changes.take() { apply(change) }
        var taken = ring?.take(into: ringPackets, lengths: ringLengths, segmentSizes: ringSegmentSizes, max: batch.capacity) ?? 0
        var received = tun.read(into: batch, lengths: lengths, segmentSizes: segmentSizes, timeout: ring == nil ? 100 : 0)
        if taken == 0, received == 0, let ring {
            countRingDrops(ring)
            counts.flush(to: statistics)
            guard waitForInput(ring) else { return }
            taken = ring.take(into: ringPackets, lengths: ringLengths, segmentSizes: ringSegmentSizes, max: batch.capacity)
            received = tun.read(into: batch, lengths: lengths, segmentSizes: segmentSizes, timeout: 0)
        }
        guard taken > 0 || received > 0 else { return }
        // Rules posted while the receive waited apply to what it brought.
        for change in changes.take() { apply(change) }
        segments.reset()
        counts.count(.sgiRingTaken, taken)
        for index in 0..<taken {
            handle(ringPackets[index]!, length: Int(ringLengths[index]), segmentSize: Int(ringSegmentSizes[index]))
        }
        for slot in 0..<received {
            handle(batch.slot(slot) + batch.headroom, length: Int(lengths[slot]), segmentSize: Int(segmentSizes[slot]))
        }
        send()
        // The packets sent pointed into the ring's frames: only now can the kernel have them back.
        ring?.release()
        passes &+= 1
        if let ring, passes % 1024 == 0 { countRingDrops(ring) }
        counts.flush(to: statistics)
    }

    /// A packet, or a segmentation run (`segmentSize` > 0) cut into its packets, toward its bearer.
    @inline(__always)
    private func handle(_ packet: UnsafeMutablePointer<UInt8>, length: Int, segmentSize: Int) {
        guard length >= 0 else {
            counts.count(length == -2 ? .droppedUnsupportedSegmentation : .droppedMalformed)
            return
        }
        guard segmentSize > 0 else {
            forward(packet, length: length)
            return
        }
        var cut = segments.cut(packet, length: length, segmentSize: segmentSize)
        if cut == nil, segments.used > 0 {
            // The area is full of packets still queued: send them, and start it over.
            send()
            segments.reset()
            cut = segments.cut(packet, length: length, segmentSize: segmentSize)
        }
        guard let cut else {
            counts.count(.droppedMalformed)
            return
        }
        counts.count(.sgiRunsCut)
        for index in cut { forward(segments.packet(index), length: segments.length(index)) }
    }

    /// Waits up to 100 ms for the ring or the TUN device; false when neither has anything.
    private func waitForInput(_ ring: SGiRing) -> Bool {
        var waiting = [pollfd(fd: ring.descriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: tun.descriptor, events: Int16(POLLIN), revents: 0)]
        return poll(&waiting, 2, 100) > 0
    }

    private func countRingDrops(_ ring: SGiRing) {
        counts.count(.droppedRingFull, ring.fullDrops())
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
