import Foundation
import TestOracles

/// Opens a socket inside a network namespace from this process (`NetworkLab.perform`: a thread
/// that joined the namespace creates and binds it); the socket stays in the namespace it was made in.
public enum NamespaceSocket {
    public static func udp(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        try await make(in: namespace, type: SOCK_DGRAM, address: address, port: port)
    }

    /// A listening TCP socket.
    public static func tcpListener(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        let descriptor = try await make(in: namespace, type: SOCK_STREAM, address: address, port: port)
        guard listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw LabError("listen \(address):\(port): errno \(errno)")
        }
        return descriptor
    }

    private static func make(in namespace: String, type: __socket_type, address: String, port: UInt16) async throws -> CInt {
        try await withOwnThread { try NetworkLab.perform(in: namespace) { try open(type: type, address: address, port: port) } }
    }

    private static func open(type: __socket_type, address: String, port: UInt16) throws -> CInt {
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        guard descriptor >= 0 else { throw LabError("socket: errno \(errno)") }
        var reuse: CInt = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<CInt>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &socketAddress.sin_addr)
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw LabError("bind \(address):\(port): errno \(errno)")
        }
        return descriptor
    }
}
