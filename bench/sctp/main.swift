// sctp-bench: messages/s and MB/s over one SCTP association between two network namespaces
// joined by a veth pair, for each backend this host can run, with TCP over the same veth pair
// measured in the same run as the reference. Needs root (namespaces, raw sockets).
//
//   sctp-bench [--seconds N] [--sizes 100,1000] [--backends usrsctp-raw,usrsctp-udp]
//
// Each endpoint runs in its own process inside its namespace (usrsctp is one stack per process and,
// in raw mode, one per namespace): the program starts itself again with a role.

import Foundation
import Logging
import NIOCore
import SCTP

// MARK: - Roles (inside a namespace)

/// Receives until the sender shuts down; prints what arrived and over how long (first to last).
func receiveSCTP(backend: String, port: Int) async throws {
    let transport = try SCTPTransport(configuration: try benchConfiguration(backend), logger: quietLogger())
    let listener = try transport.listen(host: "0.0.0.0", port: port)
    print("READY")
    fflush(nil)
    guard let association = try await listener.first(where: { _ in true }) else { return }
    var messages = 0
    var bytes = 0
    var first: ContinuousClock.Instant?
    var last = ContinuousClock.now
    for try await message in association.inbound {
        if first == nil { first = .now }
        messages += 1
        bytes += message.bytes.readableBytes
        last = .now
    }
    report(messages: messages, bytes: bytes, from: first ?? last, to: last)
}

/// Sends `size`-byte messages with PPID 18 over 4 streams for `seconds`, then shuts down.
func sendSCTP(backend: String, to host: String, port: Int, size: Int, seconds: Double) async throws {
    let transport = try SCTPTransport(configuration: try benchConfiguration(backend), logger: quietLogger())
    let association = try await transport.connect(host: host, port: port)
    let payload = ByteBuffer(repeating: 0x5A, count: size)
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    var sent = 0
    while ContinuousClock.now < deadline {
        for _ in 0..<256 {  // look at the clock now and then, not per message
            try await association.send(payload, stream: UInt16(sent & 3), ppid: SCTPPayloadProtocol.s1ap)
            sent += 1
        }
    }
    try await association.shutdown()
    print("SENT \(sent) waits=\(transport.metrics.snapshot().sendWaits)")
}

/// The TCP reference: the same messages, each framed with a 4-byte length. `batched` false writes
/// each message with its own write(2), as an application sending messages one by one does (the
/// like-for-like case: an SCTP send is one message); true fills 64 KiB before each write(2), the
/// best a byte stream can do.
func receiveTCP(port: Int) throws {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var on: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    listen(listener, 1)
    print("READY")
    fflush(nil)
    let connection = accept(listener, nil, nil)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var header: UInt32 = 0
    var headerBytes = 0
    var payloadLeft = 0
    var messages = 0
    var received = 0
    var first: ContinuousClock.Instant?
    var last = ContinuousClock.now
    while true {
        let count = read(connection, &buffer, buffer.count)
        if count <= 0 { break }
        if first == nil { first = .now }
        received += count
        var index = 0
        while index < count {
            if payloadLeft > 0 {
                let take = min(payloadLeft, count - index)
                payloadLeft -= take
                index += take
                if payloadLeft == 0 { messages += 1 }
            } else {
                header = header << 8 | UInt32(buffer[index])
                headerBytes += 1
                index += 1
                if headerBytes == 4 {
                    payloadLeft = Int(header)
                    header = 0
                    headerBytes = 0
                }
            }
        }
        last = .now
    }
    let bytes = received - messages * 4
    report(messages: messages, bytes: bytes, from: first ?? last, to: last)
}

func sendTCP(to host: String, port: Int, size: Int, seconds: Double, batched: Bool) throws {
    let connection = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var on: Int32 = 1
    setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, host, &address.sin_addr)
    let status = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard status == 0 else { fatalError("TCP connect failed: \(errno)") }
    var frame = [UInt8](repeating: 0x5A, count: size + 4)
    frame[0] = UInt8(truncatingIfNeeded: size >> 24)
    frame[1] = UInt8(truncatingIfNeeded: size >> 16)
    frame[2] = UInt8(truncatingIfNeeded: size >> 8)
    frame[3] = UInt8(truncatingIfNeeded: size)
    let perWrite = batched ? max(1, 65536 / frame.count) : 1
    let chunk = Array((0..<perWrite).map { _ in frame }.joined())
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    var sent = 0
    while ContinuousClock.now < deadline {
        for _ in 0..<max(1, 256 / perWrite) {
            var offset = 0
            while offset < chunk.count {
                let written = chunk.withUnsafeBytes { write(connection, $0.baseAddress! + offset, chunk.count - offset) }
                guard written > 0 else { fatalError("TCP write failed: \(errno)") }
                offset += written
            }
            sent += perWrite
        }
    }
    close(connection)
    print("SENT \(sent)")
}

func report(messages: Int, bytes: Int, from first: ContinuousClock.Instant, to last: ContinuousClock.Instant) {
    let elapsed = last - first
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("RESULT \(messages) \(bytes) \(seconds)")
}

/// The configuration both roles use: the defaults, or SCTP_BENCH_BUFFER (bytes, both buffers) and
/// SCTP_BENCH_NODELAY=0 to see what those change.
func benchConfiguration(_ backend: String) throws -> SCTPConfiguration {
    var configuration = SCTPConfiguration()
    configuration.backend = try SCTPConfiguration.Backend(configValue: backend)
    let environment = ProcessInfo.processInfo.environment
    if let buffer = environment["SCTP_BENCH_BUFFER"].flatMap(Int.init) {
        configuration.sendBufferLimit = buffer
        configuration.receiveBufferLimit = buffer
    }
    if environment["SCTP_BENCH_NODELAY"] == "0" { configuration.noDelay = false }
    return configuration
}

func quietLogger() -> Logger {
    var logger = Logger(label: "sctp-bench")
    logger.logLevel = .warning
    return logger
}

// MARK: - Orchestration (in the root namespace)

struct Measurement {
    var messages: Int
    var bytes: Int
    var seconds: Double
    var messagesPerSecond: Double { Double(messages) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }
}

let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "ip"
let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

@discardableResult
func run(_ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ip)
    process.arguments = arguments
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs the receiver role in `a` and the sender role in `b`; returns the receiver's figures.
func measure(receiver: [String], sender: [String], a: String, b: String) throws -> (Measurement, String) {
    let receiving = Process()
    receiving.executableURL = URL(fileURLWithPath: ip)
    receiving.arguments = ["netns", "exec", a, me] + receiver
    let receiverOutput = Pipe()
    receiving.standardOutput = receiverOutput
    try receiving.run()
    var text = ""
    while !text.contains("READY\n") {
        let data = receiverOutput.fileHandleForReading.availableData
        if data.isEmpty { break }
        text += String(decoding: data, as: UTF8.self)
    }
    let sending = Process()
    sending.executableURL = URL(fileURLWithPath: ip)
    sending.arguments = ["netns", "exec", b, me] + sender
    let senderOutput = Pipe()
    sending.standardOutput = senderOutput
    try sending.run()
    let sent = String(decoding: senderOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    sending.waitUntilExit()
    text += String(decoding: receiverOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    receiving.waitUntilExit()
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }) else {
        throw BenchError("receiver reported nothing: \(text) / sender: \(sent)")
    }
    let fields = line.split(separator: " ")
    return (Measurement(messages: Int(fields[1])!, bytes: Int(fields[2])!, seconds: Double(fields[3])!),
            sent.trimmingCharacters(in: .whitespacesAndNewlines))
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func orchestrate(seconds: Double, sizes: [Int], backends: [String]) throws {
    guard geteuid() == 0 else { throw BenchError("sctp-bench needs root (network namespaces, raw sockets)") }
    let a = "sctpbench-\(getpid())-a"
    let b = "sctpbench-\(getpid())-b"
    run(["netns", "add", a])
    run(["netns", "add", b])
    defer {
        run(["netns", "del", a])
        run(["netns", "del", b])
    }
    run(["link", "add", "bench0", "netns", a, "type", "veth", "peer", "name", "bench1", "netns", b])
    run(["-n", a, "addr", "add", "10.78.0.1/24", "dev", "bench0"])
    run(["-n", b, "addr", "add", "10.78.0.2/24", "dev", "bench1"])
    for (namespace, device) in [(a, "bench0"), (b, "bench1")] {
        run(["-n", namespace, "link", "set", device, "up"])
        run(["-n", namespace, "link", "set", "lo", "up"])
    }
    let duration = String(seconds)
    print("| transport | message | messages/s | MB/s | ÷ TCP, write per message | ÷ TCP, 64 KiB writes | sender |")
    print("|---|---|---|---|---|---|---|")
    func row(_ name: String, _ size: Int, _ result: Measurement, _ perMessage: Measurement, _ batched: Measurement, _ sender: String) {
        print("| \(name) | \(size) B | \(Int(result.messagesPerSecond)) | \(String(format: "%.1f", result.megabytesPerSecond)) "
            + "| \(String(format: "%.2f", result.messagesPerSecond / perMessage.messagesPerSecond)) "
            + "| \(String(format: "%.2f", result.messagesPerSecond / batched.messagesPerSecond)) | \(sender) |")
        fflush(nil)
    }
    for size in sizes {
        let tcpArguments = ["tcp-send", "10.78.0.1", "5001", String(size), duration]
        let (perMessage, perMessageSender) = try measure(receiver: ["tcp-receive", "5001"], sender: tcpArguments + ["1"], a: a, b: b)
        let (batched, batchedSender) = try measure(receiver: ["tcp-receive", "5001"], sender: tcpArguments + ["64k"], a: a, b: b)
        row("TCP, write per message", size, perMessage, perMessage, batched, perMessageSender)
        row("TCP, 64 KiB writes", size, batched, perMessage, batched, batchedSender)
        for backend in backends {
            let (sctp, sender) = try measure(receiver: ["receive", backend, "36412"],
                                             sender: ["send", backend, "10.78.0.1", "36412", String(size), duration], a: a, b: b)
            row("SCTP \(backend)", size, sctp, perMessage, batched, sender)
        }
    }
}

// MARK: - Entry

let arguments = Array(CommandLine.arguments.dropFirst())
signal(SIGPIPE, SIG_IGN)
switch arguments.first {
case "receive":
    try await receiveSCTP(backend: arguments[1], port: Int(arguments[2])!)
case "send":
    try await sendSCTP(backend: arguments[1], to: arguments[2], port: Int(arguments[3])!, size: Int(arguments[4])!, seconds: Double(arguments[5])!)
case "tcp-receive":
    try receiveTCP(port: Int(arguments[1])!)
case "tcp-send":
    try sendTCP(to: arguments[1], port: Int(arguments[2])!, size: Int(arguments[3])!, seconds: Double(arguments[4])!,
                batched: arguments[5] == "64k")
default:
    var seconds = 3.0
    var sizes = [100, 1000]
    var backends = ["usrsctp-raw", "usrsctp-udp"]
    if socket(AF_INET, Int32(SOCK_STREAM.rawValue), 132) >= 0 { backends.insert("kernel", at: 0) }
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--seconds": seconds = Double(arguments[index + 1]) ?? seconds
        case "--sizes": sizes = arguments[index + 1].split(separator: ",").compactMap { Int($0) }
        case "--backends": backends = arguments[index + 1].split(separator: ",").map(String.init).filter { $0 != "none" }
        default: break
        }
        index += 2
    }
    try orchestrate(seconds: seconds, sizes: sizes, backends: backends)
}
