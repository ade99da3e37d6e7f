import CLibsctp
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// One kernel one-to-one SCTP socket (SOCK_STREAM, IPPROTO_SCTP) carrying one association,
/// driven by `KernelPoller`.
final class KernelSocket: ConnectingDriver {
    let kind = SCTPBackendKind.kernel
    let handle: ClosableHandle
    private let fd: Int32

    init(_ fd: Int32) {
        self.fd = fd
        self.handle = ClosableHandle(UInt(fd))
    }

    static func open(family: Int32) throws(SCTPError) -> Int32 {
        let type = LinuxSocket.stream | LinuxSocket.nonBlocking | LinuxSocket.closeOnExec
        let fd = socket(family, type, LinuxSocket.sctp)
        if fd < 0 { throw .socketFailed(operation: "socket(SOCK_STREAM, IPPROTO_SCTP)", errno: errno) }
        return fd
    }

    private func withFD<R>(_ body: (Int32) -> R) -> R? {
        handle.with { body(Int32(truncatingIfNeeded: $0)) }
    }

    func activate(target: any SocketEventTarget) {
        KernelPoller.shared.register(fd, target: target)
        if handle.isClosed { KernelPoller.shared.unregister(fd) }
    }

    func connect(to remote: [SocketAddress]) -> Int32? {
        withFD { fd -> Int32? in
            var packed = SocketAddresses.packed(remote)
            let status = packed.withUnsafeMutableBytes { bytes in
                sctp_connectx(fd, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), Int32(remote.count), nil)
            }
            if status >= 0 { return nil }
            return errno == EINPROGRESS ? nil : errno
        } ?? EBADF
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> ReceiveOutcome {
        withFD { fd -> ReceiveOutcome in
            var info = sctp_sndrcvinfo()
            var flags: Int32 = 0
            let count = sctp_recvmsg(fd, buffer.baseAddress, buffer.count, nil, nil, &info, &flags)
            if count < 0 {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wouldBlock }
                return .failed(errno: code)
            }
            if count == 0 { return .endOfFile }
            let endOfMessage = flags & LinuxSocket.endOfRecord != 0
            if UInt32(bitPattern: flags) & MSG_NOTIFICATION.rawValue != 0 {
                return .notification(count: Int(count), endOfMessage: endOfMessage)
            }
            return .data(count: Int(count), stream: info.sinfo_stream, ppid: UInt32(bigEndian: info.sinfo_ppid),
                         unordered: UInt32(info.sinfo_flags) & SCTP_UNORDERED.rawValue != 0, endOfMessage: endOfMessage)
        } ?? .closed
    }

    func parseNotification(_ bytes: UnsafeRawBufferPointer) -> SCTPNotification? {
        KernelNotifications.parse(bytes)
    }

    func send(_ bytes: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, unordered: Bool) -> SendOutcome {
        withFD { fd -> SendOutcome in
            let flags = unordered ? SCTP_UNORDERED.rawValue : 0
            // The kernel copies the PPID to the wire as given: network order.
            let sent = sctp_sendmsg(fd, bytes.baseAddress, bytes.count, nil, 0, ppid.bigEndian, flags, stream, 0, 0)
            if sent >= 0 { return .sent }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno: code)
        } ?? .closed
    }

    func shutdownWrite() -> Int32? {
        withFD { fd in Glibc.shutdown(fd, LinuxSocket.shutWrite) == 0 ? nil : errno } ?? nil
    }

    func close(abort: Bool) {
        handle.close { raw in
            let fd = Int32(truncatingIfNeeded: raw)
            if abort {
                // Linger 0: close sends ABORT instead of SHUTDOWN.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            KernelPoller.shared.unregister(fd)
            Glibc.close(fd)
        }
    }

    func setReadInterest(_ wanted: Bool) {
        KernelPoller.shared.setRead(fd, wanted)
    }

    func armWritable() {
        KernelPoller.shared.armWrite(fd)
    }

    func remoteAddresses() -> [SocketAddress] {
        withFD { fd -> [SocketAddress] in
            var list: UnsafeMutablePointer<sockaddr>?
            let count = sctp_getpaddrs(fd, 0, &list)
            guard count > 0, let list else { return [] }
            defer { sctp_freepaddrs(list) }
            return SocketAddresses.unpack(UnsafeRawPointer(list), count: Int(count))
        } ?? []
    }

    func localAddresses() -> [SocketAddress] {
        withFD { fd in KernelSocket.localAddresses(of: fd) } ?? []
    }

    static func localAddresses(of fd: Int32) -> [SocketAddress] {
        var list: UnsafeMutablePointer<sockaddr>?
        let count = sctp_getladdrs(fd, 0, &list)
        guard count > 0, let list else { return [] }
        defer { sctp_freeladdrs(list) }
        return SocketAddresses.unpack(UnsafeRawPointer(list), count: Int(count))
    }
}
