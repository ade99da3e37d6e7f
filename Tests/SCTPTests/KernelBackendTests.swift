import NIOCore
@testable import SCTP
import Testing

/// The kernel backend over 127.0.0.1, in this process (kernel SCTP is one stack for the whole
/// host, so no namespaces are needed). Skipped where the kernel has no SCTP, with the reason.
@Suite(.enabled(if: BackendProbe.kernelSCTP().available, Comment(rawValue: BackendProbe.kernelSCTP().reason)))
struct KernelBackendTests {
    private func transport(_ configure: (inout SCTPConfiguration) -> Void = { _ in }) throws -> SCTPTransport {
        var configuration = SCTPConfiguration()
        configuration.backend = .kernel
        configure(&configuration)
        return try SCTPTransport(configuration: configuration)
    }

    @Test func autoChoosesTheKernel() throws {
        let transport = try SCTPTransport()
        #expect(transport.selectedBackend == .kernel)
        #expect(transport.selection.reason == "kernel SCTP available")
    }

    @Test func tenThousandMessagesEachWay() async throws {
        let transport = try transport()
        let listener = try transport.listen(host: "127.0.0.1", port: 0)
        let port = try #require(listener.port)
        async let accepted = listener.first { _ in true }
        let client = try await transport.connect(host: "127.0.0.1", port: port)
        let server = try #require(try await accepted)

        let echo = Task {
            var checker = OrderChecker()
            for try await message in server.inbound {
                checker.check(message)
                try await server.send(message.bytes, stream: message.stream, ppid: message.ppid)
                if checker.count == 10_000 { break }
            }
            return checker
        }
        let receive = Task {
            var checker = OrderChecker()
            for try await message in client.inbound {
                checker.check(message)
                if checker.count == 10_000 { break }
            }
            return checker
        }
        var source = SequenceSource(streams: 4)
        for _ in 0..<10_000 {
            let (sequence, stream) = source.take()
            try await client.send(TestPayload.make(sequence: sequence, stream: stream), stream: stream, ppid: SCTPPayloadProtocol.s1ap)
        }
        let echoed = try await echo.value
        let received = try await receive.value
        #expect(echoed.count == 10_000 && echoed.inOrder && echoed.ppidOK, "\(echoed.summary)")
        #expect(received.count == 10_000 && received.inOrder && received.ppidOK, "\(received.summary)")
        try await client.shutdown()
    }

    @Test func peerAbortIsReported() async throws {
        let transport = try transport()
        let listener = try transport.listen(host: "127.0.0.1", port: 0)
        let port = try #require(listener.port)
        async let accepted = listener.first { _ in true }
        let client = try await transport.connect(host: "127.0.0.1", port: port)
        let server = try #require(try await accepted)
        client.abort()
        await #expect(throws: SCTPError.peerAborted) {
            for try await _ in server.inbound {}
        }
        #expect(transport.metrics.snapshot().associationsAbortedByPeer == 1)
    }

    @Test func connectToAClosedPortFails() async throws {
        let transport = try transport { $0.connectTimeout = .seconds(2) }
        let started = ContinuousClock.now
        await #expect(throws: SCTPError.self) {
            _ = try await transport.connect(host: "127.0.0.1", port: 9)
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
