#if canImport(Glibc)
import Glibc
#endif

/// The stack an `SCTPTransport` runs on, once `auto` is resolved.
public enum SCTPBackendKind: String, Sendable, Equatable, CaseIterable {
    case kernel
    case usrsctpRaw = "usrsctp-raw"
    case usrsctpUDP = "usrsctp-udp"
}

/// The backend chosen and why, as logged at start and exposed in the metrics.
public struct SCTPBackendSelection: Sendable, Equatable, CustomStringConvertible {
    public var kind: SCTPBackendKind
    public var reason: String

    public init(kind: SCTPBackendKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue) (\(reason))" }
}

/// What this host offers, found by trying: kernel SCTP (`socket(AF_INET, SOCK_STREAM, 132)`),
/// raw sockets for protocol 132 (CAP_NET_RAW) and the UDP encapsulation port.
/// Each is `nil` when it works, else the errno it failed with.
struct BackendProbe: Sendable, Equatable {
    var kernelError: Int32?
    var rawSocketError: Int32?
    var udpPortError: Int32?

    static func probe(udpPort: UInt16) -> BackendProbe {
        BackendProbe(kernelError: tryOpen(AF_INET, LinuxSocket.stream, LinuxSocket.sctp),
                     rawSocketError: tryOpen(AF_INET, LinuxSocket.raw, LinuxSocket.sctp),
                     udpPortError: tryBindUDP(port: udpPort))
    }

    /// Whether the kernel has SCTP; the reason string is the one the kernel tests print when skipped.
    static func kernelSCTP() -> (available: Bool, reason: String) {
        if let error = tryOpen(AF_INET, LinuxSocket.stream, LinuxSocket.sctp) {
            return (false, "kernel has no SCTP: socket(AF_INET, SOCK_STREAM, 132) = \(errnoName(error))")
        }
        return (true, "kernel SCTP available")
    }

    private static func tryOpen(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32? {
        let fd = socket(family, type, proto)
        if fd < 0 { return errno }
        close(fd)
        return nil
    }

    /// usrsctp binds its UDP port silently and carries on without it when taken, so look first.
    private static func tryBindUDP(port: UInt16) -> Int32? {
        let fd = socket(AF_INET, LinuxSocket.datagram, 0)
        if fd < 0 { return errno }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = INADDR_ANY
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? nil : errno
    }
}

extension SCTPConfiguration {
    /// Resolves `backend` against what the host offers: a pure function of the probe, so every
    /// branch is tested without the host having (or lacking) anything.
    func selectBackend(_ probe: BackendProbe) throws(SCTPError) -> SCTPBackendSelection {
        let port = udpEncapsulationPort
        let kernelMissing = probe.kernelError.map { "kernel SCTP unavailable: \(errnoName($0))" }
        switch backend {
        case .kernel:
            if let kernelMissing { throw .backendUnavailable(.kernel, reason: kernelMissing) }
            return SCTPBackendSelection(kind: .kernel, reason: "configured sctp.backend: kernel")
        case .usrsctpRaw:
            if let error = probe.rawSocketError {
                throw .backendUnavailable(.usrsctpRaw, reason: "raw sockets for protocol 132 refused (\(errnoName(error))); usrsctp raw mode needs CAP_NET_RAW")
            }
            return SCTPBackendSelection(kind: .usrsctpRaw, reason: "configured sctp.backend: usrsctp-raw")
        case .usrsctpUDP:
            if let error = probe.udpPortError {
                throw .backendUnavailable(.usrsctpUDP, reason: "UDP port \(port) unavailable (\(errnoName(error))); is another usrsctp process in this network namespace?")
            }
            return SCTPBackendSelection(kind: .usrsctpUDP, reason: "configured sctp.backend: usrsctp-udp on UDP port \(port)")
        case .auto:
            guard let kernelMissing else {
                return SCTPBackendSelection(kind: .kernel, reason: "kernel SCTP available")
            }
            if probe.rawSocketError == nil {
                return SCTPBackendSelection(kind: .usrsctpRaw, reason: "\(kernelMissing); using usrsctp raw")
            }
            let rawMissing = "no raw sockets (\(errnoName(probe.rawSocketError ?? 0)))"
            if let error = probe.udpPortError {
                throw .backendUnavailable(.usrsctpUDP, reason: "\(kernelMissing); \(rawMissing); UDP port \(port) unavailable (\(errnoName(error)))")
            }
            return SCTPBackendSelection(kind: .usrsctpUDP, reason: "\(kernelMissing); \(rawMissing); using usrsctp over UDP port \(port)")
        }
    }
}
