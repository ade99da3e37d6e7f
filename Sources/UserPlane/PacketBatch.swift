import CBatchIO

/// A slab of packet slots for batched receive and send (recvmmsg/sendmmsg), allocated once and
/// reused for every batch, so the forwarding loops allocate nothing per packet. A received
/// datagram starts `headroom` octets into its slot: a GTP-U header fits in front of a packet read
/// from TUN without moving it. Owned by one forwarding thread at a time.
public final class PacketBatch: @unchecked Sendable {
    let raw: OpaquePointer
    public let capacity: Int
    public let slotSize: Int
    public let headroom: Int

    public init(capacity: Int = 64, slotSize: Int = 2048, headroom: Int = 64) {
        guard let raw = cbio_batch_create(Int32(capacity), Int32(slotSize), Int32(headroom)) else {
            fatalError("PacketBatch(capacity: \(capacity), slotSize: \(slotSize), headroom: \(headroom)): out of memory or bad sizes")
        }
        self.raw = raw
        self.capacity = capacity
        self.slotSize = slotSize
        self.headroom = headroom
    }

    deinit { cbio_batch_destroy(raw) }

    /// The first octet of slot `index` (the received datagram is at `headroom` from here).
    @inline(__always)
    public func slot(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        cbio_batch_slot(raw, Int32(index))
    }

    /// The received datagram of slot `index`.
    @inline(__always)
    public func received(_ index: Int) -> UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(start: slot(index) + headroom, count: Int(cbio_batch_received_length(raw, Int32(index))))
    }

    @inline(__always)
    public func source(_ index: Int) -> IPv4Endpoint {
        IPv4Endpoint(networkOrderAddress: cbio_batch_source_address(raw, Int32(index)),
                     networkOrderPort: cbio_batch_source_port(raw, Int32(index)))
    }

    /// Makes slot `index`'s octets from `offset` (counted from the slot's start) for `length` the
    /// datagram to send to `destination`.
    @inline(__always)
    public func setOutgoing(_ index: Int, offset: Int, length: Int, to destination: IPv4Endpoint) {
        cbio_batch_set_outgoing(raw, Int32(index), Int32(offset), Int32(length), destination.networkOrderAddress, destination.networkOrderPort)
    }
}
