import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SCTP

/// Bridges local TCP clients to SCTP: every accepted TCP connection gets its own SCTP association
/// to the target, and SCTP messages travel as `RelayFrame`s over the TCP connection. Tools and
/// test drivers that cannot open SCTP themselves (Python on a kernel without SCTP, scripts, load
/// generators) speak S1AP to an MME through it. A connection that fails on either side closes the
/// other.
@main
struct SCTPRelay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sctp-relay",
        abstract: "Relay framed TCP connections to SCTP associations (frame: u32 length, u16 stream, u32 PPID, payload).")

    @Option(help: "TCP address to listen on (host:port; port 0 picks one, printed on stdout).")
    var listen: String = "127.0.0.1:0"

    @Option(help: "SCTP peer to connect to for each client (host:port).")
    var connect: String

    @Option(help: "Local address for the SCTP side (optional).")
    var local: String?

    @Option(help: "SCTP backend: auto | kernel | usrsctp-raw | usrsctp-udp.")
    var backend: String = "auto"

    @Option(help: "UDP port for usrsctp's encapsulation.")
    var udpEncapsulationPort: UInt16 = 9899

    @Option(help: "Outbound SCTP streams to ask for.")
    var streams: UInt16 = 10

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "vcore.sctp-relay")
        var sctpConfiguration = SCTPConfiguration()
        sctpConfiguration.backend = try SCTPConfiguration.Backend(configValue: backend)
        sctpConfiguration.udpEncapsulationPort = udpEncapsulationPort
        sctpConfiguration.outboundStreams = streams
        sctpConfiguration.maxInboundStreams = streams
        try sctpConfiguration.validate()
        let transport = try SCTPTransport(configuration: sctpConfiguration, logger: logger)
        let (listenHost, listenPort) = try Self.endpoint(listen, option: "--listen")
        let (targetHost, targetPort) = try Self.endpoint(connect, option: "--connect")
        let target = [try SocketAddress(ipAddress: targetHost, port: targetPort)]
        let from = try local.map { [try SocketAddress(ipAddress: $0, port: 0)] } ?? []

        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: listenHost, port: listenPort) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // The one line a driver waits for to learn the port.
        let bound = "\(server.channel.localAddress?.ipAddress ?? listenHost):\(server.channel.localAddress?.port ?? listenPort)"
        FileHandle.standardOutput.write(Data("sctp-relay listening \(bound) backend \(transport.selectedBackend.rawValue)\n".utf8))
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { clients in
                for try await client in clients {
                    group.addTask {
                        let session = RelaySession(client: client, transport: transport, target: target, local: from, logger: logger)
                        await session.run()
                    }
                }
            }
        }
    }

    static func endpoint(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("\(option): \"\(text)\" is not host:port")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}
