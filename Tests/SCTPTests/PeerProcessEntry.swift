import Foundation
import Logging
import NIOCore
import SCTP
import Synchronization
import Testing

/// The peer side of the namespace tests: runs only in a process they start (see `PeerScript`).
@Suite struct PeerProcessEntry {
    @Test(.enabled(if: PeerScript.current != nil,
                   "runs only as a peer process that the SCTP namespace tests start inside a network namespace"))
    func peer() async throws {
        guard let script = PeerScript.current else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .debug
            return handler
        }
        let commands = PeerIO.startReadingCommands()
        do {
            try await PeerRunner(script: script, commands: commands).run()
        } catch {
            PeerIO.emit("failed \(error)")
        }
        PeerIO.emit("done")
    }
}

/// The peer's half of the line protocol.
enum PeerIO {
    private static let output = Mutex(())

    /// One "@@ " line in one write(2), so lines never interleave.
    static func emit(_ line: String) {
        let bytes = Array("@@ \(line)\n".utf8)
        output.withLock { _ in
            _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        }
    }

    /// Commands from standard input; the process exits when it closes.
    static func startReadingCommands() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = FileHandle.standardInput.availableData
                if chunk.isEmpty { exit(0) }  // the test is over (or gone)
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[(newline + 1)...])
                }
            }
        }
        return stream
    }
}

/// Counts what a client receives, for exchanges that wait on it.
actor ReceiveTracker {
    private var checker = OrderChecker()
    private var ended: String?
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func record(_ message: SCTPMessage) {
        checker.check(message)
        wake()
    }

    func end(_ reason: String) {
        ended = reason
        wake()
    }

    func wait(for count: Int) async {
        if checker.count >= count || ended != nil { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    var summary: String { "\(checker.count) \(checker.summary)" + (ended.map { " end=\($0)" } ?? "") }

    private func wake() {
        let ready = waiters.filter { checker.count >= $0.count || ended != nil }
        waiters.removeAll { checker.count >= $0.count || ended != nil }
        for waiter in ready { waiter.continuation.resume() }
    }
}

/// Opens the read side of a gated server on command.
actor Gate {
    private var isOpen: Bool
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(open: Bool) { isOpen = open }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    func pass() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

extension PeerScript {
    /// `address` may list several, comma-separated (multi-homing).
    func addresses() throws -> [SocketAddress] {
        try address.split(separator: ",").map { try SocketAddress(ipAddress: String($0), port: port) }
    }
}

struct PeerRunner {
    let script: PeerScript
    let commands: AsyncStream<String>

    func run() async throws {
        var configuration = SCTPConfiguration()
        configuration.backend = try SCTPConfiguration.Backend(configValue: script.backend)
        configuration.udpEncapsulationPort = script.udpPort
        configuration.outboundStreams = script.streams
        configuration.maxInboundStreams = script.streams
        configuration.connectTimeout = .milliseconds(script.connectTimeoutMilliseconds)
        if let limit = script.sendBufferLimit { configuration.sendBufferLimit = limit }
        if let limit = script.receiveBufferLimit { configuration.receiveBufferLimit = limit }
        let transport = try SCTPTransport(configuration: configuration, logger: Logger(label: "peer"))
        PeerIO.emit("backend \(transport.selectedBackend.rawValue) reason=\(transport.selection.reason)")
        if let info = transport.metricsText.split(separator: "\n").first(where: { $0.hasPrefix("vcore_sctp_backend_info") }) {
            PeerIO.emit("metric \(info)")
        }
        switch script.role {
        case .server: try await serve(transport)
        case .client: try await connect(transport)
        }
    }

    // MARK: Server

    private func serve(_ transport: SCTPTransport) async throws {
        let listener = try transport.listen(on: try script.addresses())
        PeerIO.emit("listening \(listener.localAddresses.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" })")
        let gate = Gate(open: !script.readGate)
        let commands = self.commands
        Task {
            for await command in commands where command == "go" { await gate.open() }
        }
        try await withThrowingDiscardingTaskGroup { group in
            var number = 0
            for try await association in listener {
                number += 1
                let n = number
                PeerIO.emit("accepted \(n) \(association.remoteAddresses.first.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?")"
                            + " remotes=\(association.remoteAddresses.count)")
                group.addTask {
                    for await notification in association.notifications { PeerIO.emit("note \(n) \(notification)") }
                }
                group.addTask { await echo(association, number: n, gate: gate) }
            }
        }
    }

    private func echo(_ association: SCTPAssociation, number: Int, gate: Gate) async {
        await gate.pass()
        var checker = OrderChecker()
        do {
            for try await message in association.inbound {
                checker.check(message)
                try await association.send(message.bytes, stream: message.stream, ppid: message.ppid)
            }
            PeerIO.emit("ended \(number) received=\(checker.count) \(checker.summary) end=normal")
        } catch {
            PeerIO.emit("ended \(number) received=\(checker.count) \(checker.summary) end=error \(error)")
        }
        // Keep the association object until the end, then let it go.
        withExtendedLifetime(association) {}
    }

    // MARK: Client

    private func connect(_ transport: SCTPTransport) async throws {
        let remote = try script.addresses()
        var local: [SocketAddress] = []
        if script.localAddress != nil || script.localPort != nil {
            local = [try SocketAddress(ipAddress: script.localAddress ?? "0.0.0.0", port: script.localPort ?? 0)]
        }
        let started = ContinuousClock.now
        let association: SCTPAssociation
        do {
            association = try await transport.connect(to: remote, from: local)
        } catch {
            PeerIO.emit("connect-failed elapsed=\(milliseconds(since: started)) error=\(error)")
            return
        }
        let streams = association.streams.map { "\($0.inbound)/\($0.outbound)" } ?? "?"
        PeerIO.emit("up streams=\(streams) elapsed=\(milliseconds(since: started)) local=\(association.localAddresses.first?.port ?? 0)"
                    + " remotes=\(association.remoteAddresses.count)")
        let tracker = ReceiveTracker()
        Task {
            for await notification in association.notifications { PeerIO.emit("note \(notification)") }
        }
        Task {
            do {
                for try await message in association.inbound { await tracker.record(message) }
                await tracker.end("normal")
            } catch {
                await tracker.end("error \(error)")
            }
        }
        var source = SequenceSource(streams: script.streams)
        var expected = 0
        if script.messages > 0 {
            expected += script.messages
            try await exchange(association, count: script.messages, source: &source, tracker: tracker, expected: expected)
        }
        var action = script.after
        if action == "hold" {
            PeerIO.emit("holding")
            for await command in commands {
                let words = command.split(separator: " ")
                if words.first == "exchange", words.count == 2, let count = Int(words[1]) {
                    expected += count
                    try await exchange(association, count: count, source: &source, tracker: tracker, expected: expected)
                } else if command == "shutdown" || command == "abort" {
                    action = command
                    break
                }
            }
        }
        if action == "abort" {
            association.abort()
            PeerIO.emit("aborted")
        } else {
            do {
                try await association.shutdown()
                PeerIO.emit("closed")
            } catch {
                PeerIO.emit("shutdown-failed \(error)")
            }
        }
        PeerIO.emit("metrics \(transport.metrics.snapshot())")
    }

    private func exchange(_ association: SCTPAssociation, count: Int, source: inout SequenceSource,
                          tracker: ReceiveTracker, expected: Int) async throws {
        for index in 1...count {
            let (sequence, stream) = source.take()
            try await association.send(TestPayload.make(sequence: sequence, stream: stream, size: script.messageSize),
                                       stream: stream, ppid: SCTPPayloadProtocol.s1ap)
            if index % 1000 == 0 { PeerIO.emit("progress \(index)") }
        }
        PeerIO.emit("sent \(count)")
        await tracker.wait(for: expected)
        PeerIO.emit("received \(await tracker.summary)")
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}
