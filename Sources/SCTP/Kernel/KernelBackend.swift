import CLibsctp
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Kernel SCTP (lksctp) through libsctp, one-to-one sockets.
struct KernelBackend: TransportBackend {
    var kind: SCTPBackendKind { .kernel }

    func listeningSocket(on addresses: [SocketAddress], configuration: SCTPConfiguration) throws(SCTPError) -> any ListeningDriver {
        let fd = try KernelSocket.open(family: SocketAddresses.family(of: addresses))
        do throws(SCTPError) {
            try KernelOptions.configure(fd, configuration)
            try bind(fd, addresses)
            if listen(fd, Int32(configuration.acceptBacklog)) != 0 {
                throw SCTPError.socketFailed(operation: "listen", errno: errno)
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return KernelListeningSocket(fd, configuration: configuration)
    }

    func connectingSocket(from local: [SocketAddress], family: Int32, configuration: SCTPConfiguration) throws(SCTPError) -> any ConnectingDriver {
        let fd = try KernelSocket.open(family: family)
        do throws(SCTPError) {
            try KernelOptions.configure(fd, configuration)
            if !local.isEmpty { try bind(fd, local) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return KernelSocket(fd)
    }

    /// The first address with bind, the others added with sctp_bindx (multi-homing).
    private func bind(_ fd: Int32, _ addresses: [SocketAddress]) throws(SCTPError) {
        for (index, address) in addresses.enumerated() {
            let status = address.withSockAddr { pointer, size in
                if index == 0 { return Glibc.bind(fd, pointer, socklen_t(size)) }
                return sctp_bindx(fd, UnsafeMutablePointer(mutating: pointer), 1, linux_SCTP_BINDX_ADD_ADDR)
            }
            if status != 0 {
                let code = errno
                if code == EADDRNOTAVAIL { throw .addressNotAvailable(address.endpoint, backend: .kernel) }
                throw .socketFailed(operation: "bind(\(address.endpoint))", errno: code)
            }
        }
    }
}

/// A kernel listening socket, watched by the poller.
final class KernelListeningSocket: ListeningDriver {
    private let fd: Int32
    private let handle: ClosableHandle
    private let configuration: SCTPConfiguration

    init(_ fd: Int32, configuration: SCTPConfiguration) {
        self.fd = fd
        self.handle = ClosableHandle(UInt(fd))
        self.configuration = configuration
    }

    func activate(target: any SocketEventTarget) {
        KernelPoller.shared.register(fd, target: target)
        if handle.isClosed { KernelPoller.shared.unregister(fd) }
    }

    func accept() -> AcceptOutcome {
        handle.with { raw -> AcceptOutcome in
            let accepted = Glibc.accept(Int32(truncatingIfNeeded: raw), nil, nil)
            if accepted < 0 {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wouldBlock }
                return .failed(errno: code)
            }
            _ = fcntl(accepted, F_SETFL, fcntl(accepted, F_GETFL) | O_NONBLOCK)
            _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
            do {
                try KernelOptions.configureConnection(accepted, configuration)
            } catch {
                Glibc.close(accepted)
                return .failed(errno: EINVAL)
            }
            return .accepted(KernelSocket(accepted))
        } ?? .closed
    }

    func setReadInterest(_ wanted: Bool) {
        KernelPoller.shared.setRead(fd, wanted)
    }

    func close() {
        handle.close { raw in
            let fd = Int32(truncatingIfNeeded: raw)
            KernelPoller.shared.unregister(fd)
            Glibc.close(fd)
        }
    }

    func localAddresses() -> [SocketAddress] {
        handle.with { KernelSocket.localAddresses(of: Int32(truncatingIfNeeded: $0)) } ?? []
    }
}
