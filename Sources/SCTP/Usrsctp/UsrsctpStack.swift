import CUsrsctp
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one usrsctp stack of this process. usrsctp is a whole SCTP stack with global state and its
/// own threads: it starts once per process and never stops (usrsctp_finish only succeeds once
/// every socket is gone, and a later usrsctp_init would re-read addresses anyway).
enum UsrsctpStack {
    enum Mode: Equatable, CustomStringConvertible {
        case raw
        case udp(port: UInt16)

        var kind: SCTPBackendKind { self == .raw ? .usrsctpRaw : .usrsctpUDP }

        var description: String {
            switch self {
            case .raw: return "usrsctp-raw"
            case .udp(let port): return "usrsctp-udp (UDP port \(port))"
            }
        }
    }

    private static let running = Mutex<Mode?>(nil)

    static var mode: Mode? { running.withLock { $0 } }

    /// Starts the stack in `mode`, or confirms it already runs so.
    ///
    /// Facts measured on the development host (see DESIGN.md): usrsctp reads the interface
    /// addresses once here, so they must exist before; every stack sets blackhole 2, because two
    /// stacks in one network namespace otherwise ABORT each other's associations as out of the
    /// blue; raw mode needs CAP_NET_RAW (checked by the backend probe before we get here).
    static func start(_ mode: Mode) throws(SCTPError) {
        try running.withLock { (running: inout Mode?) throws(SCTPError) in
            if let running {
                if running == mode { return }
                throw .usrsctpAlreadyRunning(running: running.description, requested: mode.description)
            }
            switch mode {
            case .raw: usrsctp_init(0, nil, nil)
            case .udp(let port): usrsctp_init(port, nil, nil)
            }
            _ = usrsctp_sysctl_set_sctp_blackhole(2)
            // Real CRC32c even between local addresses, so captures check out in tshark.
            _ = usrsctp_sysctl_set_sctp_no_csum_on_loopback(0)
            enlargeReceiveBuffers(udpPort: { if case .udp(let port) = mode { return port } else { return nil } }())
            running = mode
        }
    }

    /// Receive buffer asked for usrsctp's own raw and UDP sockets (the kernel caps it at
    /// net.core.rmem_max).
    static let stackReceiveBuffer: Int32 = 4 << 20

    /// usrsctp gives its raw (and UDP) sockets 128 KiB of receive buffer and does not let the
    /// application change it. Measured here: a burst larger than that is dropped by the kernel
    /// before usrsctp's receive thread runs (and Linux 6.9 and later then answer each dropped
    /// packet with ICMP protocol-unreachable), so retransmissions stall the association. The
    /// sockets are found among this process's descriptors: raw sockets for protocol 132 and the
    /// UDP socket bound to the encapsulation port exist only because usrsctp opened them.
    private static func enlargeReceiveBuffers(udpPort: UInt16?) {
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let fd = Int32(name), isStackSocket(fd, udpPort: udpPort) else { continue }
            var size = stackReceiveBuffer
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    private static func isStackSocket(_ fd: Int32, udpPort: UInt16?) -> Bool {
        func option(_ name: Int32) -> Int32? {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
        }
        guard let type = option(SO_TYPE), let proto = option(SO_PROTOCOL) else { return false }
        if type == LinuxSocket.raw { return proto == LinuxSocket.sctp }
        guard type == LinuxSocket.datagram, let udpPort else { return false }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return false }
        // sin_port and sin6_port sit at the same offset.
        let port = withUnsafeBytes(of: address) { $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self) }
        return UInt16(bigEndian: port) == udpPort
    }
}
