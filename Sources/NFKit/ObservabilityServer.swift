import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// The one HTTP port of every network function: /metrics (Prometheus text), /healthz, /readyz.
public struct ObservabilityServer: Service {
    public let host: String
    public let port: Int
    public let registry: PrometheusCollectorRegistry
    public let health: HealthState
    let logger: Logger
    private let connections = IdleConnections()

    public init(host: String = "0.0.0.0", port: Int, registry: PrometheusCollectorRegistry, health: HealthState,
                logger: Logger = Logger(label: "vcore.http")) {
        self.host = host
        self.port = port
        self.registry = registry
        self.health = health
        self.logger = logger
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        logger.info("observability endpoint listening", metadata: ["address": "\(host):\(port)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: { [connections] in
            server.channel.close(promise: nil)
            connections.drain()
        }
    }

    /// Answers requests on one connection until the client closes it, asks to (`Connection:
    /// close`, HTTP/1.0 without keep-alive), or the server drains.
    private func serve(_ connection: Connection) async throws {
        let channel = connection.channel
        connections.becameIdle(channel)
        defer { connections.closed(channel) }
        try await connection.executeThenClose { inbound, outbound in
            var keepAlive = true
            for try await part in inbound {
                switch part {
                case .head(let head):
                    connections.becameBusy(channel)
                    keepAlive = head.isKeepAlive
                    let (status, body) = answer(head.uri.split(separator: "?").first.map(String.init) ?? head.uri)
                    var headers = HTTPHeaders()
                    headers.add(name: "content-type", value: head.uri.hasPrefix("/metrics") ? "text/plain; version=0.0.4" : "text/plain")
                    headers.add(name: "content-length", value: String(body.utf8.count))
                    if !keepAlive || connections.isDraining { headers.add(name: "connection", value: "close") }
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                    try await outbound.write(.end(nil))
                case .end:
                    if !keepAlive || connections.isDraining { return }
                    connections.becameIdle(channel)
                case .body:
                    continue
                }
            }
        }
    }

    func answer(_ path: String) -> (HTTPResponseStatus, String) {
        switch path {
        case "/metrics":
            var buffer = [UInt8]()
            registry.emit(into: &buffer)
            return (.ok, String(decoding: buffer, as: UTF8.self))
        case "/healthz", "/livez":
            return health.isHealthy ? (.ok, "ok\n") : (.serviceUnavailable, "unhealthy\n")
        case "/readyz":
            return health.isReady ? (.ok, "ok\n") : (.serviceUnavailable, health.reasons.joined(separator: "\n") + "\n")
        default:
            return (.notFound, "not found\n")
        }
    }
}
