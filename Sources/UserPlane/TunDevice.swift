import CBatchIO
#if canImport(Glibc)
import Glibc
#endif

/// A layer-3 TUN device (no packet-information prefix): every read is one IP packet the kernel
/// routed to it, every write one packet handed to the kernel's stack. The PGW's SGi side.
public final class TunDevice: @unchecked Sendable {
    public let descriptor: Int32
    public let name: String

    /// Creates (or attaches to) the device; it needs CAP_NET_ADMIN and /dev/net/tun.
    public init(name: String) throws {
        var actual = [CChar](repeating: 0, count: 16)
        let descriptor = cbio_tun_open(name, &actual)
        guard descriptor >= 0 else { throw UserPlaneError("open TUN \(name)", errno: -descriptor) }
        self.descriptor = descriptor
        self.name = String(decoding: actual.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { Glibc.close(descriptor) }

    /// Reads packets into the batch (each at its slot's headroom) until none is waiting or the
    /// batch is full, waiting up to `timeout` for the first; returns how many, with their lengths
    /// in `lengths`.
    @inline(__always)
    public func read(into batch: PacketBatch, lengths: UnsafeMutablePointer<Int32>, timeout milliseconds: Int32 = 100) -> Int {
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&waiting, 1, milliseconds) > 0 else { return 0 }
        var count = 0
        let room = batch.slotSize - batch.headroom
        while count < batch.capacity {
            let length = Glibc.read(descriptor, batch.slot(count) + batch.headroom, room)
            if length <= 0 { break }
            lengths[count] = Int32(length)
            count += 1
            if count < batch.capacity {
                waiting.revents = 0
                if poll(&waiting, 1, 0) <= 0 { break }
            }
        }
        return count
    }

    /// Hands one IP packet to the kernel.
    @inline(__always)
    @discardableResult
    public func write(_ packet: UnsafeRawPointer, length: Int) -> Bool {
        Glibc.write(descriptor, packet, length) == length
    }
}
