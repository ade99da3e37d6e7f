import CBatchIO

/// A slab of packet slots for batched receive and send (recvmmsg/sendmmsg), allocated once and
/// reused for every batch, so the forwarding loops allocate nothing per packet. A received
/// datagram starts `headroom` octets into its slot: a GTP-U header fits in front of a packet read
/// from TUN without moving it. With UDP GRO a received datagram is a run of segments (`segments`).
/// Datagrams to send are queued (`queue`) and go out together, same-sized runs to one peer as one
/// UDP GSO send (`DatagramSocket.sendQueued`). Owned by one forwarding thread at a time.
public final class PacketBatch: @unchecked Sendable {
    let raw: OpaquePointer
    public let capacity: Int
    public let slotSize: Int
    public let headroom: Int
    private let outgoing: UnsafeMutablePointer<cbio_outgoing>
    public let outgoingCapacity: Int
    /// Datagrams queued since the last send.
    public internal(set) var queued = 0

    /// Slots that hold a whole GRO run (65,535 octets) after the headroom. Not a multiple of the
    /// page size, so that successive slots' headers fall on different cache sets.
    public static let coalescingSlotSize = 65_536 + 192

    public init(capacity: Int = 64, slotSize: Int = 2048, headroom: Int = 64, outgoingCapacity: Int? = nil) {
        let outgoingCapacity = outgoingCapacity ?? capacity * (slotSize > 4096 ? 64 : 1)
        guard let raw = cbio_batch_create(Int32(capacity), Int32(slotSize), Int32(headroom), Int32(outgoingCapacity)) else {
            fatalError("PacketBatch(capacity: \(capacity), slotSize: \(slotSize), headroom: \(headroom)): out of memory or bad sizes")
        }
        self.raw = raw
        self.capacity = capacity
        self.slotSize = slotSize
        self.headroom = headroom
        self.outgoingCapacity = outgoingCapacity
        outgoing = cbio_batch_outgoing(raw)
    }

    /// A batch for receiving from `socket`: slots big enough for a GRO run when the socket
    /// coalesces, one datagram otherwise.
    public convenience init(receivingFrom socket: DatagramSocket, capacity: Int = 64, headroom: Int = 64) {
        self.init(capacity: capacity, slotSize: socket.offloads.contains(.coalescing) ? Self.coalescingSlotSize : 2048, headroom: headroom)
    }

    deinit { cbio_batch_destroy(raw) }

    /// The first octet of slot `index` (the received datagram is at `headroom` from here).
    @inline(__always)
    public func slot(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        cbio_batch_slot(raw, Int32(index))
    }

    /// The received datagram of slot `index` (with GRO, all its segments).
    @inline(__always)
    public func received(_ index: Int) -> UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(start: slot(index) + headroom, count: Int(cbio_batch_received_length(raw, Int32(index))))
    }

    /// The GRO segment size of slot `index`'s datagram; 0 when it is one datagram.
    @inline(__always)
    public func segmentSize(_ index: Int) -> Int { Int(cbio_batch_segment_size(raw, Int32(index))) }

    /// The datagrams the peer sent that slot `index` holds: one, or each GRO segment in order.
    @inline(__always)
    public func segments(_ index: Int) -> Segments {
        Segments(datagram: received(index), size: segmentSize(index))
    }

    @inline(__always)
    public func source(_ index: Int) -> IPv4Endpoint {
        IPv4Endpoint(networkOrderAddress: cbio_batch_source_address(raw, Int32(index)),
                     networkOrderPort: cbio_batch_source_port(raw, Int32(index)))
    }

    /// Whether the send queue is full (send it before queueing more).
    @inline(__always)
    public var queueIsFull: Bool { queued == outgoingCapacity }

    /// Queues `length` octets at `start` (memory that stays put until the send, usually a slot of
    /// this batch) to `destination`. The queue must not be full.
    @inline(__always)
    public func queue(_ start: UnsafeMutablePointer<UInt8>, length: Int, to destination: IPv4Endpoint) {
        precondition(queued < outgoingCapacity, "PacketBatch: send queue full")
        outgoing[queued] = cbio_outgoing(start: start, length: UInt32(truncatingIfNeeded: length),
                                         address: destination.networkOrderAddress, port: destination.networkOrderPort, reserved: 0)
        queued += 1
    }

    /// One received datagram split back into what its sender sent: `size`-octet segments, the last
    /// possibly shorter; the whole datagram when `size` is 0.
    public struct Segments: Sequence, IteratorProtocol {
        private var rest: UnsafeMutableBufferPointer<UInt8>
        private let size: Int
        /// An empty datagram is still one (the slow path counts it as malformed).
        private var first = true

        @inline(__always)
        init(datagram: UnsafeMutableBufferPointer<UInt8>, size: Int) {
            rest = datagram
            self.size = size > 0 ? size : datagram.count
        }

        @inline(__always)
        public mutating func next() -> UnsafeMutableBufferPointer<UInt8>? {
            guard rest.count > 0 || first, let base = rest.baseAddress else { return nil }
            first = false
            let length = Swift.min(size, rest.count)
            rest = UnsafeMutableBufferPointer(start: base + length, count: rest.count - length)
            return UnsafeMutableBufferPointer(start: base, count: length)
        }
    }
}
