import CUsrsctp
import Synchronization

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
            running = mode
        }
    }
}
