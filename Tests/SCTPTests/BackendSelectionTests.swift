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
