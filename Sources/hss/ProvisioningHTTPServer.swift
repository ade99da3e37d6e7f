import HSSKit
import Logging
import NFKit
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The provisioning API over HTTP/1.1 (keep-alive, bodies streamed into the API as they arrive,
/// so a bulk import of any size uses bounded memory: the next chunk is read only when the
/// importer asks for it).
struct ProvisioningHTTPServer: Service {
    let host: String
    let port: Int
    let api: ProvisioningAPI
    let logger: Logger
    let bound: @Sendable (SocketAddress) -> Void

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    private let connections = IdleConnections()

    func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        if let address = server.channel.localAddress { bound(address) }
        logger.info("provisioning API listening", metadata: ["address": "\(host):\(port)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            connections.drain()
        }
    }

    private func serve(_ connection: Connection) async throws {
        let channel = connection.channel
        defer { connections.closed(channel) }
        try await connection.executeThenClose { inbound, outbound in
            let parts = RequestParts(inbound.makeAsyncIterator())
            connections.becameIdle(channel)
            while let head = try await parts.nextHead() {
                connections.becameBusy(channel)
                let request = ProvisioningRequest(method: head.method.rawValue, target: head.uri,
                                                  contentType: head.headers.first(name: "content-type"))
                let response = await api.respond(to: request, body: BodyChunks(parts: parts))
                try await parts.drainBody()
                var headers = HTTPHeaders()
                headers.add(name: "content-type", value: response.contentType)
                headers.add(name: "content-length", value: String(response.body.readableBytes))
                if !head.isKeepAlive { headers.add(name: "connection", value: "close") }
                try await outbound.write(.head(HTTPResponseHead(version: head.version,
                                                                status: HTTPResponseStatus(statusCode: response.status),
                                                                headers: headers)))
                try await outbound.write(.body(.byteBuffer(response.body)))
                try await outbound.write(.end(nil))
                if !head.isKeepAlive || connections.isDraining { break }
                connections.becameIdle(channel)
            }
        }
    }
}

/// The request parts of one connection, read by one task at a time: the request loop takes the
/// head, the API takes the body through `BodyChunks`, and whatever body the API left is skipped.
final class RequestParts {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    private var inBody = false

    init(_ iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) {
        self.iterator = iterator
    }

    func nextHead() async throws -> HTTPRequestHead? {
        while let part = try await iterator.next() {
            if case .head(let head) = part {
                inBody = true
                return head
            }
        }
        return nil
    }

    /// The next body chunk of the current request, nil at its end.
    func nextChunk() async throws -> ByteBuffer? {
        guard inBody else { return nil }
        while let part = try await iterator.next() {
            switch part {
            case .body(let chunk): return chunk
            case .end:
                inBody = false
                return nil
            case .head: continue
            }
        }
        inBody = false
        return nil
    }

    func drainBody() async throws {
        while try await nextChunk() != nil {}
    }
}

struct BodyChunks: AsyncSequence {
    typealias Element = ByteBuffer
    let parts: RequestParts

    struct AsyncIterator: AsyncIteratorProtocol {
        let parts: RequestParts
        mutating func next() async throws -> ByteBuffer? { try await parts.nextChunk() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(parts: parts) }
}
