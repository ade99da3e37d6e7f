import Foundation
import Synchronization
import UserPlane

/// Sends the same prepared datagrams again and again, a batch per system call (same-sized runs to
/// one destination as UDP GSO sends, as the forwarders send), until stopped.
final class Blaster: @unchecked Sendable {
    private let socket: DatagramSocket
    private let batch: PacketBatch
    private let count: Int
    private let lengths: [Int]
    private let destinations: [IPv4Endpoint]
    let running = Atomic<Bool>(true)
    let sent = Atomic<Int>(0)

    init(socket: DatagramSocket, datagrams: [[UInt8]], to destinations: [IPv4Endpoint]) {
        let count = min(64, datagrams.count)
        let batch = PacketBatch(capacity: count, slotSize: 2048, headroom: 0)
        for index in 0..<count {
            let bytes = datagrams[index]
            bytes.withUnsafeBufferPointer { batch.slot(index).update(from: $0.baseAddress!, count: bytes.count) }
        }
        self.socket = socket
        self.count = count
        self.batch = batch
        lengths = datagrams.prefix(count).map(\.count)
        self.destinations = (0..<count).map { destinations[$0 % destinations.count] }
    }

    private func sendAll() -> Int {
        for index in 0..<count { batch.queue(batch.slot(index), length: lengths[index], to: destinations[index]) }
        return socket.sendQueued(batch).sent
    }

    /// Sends at `rate` datagrams per second (nil: as fast as the socket takes them), a batch at a
    /// time, keeping to the rate over the whole run rather than per batch.
    func start(rate: Double? = nil) {
        Thread { [self] in
            var total = 0
            let start = ContinuousClock.now
            while running.load(ordering: .relaxed) {
                if let rate {
                    let due = start + .nanoseconds(Int64(Double(total + count) / rate * 1e9))
                    let now = ContinuousClock.now
                    if due > now {
                        let wait = due - now
                        if wait > .microseconds(200) { usleep(UInt32(wait.components.attoseconds / 1_000_000_000_000)) }
                        continue
                    }
                }
                total += sendAll()
            }
            sent.store(total, ordering: .relaxed)
        }.start()
    }
}

/// Counts what arrives, from the first datagram to the last; a GRO run counts as the datagrams it holds.
final class Sink: @unchecked Sendable {
    private let socket: DatagramSocket
    let running = Atomic<Bool>(true)
    private let result = Mutex<(packets: Int, bytes: Int, first: ContinuousClock.Instant?, last: ContinuousClock.Instant?)>((0, 0, nil, nil))
    private let done = Atomic<Bool>(false)

    init(socket: DatagramSocket) { self.socket = socket }

    func start() {
        Thread { [self] in
            let batch = PacketBatch(receivingFrom: socket, headroom: 0)
            var packets = 0, bytes = 0
            var first: ContinuousClock.Instant?, last: ContinuousClock.Instant?
            while running.load(ordering: .relaxed) {
                let received = socket.receive(into: batch)
                guard received > 0 else { continue }
                let now = ContinuousClock.now
                if first == nil { first = now }
                last = now
                for index in 0..<received {
                    let length = batch.received(index).count, size = batch.segmentSize(index)
                    packets += size > 0 ? (length + size - 1) / size : 1
                    bytes += length
                }
            }
            result.withLock { $0 = (packets, bytes, first, last) }
            done.store(true, ordering: .releasing)
        }.start()
    }

    /// Stops counting and returns packets per second (first to last) and the count.
    func finish() -> (packetsPerSecond: Double, packets: Int) {
        running.store(false, ordering: .relaxed)
        while !done.load(ordering: .acquiring) { usleep(10_000) }
        let (packets, _, first, last) = result.withLock { $0 }
        guard let first, let last, last > first else { return (0, packets) }
        let elapsed = last - first
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(packets - 1) / seconds, packets)
    }
}

/// The reference: a plain UDP relay with the same batched I/O (GRO runs split into their datagrams,
/// sent on as GSO runs) and nothing else to do.
final class Relay: @unchecked Sendable {
    private let input: DatagramSocket
    private let output: DatagramSocket
    private let destination: IPv4Endpoint
    let running = Atomic<Bool>(true)

    init(from input: DatagramSocket, to output: DatagramSocket, destination: IPv4Endpoint) {
        self.input = input
        self.output = output
        self.destination = destination
    }

    func start() {
        Thread { [self] in
            let batch = PacketBatch(receivingFrom: input)
            while running.load(ordering: .relaxed) {
                let received = input.receive(into: batch)
                for index in 0..<received {
                    for datagram in batch.segments(index) {
                        if batch.queueIsFull { output.sendQueued(batch) }
                        batch.queue(datagram.baseAddress!, length: datagram.count, to: destination)
                    }
                }
                output.sendQueued(batch)
            }
        }.start()
    }
}

/// The reference for the PGW hop with the PGW's own I/O: G-PDUs from a socket, unwrapped into a
/// TUN device through the same `TunWriter`; packets from the TUN device wrapped in a fixed G-PDU header and sent to one peer.
/// No lookup, no check: what is left of the PGW when its tables and filters are taken away.
final class TunRelay: @unchecked Sendable {
    private let socket: DatagramSocket
    private let tun: TunDevice
    private let destination: IPv4Endpoint
    let running = Atomic<Bool>(true)

    init(socket: DatagramSocket, tun: TunDevice, downlinkTo destination: IPv4Endpoint) {
        self.socket = socket
        self.tun = tun
        self.destination = destination
    }

    func start() {
        Thread { [self] in
            let batch = PacketBatch(receivingFrom: socket)
            let writer = TunWriter(device: tun)
            while running.load(ordering: .relaxed) {
                let received = socket.receive(into: batch)
                for index in 0..<received {
                    for datagram in batch.segments(index) {
                        guard let base = datagram.baseAddress, let gpdu = GTPUFastPath.parseGPDU(base, length: datagram.count) else { continue }
                        if writer.isFull { _ = writer.flush() }
                        writer.queue(base + gpdu.payloadOffset, length: gpdu.payloadLength)
                    }
                }
                _ = writer.flush()
            }
        }.start()
        Thread { [self] in
            let batch = PacketBatch()
            let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: batch.capacity)
            let segmentSizes = UnsafeMutablePointer<UInt16>.allocate(capacity: batch.capacity)
            while running.load(ordering: .relaxed) {
                let received = tun.read(into: batch, lengths: lengths, segmentSizes: segmentSizes)
                for slot in 0..<received {
                    let header = batch.slot(slot) + batch.headroom - GTPUFastPath.headerLength
                    GTPUFastPath.writeGPDUHeader(header, teid: 0x4000, payloadLength: Int(lengths[slot]))
                    batch.queue(header, length: Int(lengths[slot]) + GTPUFastPath.headerLength, to: destination)
                }
                socket.sendQueued(batch)
            }
            lengths.deallocate()
            segmentSizes.deallocate()
        }.start()
    }
}
