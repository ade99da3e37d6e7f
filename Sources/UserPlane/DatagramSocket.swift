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
/// receive timeout so the loop notices when it should stop, and batched receive and send.
/// `send` may be called from other threads than the loop's (sendto on one UDP socket is safe).
public final class DatagramSocket: @unchecked Sendable {
    public let descriptor: Int32
    public let local: IPv4Endpoint

    public init(bind local: IPv4Endpoint, bufferBytes: Int = 8 << 20, receiveTimeout: Duration = .milliseconds(100)) throws {
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

    /// Sends the batch's first `count` prepared datagrams; returns how many left.
    @inline(__always)
    @discardableResult
    public func send(_ batch: PacketBatch, count: Int) -> Int {
        guard count > 0 else { return 0 }
        return max(0, Int(cbio_send(descriptor, batch.raw, Int32(count))))
    }

    /// Sends the prepared datagrams of the listed slots.
    @inline(__always)
    @discardableResult
    public func send(_ batch: PacketBatch, slots: UnsafeBufferPointer<Int32>) -> Int {
        guard let base = slots.baseAddress, slots.count > 0 else { return 0 }
        return max(0, Int(cbio_send_indices(descriptor, batch.raw, base, Int32(slots.count))))
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
