import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import OrchestratorStore

/// Where the API listens: a Unix socket (root only, no token) and optionally TCP, where every
/// request must carry `Authorization: Bearer <token>`.
public struct APIServerConfiguration: Sendable {
    public var socketPath: String
    public var tcpHost: String?
    public var tcpPort: Int?
    public var token: String?

    public init(socketPath: String, tcpHost: String? = nil, tcpPort: Int? = nil, token: String? = nil) {
        self.socketPath = socketPath
        self.tcpHost = tcpHost
        self.tcpPort = tcpPort
        self.token = token
    }
}

/// The API server: HTTP/1.1 over the Unix socket and TCP, answering with `APIHandler`.
public struct APIServer: Sendable {
    let handler: APIHandler
    let configuration: APIServerConfiguration
    let logger: Logger

    public init(store: ObjectStore, podServices: (any PodServices)?, configuration: APIServerConfiguration,
                logger: Logger = Logger(label: "vcore.apiserver")) {
        handler = APIHandler(store: store, podServices: podServices)
        self.configuration = configuration
        self.logger = logger
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Serves until the task is cancelled.
    public func run() async throws {
        if configuration.tcpPort != nil, configuration.token?.isEmpty ?? true {
            throw StoreError(.invalid, "a TCP listener needs a token (no token, no access)")
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let unix = try await bootstrap.bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: true) { channel in
            Self.configure(channel)
        }
        // Root only: the socket gives full control of the node.
        chmod(configuration.socketPath, 0o600)
        logger.info("API server listening", metadata: ["socket": "\(configuration.socketPath)"])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await serve(unix, requireToken: nil) }
            if let port = configuration.tcpPort {
                let tcp = try await bootstrap.bind(host: configuration.tcpHost ?? "127.0.0.1", port: port) { channel in
                    Self.configure(channel)
                }
                logger.info("API server listening", metadata: ["tcp": "\(configuration.tcpHost ?? "127.0.0.1"):\(port)"])
                group.addTask { try await serve(tcp, requireToken: configuration.token) }
            }
        }
    }

    static func configure(_ channel: Channel) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            return try Connection(wrappingChannelSynchronously: channel)
        }
    }

    private func serve(_ server: NIOAsyncChannel<Connection, Never>, requireToken token: String?) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await handle(connection, requireToken: token) }
                }
            }
        }
    }

    private func handle(_ connection: Connection, requireToken token: String?) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let request = head else { continue }
                        let response: APIResponse
                        if let token, request.headers.first(name: "authorization") != "Bearer \(token)" {
                            response = .failure(401, reason: "Unauthorized", "a bearer token is required")
                        } else {
                            response = await handler.handle(method: request.method.rawValue, uri: request.uri,
                                                            body: Data(body.readableBytesView))
                        }
                        let keepAlive = try await write(response, for: request, to: outbound)
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Writes a response; returns whether the connection can take another request.
    private func write(_ response: APIResponse, for request: HTTPRequestHead,
                       to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws -> Bool {
        switch response {
        case .body(let status, let contentType, let data):
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            headers.add(name: "content-length", value: String(data.count))
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: status), headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: data))))
            try await outbound.write(.end(nil))
            return request.isKeepAlive
        case .stream(let status, let contentType, let chunks):
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            headers.add(name: "transfer-encoding", value: "chunked")
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: status), headers: headers)))
            for await chunk in chunks {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
            }
            try await outbound.write(.end(nil))
            return false
        }
    }
}
