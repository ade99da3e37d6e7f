import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request on a connection of its own, the body written in chunks as they come.
enum HTTPClient {
    typealias Connection = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    static func send(_ method: HTTPMethod, host: String, port: Int, path: String, contentType: String? = nil,
                     bodyLength: Int = 0, body: [ByteBuffer] = []) async throws -> (status: Int, body: String) {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        return try await connection.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders([("host", "\(host):\(port)"), ("content-length", "\(bodyLength)"), ("connection", "close")])
            if let contentType { headers.add(name: "content-type", value: contentType) }
            try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)))
            for chunk in body { try await outbound.write(.body(.byteBuffer(chunk))) }
            try await outbound.write(.end(nil))
            var status = 0
            var text = ""
            for try await part in inbound {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(let chunk): text += String(buffer: chunk)
                case .end: return (status, text)
                }
            }
            return (status, text)
        }
    }
}
