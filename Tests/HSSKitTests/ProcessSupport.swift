import Foundation
import NIOCore
import NIOPosix
import TestOracles
import Testing

/// Running helper programs from tests: the output and status, with the environment and
/// standard error when asked. It blocks its thread: call it inside `withOwnThread`.
enum ProcessRunner {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    includeStandardError: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = includeStandardError ? pipe : FileHandle.nullDevice
        try process.run()
        // Read before waiting: a child blocked on a full pipe would never exit.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A capture of one TCP port on the loopback interface with dumpcap (Wireshark's capture
/// engine), stopped by its PID.
struct PacketCapture {
    let process: ChildProcess
    let file: String

    static let dumpcap: String? = ["/usr/bin/dumpcap", "/usr/local/bin/dumpcap"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func start(port: Int, file: String) async throws -> PacketCapture {
        guard let dumpcap else { throw Unavailable(description: "dumpcap is not installed (apt-get install tshark)") }
        let log = file + ".log"
        let process = try ChildProcess(dumpcap, ["-q", "-i", "lo", "-f", "tcp port \(port)", "-P", "-w", file], log: log)
        // dumpcap writes the file header once the capture runs; then it sees every packet.
        for _ in 0..<250 {
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > 0 { break }
            guard process.isRunning else {
                throw Unavailable(description: "dumpcap: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "exited"))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        return PacketCapture(process: process, file: file)
    }

    func stop() async throws {
        // Let the last segments reach the capture before it stops.
        try await Task.sleep(for: .milliseconds(300))
        await process.stop(SIGTERM)
    }
}

/// ../shared/tools/pcap-check on a capture of Diameter on a port other than 3868.
enum PcapCheck {
    /// Zero malformed frames and expert errors, and every command code of `commands` present.
    static func expectClean(_ capture: String, diameterPort: Int, commands: Set<String>) async throws {
        guard TestEnvironment.canRunPcapCheck else {
            print("pcap-check skipped: tshark or ../shared/tools/pcap-check is missing")
            return
        }
        let decodeAs = "tcp.port==\(diameterPort),diameter"
        let (status, output) = try await withOwnThread {
            try ProcessRunner.run(TestEnvironment.pcapCheck.path, [capture], environment: ["PCAP_CHECK_DECODE_AS": decodeAs])
        }
        print(output)
        #expect(status == 0, "\(output)")
        #expect(output.contains("diameter"), "\(output)")
        let seen = try await withOwnThread {
            try TestEnvironment.tsharkValues(capture, filter: "diameter", field: "diameter.cmd.code", decodeAs: [decodeAs])
        }
        #expect(Set(seen).isSuperset(of: commands), "\(seen)")
    }
}

/// An HTTP/1.1 client that makes one keep-alive request and then stays connected, idle: what
/// an operator's dashboard or a load balancer leaves behind.
struct IdleHTTPConnection {
    let channel: any Channel

    /// Completes its promise when the first bytes of the answer arrive.
    final class FirstRead: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let answered: EventLoopPromise<Void>
        init(_ answered: EventLoopPromise<Void>) { self.answered = answered }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            // Out of the pipeline after the first read: the promise is completed once.
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            answered.succeed()
        }
        func channelInactive(context: ChannelHandlerContext) { answered.fail(ChannelError.eof) }
    }

    static func open(port: Int, path: String = "/v1/subscribers?limit=1") async throws -> IdleHTTPConnection {
        let answered = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        let channel = try await OneShotHTTPClient.connect(port: port, handler: FirstRead(answered), failing: answered)
        try await channel.writeAndFlush(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: hss\r\n\r\n"))
        try await answered.futureResult.get()
        return IdleHTTPConnection(channel: channel)
    }

    func close() async throws {
        try? await channel.close()
    }
}
