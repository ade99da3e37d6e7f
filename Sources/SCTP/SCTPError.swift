#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the SCTP API throws. Each case says what happened in words an operator can act on.
public enum SCTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured backend cannot run here (no kernel SCTP, no CAP_NET_RAW, UDP port taken).
    case backendUnavailable(SCTPBackendKind, reason: String)
    /// usrsctp already runs in this process in another mode; it is one stack per process.
    case usrsctpAlreadyRunning(running: String, requested: String)
    case invalidAddress(String)
    /// A socket call failed; `operation` names the call and its arguments.
    case socketFailed(operation: String, errno: Int32)
    /// The address is not one of this host's, or (usrsctp) it appeared after the stack started:
    /// usrsctp reads interface addresses once, when it starts.
    case addressNotAvailable(String, backend: SCTPBackendKind)
    /// Nothing answered the INIT within the connect timeout.
    case connectTimedOut(remote: String, after: Duration)
    /// The peer refused or the stack gave up on the INIT.
    case connectFailed(remote: String, errno: Int32)
    /// The peer aborted the association (ABORT chunk).
    case peerAborted
    /// The association was lost without an ABORT: retransmissions or heartbeats ran out.
    case associationLost(errno: Int32)
    /// The peer restarted; this association object is finished and the listener yields a new one.
    case peerRestarted
    /// The association was shut down or aborted by this side.
    case closed
    case messageTooLarge(size: Int, limit: Int)
    /// SCTP user messages carry at least one byte (RFC 9260 section 3.3.1).
    case emptyMessage
    case invalidStream(UInt16, outboundStreams: UInt16)
    case sendFailed(errno: Int32)
    /// A second task waited on the same inbound sequence or listener; each has one consumer.
    case concurrentReceive
    case shutdownTimedOut(after: Duration)

    public var description: String {
        switch self {
        case .backendUnavailable(let backend, let reason):
            return "SCTP backend \(backend.rawValue) unavailable: \(reason)"
        case .usrsctpAlreadyRunning(let running, let requested):
            return "usrsctp already runs in this process as \(running); cannot start it again as \(requested) (one usrsctp stack per process)"
        case .invalidAddress(let address):
            return "invalid SCTP address \(address)"
        case .socketFailed(let operation, let code):
            return "\(operation) failed: \(errnoDescription(code))"
        case .addressNotAvailable(let address, let backend):
            if backend == .kernel { return "address \(address) is not configured on this host" }
            return "address \(address) is not known to usrsctp: it reads interface addresses once when it starts, so the address must exist before the process starts SCTP"
        case .connectTimedOut(let remote, let after):
            return "no SCTP association with \(remote) within \(after): nothing answered the INIT (no listener there, or no SCTP stack on that host)"
        case .connectFailed(let remote, let code):
            return "SCTP connect to \(remote) failed: \(errnoDescription(code))"
        case .peerAborted:
            return "the peer aborted the SCTP association"
        case .associationLost(let code):
            return "SCTP association lost: \(errnoDescription(code))"
        case .peerRestarted:
            return "the peer restarted the SCTP association; it continues as a new association"
        case .closed:
            return "the SCTP association is closed"
        case .messageTooLarge(let size, let limit):
            return "SCTP message of \(size) bytes exceeds the limit of \(limit) bytes"
        case .emptyMessage:
            return "SCTP messages cannot be empty"
        case .invalidStream(let stream, let count):
            return "SCTP stream \(stream) does not exist: the association has \(count) outbound streams"
        case .sendFailed(let code):
            return "SCTP send failed: \(errnoDescription(code))"
        case .concurrentReceive:
            return "two tasks are receiving from the same SCTP sequence; use one consumer"
        case .shutdownTimedOut(let after):
            return "SCTP shutdown did not complete within \(after); the association was aborted"
        }
    }
}

/// "EPROTONOSUPPORT (Protocol not supported)": the symbolic name operators search for, and the text.
func errnoDescription(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    if let name = errnoNames[code] { return "\(name) (\(text))" }
    return "errno \(code) (\(text))"
}

func errnoName(_ code: Int32) -> String { errnoNames[code] ?? "errno \(code)" }

private let errnoNames: [Int32: String] = [
    EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EBADF: "EBADF", EAGAIN: "EAGAIN",
    ENOMEM: "ENOMEM", EACCES: "EACCES", EINVAL: "EINVAL", EPIPE: "EPIPE", ENOBUFS: "ENOBUFS",
    EPROTONOSUPPORT: "EPROTONOSUPPORT", ESOCKTNOSUPPORT: "ESOCKTNOSUPPORT", EAFNOSUPPORT: "EAFNOSUPPORT",
    EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL", ENETUNREACH: "ENETUNREACH",
    ECONNABORTED: "ECONNABORTED", ECONNRESET: "ECONNRESET", ENOTCONN: "ENOTCONN",
    ETIMEDOUT: "ETIMEDOUT", ECONNREFUSED: "ECONNREFUSED", EHOSTUNREACH: "EHOSTUNREACH",
    EINPROGRESS: "EINPROGRESS", EMSGSIZE: "EMSGSIZE", EOPNOTSUPP: "EOPNOTSUPP", ESHUTDOWN: "ESHUTDOWN",
]
