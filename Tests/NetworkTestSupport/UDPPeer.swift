import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One end a test plays (an MME's S11, an eNB's S1-U, an SGW's S5/S8, a data-network host): a
/// blocking UDP socket, read with a short timeout so that every wait stays bounded. Made inside a
/// namespace with `NetworkLab.perform(in:)`, it stays there.
public final class UDPPeer: @unchecked Sendable {  // one test thread uses it at a time
    public let address: String
    /// The bound port (the one the kernel chose when 0 was asked for).
    public let port: UInt16
    private let descriptor: Int32

    public init(_ address: String, port: UInt16) throws {
        self.address = address
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw LabError("socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Room for a burst (a released buffer of downlink packets) while the test is not reading.
        var bufferBytes: Int32 = 1 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &bufferBytes, socklen_t(MemoryLayout<Int32>.size))
        var local = Self.socketAddress(address, port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bound in
                bind(descriptor, bound, length) == 0 ? getsockname(descriptor, bound, &length) : -1
            }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw LabError("bind \(address):\(port): \(reason)")
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: local.sin_port)
    }

    deinit { close(descriptor) }

    public func send(_ bytes: [UInt8], to address: String, port: UInt16) {
        var destination = Self.socketAddress(address, port)
        _ = bytes.withUnsafeBytes { payload in
            withUnsafePointer(to: &destination) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, payload.baseAddress, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next datagram and its sender ("127.0.0.1:2123"), or nil when nothing came within `timeout`.
    public func receive(within timeout: Duration = .seconds(3)) -> (bytes: [UInt8], from: String)? {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        repeat {
            let count = withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length) }
            }
            if count >= 0 {
                var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                inet_ntop(AF_INET, &source.sin_addr, &text, socklen_t(text.count))
                let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return (Array(buffer.prefix(count)), "\(address):\(UInt16(bigEndian: source.sin_port))")
            }
        } while ContinuousClock.now < deadline
        return nil
    }

    /// Datagrams until `predicate` accepts one (returned) or `timeout` passes (nil); the others
    /// are dropped (an Echo Request of path supervision, say).
    public func receive(within timeout: Duration = .seconds(3), where predicate: ([UInt8]) -> Bool) -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let next = receive(within: .milliseconds(100)), predicate(next.bytes) { return next.bytes }
        }
        return nil
    }

    /// Everything that arrives until `window` passes with the last datagram at most 60 ms old.
    public func drain(for window: Duration = .milliseconds(300)) -> [[UInt8]] {
        var received: [[UInt8]] = []
        let deadline = ContinuousClock.now + window
        while ContinuousClock.now < deadline, let next = receive(within: .milliseconds(60)) { received.append(next.bytes) }
        return received
    }

    private static func socketAddress(_ address: String, _ port: UInt16) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &result.sin_addr)
        return result
    }
}
