import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// HTTP/1.1 with one connection per request, closed by the client once the answer is in.
///
/// URLSession keeps connections alive, and NFKit's observability server keeps serving a
/// keep-alive connection through SIGTERM (it ignores `Connection: close`): a test using
/// URLSession would hold the hss past its grace period. Here nothing outlives the request.
enum OneShotHTTPClient {
    struct BadResponse: Error, CustomStringConvertible {
        var description: String
    }

    /// Collects the response bytes until the connection closes or the body is complete.
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<ByteBuffer>
        private let received = Mutex(ByteBuffer())

        init(_ done: EventLoopPromise<ByteBuffer>) { self.done = done }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var chunk = unwrapInboundIn(data)
            let complete = received.withLock { buffer in
                buffer.writeBuffer(&chunk)
                return OneShotHTTPClient.isComplete(buffer)
            }
            if complete { context.close(promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.succeed(received.withLock { $0 })
        }
    }

    static func headerEnd(_ bytes: ByteBuffer) -> Int? {
        let view = Array(bytes.readableBytesView)
        guard view.count >= 4 else { return nil }
        return (0...(view.count - 4)).first { view[$0] == 13 && view[$0 + 1] == 10 && view[$0 + 2] == 13 && view[$0 + 3] == 10 }
            .map { $0 + 4 }
    }

    static func isComplete(_ bytes: ByteBuffer) -> Bool {
        guard let end = headerEnd(bytes) else { return false }
        let head = String(decoding: bytes.readableBytesView.prefix(end), as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
        return bytes.readableBytes >= end + length
    }

    /// Connects with `handler` in the pipeline, which is to complete `promise`; a failed connect
    /// fails it (NIO traps on a promise nobody completes).
    static func connect<Value>(port: Int, handler: some ChannelHandler & Sendable, failing promise: EventLoopPromise<Value>) async throws -> any Channel {
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { $0.pipeline.addHandler(handler) }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
    }

    static func request(_ method: String, port: Int, path: String, body: String?) async throws -> (status: Int, body: Data) {
        let done = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: ByteBuffer.self)
        let channel = try await connect(port: port, handler: Collector(done), failing: done)
        let payload = Data((body ?? "").utf8)
        var request = ByteBuffer(string: "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
                                     + "Content-Length: \(payload.count)\r\n\r\n")
        request.writeBytes(payload)
        try await channel.writeAndFlush(request)
        let response = try await done.futureResult.get()
        guard let end = headerEnd(response),
              let statusLine = String(decoding: response.readableBytesView.prefix(end), as: UTF8.self).split(separator: "\r\n").first,
              let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw BadResponse(description: "no HTTP response from 127.0.0.1:\(port)\(path): \(String(buffer: response))")
        }
        return (status, Data(response.readableBytesView.dropFirst(end)))
    }
}
