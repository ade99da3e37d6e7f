import CBatchIO

/// What one flush of a `TunWriter` did.
public struct TunWriteResult: Equatable, Sendable {
    /// Packets the kernel took, and how many of those went inside a multi-packet (UDP GSO) write.
    public var written: Int
    public var coalesced: Int
    /// Writes into the TUN device.
    public var writes: Int
    /// UDP GSO writes the kernel refused; their packets went one by one, as every packet does after.
    public var segmentationRefused: Int
    /// Of `written`, those sent out of the SGi interface by the writer's `SGiTransmit` instead.
    public var transmitted: Int = 0
}

/// Packets for a TUN device, queued during a batch and written at its end: a UDP flow's datagrams
/// that follow one another go to the kernel as one UDP GSO packet (routed, filtered and forwarded
/// once, cut back into the same datagrams on the way out), the rest one per write. The queued
/// memory must not change until `flush`. One writer per thread.
///
/// With an `SGiTransmit`, a packet that goes alone is offered to it first, and what it takes
/// leaves by the SGi interface without the kernel's per-packet forwarding (order kept: its frames
/// go before the next write into the device).
public final class TunWriter: @unchecked Sendable {
    private let device: TunDevice
    private let transmit: SGiTransmit?
    private let queue: OpaquePointer
    public let capacity: Int

    public init(device: TunDevice, transmit: SGiTransmit? = nil, capacity: Int = 4096) {
        guard let queue = cbio_tun_queue_create(Int32(capacity)) else { fatalError("TunWriter(capacity: \(capacity)): out of memory") }
        self.device = device
        self.transmit = transmit
        self.queue = queue
        self.capacity = capacity
    }

    deinit { cbio_tun_queue_destroy(queue) }

    public var queued: Int { Int(cbio_tun_queue_count(queue)) }
    public var isFull: Bool { queued == capacity }

    /// Queues one IP packet; false (not queued) when the writer is full and wants a flush.
    @inline(__always)
    @discardableResult
    public func queue(_ packet: UnsafeRawPointer, length: Int) -> Bool {
        cbio_tun_queue_add(queue, packet.assumingMemoryBound(to: UInt8.self), UInt32(length)) >= 0
    }

    /// Writes everything queued.
    public func flush() -> TunWriteResult {
        let result = cbio_tun_queue_flush(device.descriptor, queue, transmit.handle)
        return TunWriteResult(written: Int(result.written), coalesced: Int(result.coalesced), writes: Int(result.writes),
                              segmentationRefused: Int(result.segmentation_refused), transmitted: Int(result.transmitted))
    }
}
