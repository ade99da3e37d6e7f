#if canImport(Glibc)
import Glibc
#endif
@testable import SCTP
import Testing

/// `auto` and the forced backends against every combination of what a host offers.
@Suite struct BackendSelectionTests {
    private let noKernel = EPROTONOSUPPORT

    private func select(_ backend: SCTPConfiguration.Backend, _ probe: BackendProbe) throws -> SCTPBackendSelection {
        var configuration = SCTPConfiguration()
        configuration.backend = backend
        return try configuration.selectBackend(probe)
    }

    @Test func autoPrefersTheKernel() throws {
        let selection = try select(.auto, BackendProbe(kernelError: nil, rawSocketError: nil, udpPortError: nil))
        #expect(selection == SCTPBackendSelection(kind: .kernel, reason: "kernel SCTP available"))
    }

    @Test func autoFallsBackToUsrsctpRawAndSaysWhy() throws {
        let selection = try select(.auto, BackendProbe(kernelError: noKernel, rawSocketError: nil, udpPortError: nil))
        #expect(selection == SCTPBackendSelection(kind: .usrsctpRaw, reason: "kernel SCTP unavailable: EPROTONOSUPPORT; using usrsctp raw"))
    }

    @Test func autoUsesUDPWithoutRawSockets() throws {
        let selection = try select(.auto, BackendProbe(kernelError: noKernel, rawSocketError: EPERM, udpPortError: nil))
        #expect(selection.kind == .usrsctpUDP)
        #expect(selection.reason == "kernel SCTP unavailable: EPROTONOSUPPORT; no raw sockets (EPERM); using usrsctp over UDP port 9899")
    }

    @Test func autoFailsWhenNothingIsLeft() {
        #expect(throws: SCTPError.self) {
            try select(.auto, BackendProbe(kernelError: noKernel, rawSocketError: EPERM, udpPortError: EADDRINUSE))
        }
    }

    @Test func forcedKernelWithoutKernelSCTPFailsWithTheReason() {
        #expect(throws: SCTPError.backendUnavailable(.kernel, reason: "kernel SCTP unavailable: EPROTONOSUPPORT")) {
            try select(.kernel, BackendProbe(kernelError: noKernel, rawSocketError: nil, udpPortError: nil))
        }
    }

    @Test func forcedRawWithoutCapNetRawFails() throws {
        do {
            _ = try select(.usrsctpRaw, BackendProbe(kernelError: nil, rawSocketError: EPERM, udpPortError: nil))
            Issue.record("selected")
        } catch {
            #expect("\(error)".contains("needs CAP_NET_RAW"))
        }
    }

    @Test func forcedUDPIsTakenEvenWithKernelSCTP() throws {
        let selection = try select(.usrsctpUDP, BackendProbe(kernelError: nil, rawSocketError: nil, udpPortError: nil))
        #expect(selection == SCTPBackendSelection(kind: .usrsctpUDP, reason: "configured sctp.backend: usrsctp-udp on UDP port 9899"))
    }

    @Test func forcedUDPWithThePortTakenFails() {
        #expect(throws: SCTPError.self) {
            try select(.usrsctpUDP, BackendProbe(kernelError: noKernel, rawSocketError: nil, udpPortError: EADDRINUSE))
        }
    }

    /// This host's own answer, whatever it is, matches what the probe reports.
    @Test func theKernelProbeNamesTheErrno() {
        let (available, reason) = BackendProbe.kernelSCTP()
        if available {
            #expect(reason == "kernel SCTP available")
        } else {
            #expect(reason.hasPrefix("kernel has no SCTP: socket(AF_INET, SOCK_STREAM, 132) = E"))
        }
    }

    @Test func metricsShowTheBackendAndItsReason() {
        let selection = SCTPBackendSelection(kind: .usrsctpRaw, reason: "kernel SCTP unavailable: EPROTONOSUPPORT; using \"usrsctp\" raw")
        var snapshot = SCTPMetrics.Snapshot()
        snapshot.messagesSent = 7
        let text = snapshot.prometheusText(selection: selection)
        #expect(text.contains(#"vcore_sctp_backend_info{backend="usrsctp-raw",reason="kernel SCTP unavailable: EPROTONOSUPPORT; using \"usrsctp\" raw"} 1"#))
        #expect(text.contains("# TYPE vcore_sctp_messages_sent_total counter\nvcore_sctp_messages_sent_total 7\n"))
        #expect(text.hasSuffix("\n"))
    }
}

/// The spelled-out Linux constants the SCTP module uses instead of glibc's enumerators, checked by
/// what the kernel does with them (naming glibc's enumerators here would bring back the build
/// problem they avoid). MSG_EOR is checked by every namespace test: without it no message ends.
@Suite struct LinuxSocketConstantTests {
    private func option(_ fd: Int32, _ level: Int32, _ name: Int32) -> Int32 {
        var value: Int32 = -1
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, level, name, &value, &length)
        return value
    }

    @Test func socketTypesAndFlags() {
        let stream = socket(AF_INET, LinuxSocket.stream | LinuxSocket.nonBlocking | LinuxSocket.closeOnExec, 0)
        defer { close(stream) }
        #expect(option(stream, SOL_SOCKET, SO_PROTOCOL) == 6)  // TCP
        #expect(fcntl(stream, F_GETFL) & O_NONBLOCK != 0)
        #expect(fcntl(stream, F_GETFD) & FD_CLOEXEC != 0)
        let datagram = socket(AF_INET, LinuxSocket.datagram, 0)
        defer { close(datagram) }
        #expect(option(datagram, SOL_SOCKET, SO_PROTOCOL) == 17)  // UDP
    }

    @Test func shutWriteEndsOnlyWriting() {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, LinuxSocket.stream, 0, &pair) == 0)
        defer { close(pair[0]); close(pair[1]) }
        #expect(shutdown(pair[0], LinuxSocket.shutWrite) == 0)
        var byte: UInt8 = 0
        #expect(read(pair[1], &byte, 1) == 0)  // the peer sees end of file
        #expect(write(pair[1], &byte, 1) == 1)  // the other direction still works
    }
}
