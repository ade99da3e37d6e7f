import CBatchIO
#if canImport(Glibc)
import Glibc
#endif

/// A layer-3 TUN device (no packet-information prefix, a virtio-net header the C side keeps out of
/// sight): every read is one IP packet the kernel routed to it, every write one packet — or, through
/// a `TunWriter`, a train of one UDP flow's datagrams — handed to the kernel's stack. The PGW's SGi side.
public final class TunDevice: @unchecked Sendable {
    public let descriptor: Int32
    public let name: String

    /// Creates (or attaches to) the device; it needs CAP_NET_ADMIN and /dev/net/tun.
    public init(name: String) throws {
        var actual = [CChar](repeating: 0, count: 16)
        let descriptor = cbio_tun_open(name, &actual)
        guard descriptor >= 0 else { throw UserPlaneError("open TUN \(name)", errno: -descriptor) }
        // Reads drain the queue until EAGAIN; writes to a TUN device never block anyway.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        self.name = String(decoding: actual.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Wraps a descriptor that is read and written as a TUN device would be (tests use a
    /// SOCK_SEQPACKET socket pair to see exactly what goes to the kernel); closed on deinit.
    init(descriptor: Int32, name: String) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        self.name = name
    }

    deinit { Glibc.close(descriptor) }

    /// How many packets the kernel holds for the reader when the SGi device is left at the default.
    /// The kernel's own default, 500, overflows whenever the reading thread is off the CPU for a
    /// few milliseconds at 100,000 packets/s and more (measured: 0.3 % to 20 % loss on a busy
    /// 2-core machine); 10,000 is that long at a million, and at most 15 MB of 1,500-octet packets.
    public static let defaultQueueLength = 10_000

    /// Lets the kernel hand over a TCP or UDP segmentation run whole (one read, checksums left to
    /// the reader): for a reader that cuts runs up (`cbio_segment_ipv4`), as the PGW's downlink does.
    public func enableReadOffloads() throws(UserPlaneError) {
        let result = cbio_tun_enable_offloads(descriptor)
        guard result == 0 else { throw UserPlaneError("turn on offloads of \(name)", errno: -result) }
    }

    /// Reads packets into the batch (each at its slot's headroom) until none is waiting or the
    /// batch is full, waiting up to `timeout` for the first (0: not at all); returns how many, with
    /// their lengths in `lengths` and in `segmentSizes` 0 for a whole packet or the payload size of
    /// the packets a segmentation run stands for (read offloads on; slots must then hold 65,535
    /// octets). A length of -1 marks a packet that could not be taken. The descriptor is
    /// non-blocking, so a burst costs one read per packet (or run) and one more that finds the
    /// queue empty.
    @inline(__always)
    public func read(into batch: PacketBatch, lengths: UnsafeMutablePointer<Int32>, segmentSizes: UnsafeMutablePointer<UInt16>,
                     timeout milliseconds: Int32 = 100) -> Int {
        var count = Int(cbio_tun_read(descriptor, batch.raw, lengths, segmentSizes, Int32(batch.capacity)))
        if count == 0, milliseconds > 0 {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, milliseconds) > 0 else { return 0 }
            count = Int(cbio_tun_read(descriptor, batch.raw, lengths, segmentSizes, Int32(batch.capacity)))
        }
        return count
    }
}
