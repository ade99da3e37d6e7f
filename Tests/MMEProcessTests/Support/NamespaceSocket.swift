import Foundation

/// Opens a socket inside a network namespace from this process: a fresh thread joins the
/// namespace (setns changes only the calling thread), creates and binds the socket, and ends;
/// the socket stays in the namespace it was made in.
enum NamespaceSocket {
    /// setns(2), which Glibc's module map hides behind _GNU_SOURCE; looked up at run time.
    private typealias SetNamespace = @convention(c) (CInt, CInt) -> CInt
    private static let setNamespace: SetNamespace? = dlsym(dlopen(nil, RTLD_NOW), "setns")
        .map { unsafeBitCast($0, to: SetNamespace.self) }
    private static let cloneNewNet: CInt = 0x4000_0000

    static func udp(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        try await make(in: namespace, type: SOCK_DGRAM, address: address, port: port)
    }

    /// A listening TCP socket.
    static func tcpListener(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        let descriptor = try await make(in: namespace, type: SOCK_STREAM, address: address, port: port)
        guard listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw LabError("listen \(address):\(port): errno \(errno)")
        }
        return descriptor
    }

    private static func make(in namespace: String, type: __socket_type, address: String, port: UInt16) async throws -> CInt {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try open(namespace: namespace, type: type, address: address, port: port) })
            }
        }
    }

    private static func open(namespace: String, type: __socket_type, address: String, port: UInt16) throws -> CInt {
        let target = Glibc.open("/var/run/netns/\(namespace)", O_RDONLY)
        guard target >= 0 else { throw LabError("cannot open namespace \(namespace): errno \(errno)") }
        defer { close(target) }
        guard let setns = setNamespace, setns(target, cloneNewNet) == 0 else { throw LabError("setns \(namespace): errno \(errno)") }
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
            throw LabError("bind \(address):\(port) in \(namespace): errno \(errno)")
        }
        // This thread ends here; nothing else runs on it in the namespace.
        return descriptor
    }
}
