import CUsrsctp
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One usrsctp one-to-one socket (SOCK_STREAM) carrying one association.
final class UsrsctpSocket: ConnectingDriver {
    let kind: SCTPBackendKind
    let handle: ClosableHandle
    private let upcallID = Mutex<UInt?>(nil)

    init(_ socket: OpaquePointer, kind: SCTPBackendKind) {
        self.kind = kind
        self.handle = ClosableHandle(UInt(bitPattern: socket))
    }

    static func open(family: Int32) throws(SCTPError) -> OpaquePointer {
        guard let socket = usrsctp_socket(family, LinuxSocket.stream, LinuxSocket.sctp, nil, nil, 0, nil) else {
            throw .socketFailed(operation: "usrsctp_socket", errno: errno)
        }
        return socket
    }

    private func withSocket<R>(_ body: (OpaquePointer) -> R) -> R? {
        handle.with { body(OpaquePointer(bitPattern: $0)!) }
    }

    func activate(target: any SocketEventTarget) {
        let id = UsrsctpUpcalls.install(handle: handle, target: target)
        upcallID.withLock { $0 = id }
        // Closed meanwhile: `close` may have run before the id was stored.
        if handle.isClosed { UsrsctpUpcalls.remove(id) }
    }

    func connect(to remote: [SocketAddress]) -> Int32? {
        let result: Int32? = withSocket { socket in
            var packed = SocketAddresses.packed(remote)
            let status = packed.withUnsafeMutableBytes { bytes in
                usrsctp_connectx(socket, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), Int32(remote.count), nil)
            }
            if status == 0 { return nil }
            return errno == EINPROGRESS ? nil : errno
        } ?? EBADF
        return result
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> ReceiveOutcome {
        withSocket { socket in
            var info = sctp_rcvinfo()
            var infoLength = socklen_t(MemoryLayout<sctp_rcvinfo>.size)
            var infoType: UInt32 = 0
            var flags: Int32 = 0
            var from = sockaddr_storage()
            var fromLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = withUnsafeMutablePointer(to: &from) { fromPointer in
                fromPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    usrsctp_recvv(socket, buffer.baseAddress, buffer.count, address, &fromLength,
                                  &info, &infoLength, &infoType, &flags)
                }
            }
            if count < 0 {
                let code = errno
                // ENOTCONN: the INIT exchange has not finished yet.
                if code == EAGAIN || code == EWOULDBLOCK || code == ENOTCONN { return .wouldBlock }
                return .failed(errno: code)
            }
            if count == 0 { return .endOfFile }
            let endOfMessage = flags & LinuxSocket.endOfRecord != 0
            if flags & Int32(MSG_NOTIFICATION) != 0 {
                return .notification(count: count, endOfMessage: endOfMessage)
            }
            return .data(count: count, stream: info.rcv_sid, ppid: UInt32(bigEndian: info.rcv_ppid),
                         unordered: info.rcv_flags & UInt16(SCTP_UNORDERED) != 0, endOfMessage: endOfMessage)
        } ?? .closed
    }

    func parseNotification(_ bytes: UnsafeRawBufferPointer) -> SCTPNotification? {
        UsrsctpNotifications.parse(bytes)
    }

    func send(_ bytes: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, unordered: Bool) -> SendOutcome {
        withSocket { socket in
            var info = sctp_sndinfo()
            info.snd_sid = stream
            info.snd_ppid = ppid.bigEndian  // the stack copies the PPID to the wire as given
            info.snd_flags = unordered ? UInt16(SCTP_UNORDERED) : 0
            let sent = usrsctp_sendv(socket, bytes.baseAddress, bytes.count, nil, 0, &info,
                                     socklen_t(MemoryLayout<sctp_sndinfo>.size), UInt32(SCTP_SENDV_SNDINFO), 0)
            if sent >= 0 { return .sent }
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno: code)
        } ?? .closed
    }

    func shutdownWrite() -> Int32? {
        withSocket { socket in
            usrsctp_shutdown(socket, LinuxSocket.shutWrite) == 0 ? nil : errno
        } ?? nil
    }

    func close(abort: Bool) {
        handle.close { [self] raw in
            let socket = OpaquePointer(bitPattern: raw)!
            if abort {
                // Linger 0: usrsctp_close sends ABORT instead of SHUTDOWN.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                _ = usrsctp_setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            usrsctp_close(socket)
            if let id = self.upcallID.withLock({ $0 }) { UsrsctpUpcalls.remove(id) }
        }
    }

    func setReadInterest(_ wanted: Bool) {}

    func armWritable() {}

    func remoteAddresses() -> [SocketAddress] {
        withSocket { socket in
            var list: UnsafeMutablePointer<sockaddr>?
            let count = usrsctp_getpaddrs(socket, 0, &list)
            guard count > 0, let list else { return [] }
            defer { usrsctp_freepaddrs(list) }
            return SocketAddresses.unpack(UnsafeRawPointer(list), count: Int(count))
        } ?? []
    }

    func localAddresses() -> [SocketAddress] {
        withSocket { socket in
            var list: UnsafeMutablePointer<sockaddr>?
            let count = usrsctp_getladdrs(socket, 0, &list)
            guard count > 0, let list else { return [] }
            defer { usrsctp_freeladdrs(list) }
            return SocketAddresses.unpack(UnsafeRawPointer(list), count: Int(count))
        } ?? []
    }
}
