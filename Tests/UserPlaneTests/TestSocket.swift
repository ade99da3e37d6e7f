#if canImport(Glibc)
import Glibc
#endif
@testable import UserPlane

/// A plain UDP socket for the tests' side of a tunnel (an eNB, an SGW or PGW double).
final class TestSocket: @unchecked Sendable {
    let socket: DatagramSocket

    init(_ address: String, port: UInt16 = 0) throws {
        socket = try DatagramSocket(bind: IPv4Endpoint(address, port: port)!, bufferBytes: 1 << 20, receiveTimeout: .milliseconds(50))
    }

    var endpoint: IPv4Endpoint { socket.local }

    func send(_ bytes: [UInt8], to destination: IPv4Endpoint) { socket.send(bytes, to: destination) }

    /// The next datagram, or nil after `timeout`.
    func receive(timeout: Duration = .seconds(2)) -> (bytes: [UInt8], from: IPv4Endpoint)? {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        while ContinuousClock.now < deadline {
            let count = withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(socket.descriptor, &buffer, buffer.count, 0, $0, &length) }
            }
            if count >= 0 {
                return (Array(buffer[0..<count]), IPv4Endpoint(networkOrderAddress: source.sin_addr.s_addr, networkOrderPort: source.sin_port))
            }
        }
        return nil
    }

    /// Everything that arrives within `window`.
    func drain(for window: Duration = .milliseconds(300)) -> [[UInt8]] {
        var received: [[UInt8]] = []
        let deadline = ContinuousClock.now + window
        while ContinuousClock.now < deadline, let next = receive(timeout: .milliseconds(60)) { received.append(next.bytes) }
        return received
    }
}

/// Polls `condition` every 10 ms, at most `polls` times (counted, not timed: see withOwnThread).
func eventually(polls: Int = 300, _ condition: () -> Bool) -> Bool {
    for _ in 0..<polls {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
