import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 exchange per connection, over the API server's Unix socket or TCP.
struct HTTPTransport: Sendable {
    enum Endpoint: Sendable {
        case unixSocket(String)
        case tcp(host: String, port: Int)
    }

    typealias Connection = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    let endpoint: Endpoint
    let token: String?

    private func connect() async throws -> Connection {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        let initializer: @Sendable (Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        switch endpoint {
        case .unixSocket(let path):
            return try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
        case .tcp(let host, let port):
            return try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
        }
    }

    private func head(_ method: HTTPMethod, _ path: String, bodyLength: Int?) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "host", value: "vcore")
        headers.add(name: "accept", value: "application/json")
        if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
        if let bodyLength {
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(bodyLength))
        }
        return HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }

    /// Sends a request and returns the whole response.
    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        let connection = try await connect()
        return try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head(method, path, bodyLength: body?.count ?? (method == .GET ? nil : 0))))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var status = 0
            var data = Data()
            for try await part in inbound {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(let chunk): data.append(contentsOf: chunk.readableBytesView)
                case .end: return (status, data)
                }
            }
            return (status, data)
        }
    }

    /// Sends a request whose response is a stream (watch, followed logs); yields the body chunks as
    /// they come. A response other than 200 is thrown as its status and body.
    func stream(_ path: String) -> AsyncThrowingStream<Data, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let connection = try await connect()
                    try await connection.executeThenClose { inbound, outbound in
                        try await outbound.write(.head(head(.GET, path, bodyLength: nil)))
                        try await outbound.write(.end(nil))
                        var failed: (Int, Data)?
                        for try await part in inbound {
                            switch part {
                            case .head(let head) where head.status.code != 200: failed = (Int(head.status.code), Data())
                            case .head: break
                            case .body(let chunk):
                                if failed != nil { failed!.1.append(contentsOf: chunk.readableBytesView) } else {
                                    continuation.yield(Data(chunk.readableBytesView))
                                }
                            case .end:
                                if let failed { throw APIError(status: failed.0, body: failed.1) }
                                continuation.finish()
                                return
                            }
                        }
                        continuation.finish()
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
