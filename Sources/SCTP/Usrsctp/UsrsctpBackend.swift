import CUsrsctp
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// usrsctp, raw IP or UDP-encapsulated, as a transport backend.
struct UsrsctpBackend: TransportBackend {
    let mode: UsrsctpStack.Mode
    var kind: SCTPBackendKind { mode.kind }

    func listeningSocket(on addresses: [SocketAddress], configuration: SCTPConfiguration) throws(SCTPError) -> any ListeningDriver {
        let family = SocketAddresses.family(of: addresses)
        let socket = try UsrsctpSocket.open(family: family)
        do throws(SCTPError) {
            try UsrsctpOptions.configure(socket, configuration, mode: mode, family: family)
            try bind(socket, addresses)
            if usrsctp_listen(socket, Int32(configuration.acceptBacklog)) != 0 {
                throw SCTPError.socketFailed(operation: "usrsctp_listen", errno: errno)
            }
        } catch {
            usrsctp_close(socket)
            throw error
        }
        return UsrsctpListeningSocket(socket, kind: kind, configuration: configuration)
    }

    func connectingSocket(from local: [SocketAddress], family: Int32, configuration: SCTPConfiguration) throws(SCTPError) -> any ConnectingDriver {
        let socket = try UsrsctpSocket.open(family: family)
        do throws(SCTPError) {
            try UsrsctpOptions.configure(socket, configuration, mode: mode, family: family)
            if !local.isEmpty { try bind(socket, local) }
        } catch {
            usrsctp_close(socket)
            throw error
        }
        return UsrsctpSocket(socket, kind: kind)
    }

    /// The first address with bind, the others added with bindx (multi-homing).
    private func bind(_ socket: OpaquePointer, _ addresses: [SocketAddress]) throws(SCTPError) {
        for (index, address) in addresses.enumerated() {
            let status = address.withSockAddr { pointer, size in
                if index == 0 { return usrsctp_bind(socket, UnsafeMutablePointer(mutating: pointer), socklen_t(size)) }
                return usrsctp_bindx(socket, UnsafeMutablePointer(mutating: pointer), 1, SCTP_BINDX_ADD_ADDR)
            }
            if status != 0 {
                let code = errno
                if code == EADDRNOTAVAIL { throw .addressNotAvailable(address.endpoint, backend: kind) }
                throw .socketFailed(operation: "usrsctp_bind(\(address.endpoint))", errno: code)
            }
        }
    }
}

/// A usrsctp listening socket; accepted sockets get the per-socket options again.
final class UsrsctpListeningSocket: ListeningDriver {
    private let kind: SCTPBackendKind
    private let configuration: SCTPConfiguration
    private let handle: ClosableHandle
    private let upcallID = Mutex<UInt?>(nil)

    init(_ socket: OpaquePointer, kind: SCTPBackendKind, configuration: SCTPConfiguration) {
        self.kind = kind
        self.configuration = configuration
        self.handle = ClosableHandle(UInt(bitPattern: socket))
    }

    func activate(target: any SocketEventTarget) {
        let id = UsrsctpUpcalls.install(handle: handle, target: target)
        upcallID.withLock { $0 = id }
        if handle.isClosed { UsrsctpUpcalls.remove(id) }
    }

    func accept() -> AcceptOutcome {
        handle.with { raw -> AcceptOutcome in
            let listening = OpaquePointer(bitPattern: raw)
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { usrsctp_accept(listening, $0, &length) }
            }
            guard let accepted else {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINPROGRESS { return .wouldBlock }
                return .failed(errno: code)
            }
            do {
                guard usrsctp_set_non_blocking(accepted, 1) == 0 else {
                    throw SCTPError.socketFailed(operation: "usrsctp_set_non_blocking", errno: errno)
                }
                try UsrsctpOptions.configureConnection(accepted, configuration)
            } catch {
                usrsctp_close(accepted)
                return .failed(errno: EINVAL)
            }
            return .accepted(UsrsctpSocket(accepted, kind: kind))
        } ?? .closed
    }

    func setReadInterest(_ wanted: Bool) {}

    func close() {
        handle.close { [self] raw in
            usrsctp_close(OpaquePointer(bitPattern: raw))
            if let id = self.upcallID.withLock({ $0 }) { UsrsctpUpcalls.remove(id) }
        }
    }

    func localAddresses() -> [SocketAddress] {
        handle.with { raw -> [SocketAddress] in
            var list: UnsafeMutablePointer<sockaddr>?
            let count = usrsctp_getladdrs(OpaquePointer(bitPattern: raw), 0, &list)
            guard count > 0, let list else { return [] }
            defer { usrsctp_freeladdrs(list) }
            return SocketAddresses.unpack(UnsafeRawPointer(list), count: Int(count))
        } ?? []
    }
}
