import CBatchIO
#if canImport(Glibc)
import Glibc
#endif

public struct UserPlaneError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ operation: String, errno code: Int32) {
        description = "\(operation): \(String(cString: strerror(code)))"
    }
}

/// A UDP socket for a forwarding loop: bound to one address and port, large kernel buffers, a
/// receive timeout so the loop notices when it should stop, and batched receive and send, with
/// UDP GRO and GSO where the kernel has them. `send` may be called from other threads than the
/// loop's (sendto on one UDP socket is safe).
public final class DatagramSocket: @unchecked Sendable {
    public let descriptor: Int32
    public let local: IPv4Endpoint
    /// What the kernel took of the offloads asked for.
    public let offloads: Offloads

    /// UDP segmentation offloads (Linux 4.18 GSO, 5.0 GRO): a run of same-sized datagrams to or
    /// from one peer crosses the stack, and the veth pairs between pods, as one.
    public struct Offloads: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Sends runs of same-sized datagrams to one peer as one UDP_SEGMENT send.
        public static let segmentation = Offloads(rawValue: 1)
        /// Receives runs the kernel coalesced (UDP_GRO), to be split by segment size.
        public static let coalescing = Offloads(rawValue: 2)
        public static let all: Offloads = [.segmentation, .coalescing]
    }

    public init(bind local: IPv4Endpoint, bufferBytes: Int = 8 << 20, receiveTimeout: Duration = .milliseconds(100),
                offloads requested: Offloads = .all) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw UserPlaneError("socket", errno: errno) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        cbio_set_buffers(descriptor, Int32(bufferBytes))
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = local.networkOrderAddress
        address.sin_port = local.networkOrderPort
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw UserPlaneError("bind \(local)", errno: code)
        }
        self.descriptor = descriptor
        var offloads: Offloads = []
        if requested.contains(.segmentation), cbio_udp_gso_supported(descriptor) == 1 { offloads.insert(.segmentation) }
        if requested.contains(.coalescing), cbio_enable_udp_gro(descriptor) == 0 { offloads.insert(.coalescing) }
        self.offloads = offloads
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.local = IPv4Endpoint(networkOrderAddress: actual.sin_addr.s_addr, networkOrderPort: actual.sin_port)
    }

    deinit { Glibc.close(descriptor) }

    /// Receives up to the batch's capacity; 0 when the receive timeout passed with nothing.
    @inline(__always)
    public func receive(into batch: PacketBatch) -> Int {
        let count = cbio_receive(descriptor, batch.raw, Int32(batch.capacity))
        return count > 0 ? Int(count) : 0
    }

    /// Sends the batch's queued datagrams and empties its queue: how many the kernel took (each
    /// GSO segment counted) and how many GSO sends it refused (those went again one by one).
    @inline(__always)
    @discardableResult
    public func sendQueued(_ batch: PacketBatch) -> (sent: Int, segmentationRefused: Int) {
        let count = batch.queued
        guard count > 0 else { return (0, 0) }
        batch.queued = 0
        let result = cbio_send_queued(descriptor, batch.raw, Int32(count), offloads.contains(.segmentation) ? 1 : 0)
        return (Int(result.sent), Int(result.segmentation_refused))
    }

    /// One datagram, from any thread (signalling answers: Echo Response, Error Indication, End Marker).
    public func send(_ bytes: [UInt8], to destination: IPv4Endpoint) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = destination.networkOrderAddress
        address.sin_port = destination.networkOrderPort
        _ = bytes.withUnsafeBytes { payload in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, payload.baseAddress, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }
}
