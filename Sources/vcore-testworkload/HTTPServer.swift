import NIOCore

/// A minimal HTTP/1.1 server for probes and curl: one request per connection (`Connection:
/// close`), GET only, no bodies. Enough for /healthz, /readyz, /metrics and `/`.
final class HTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: WorkloadState
    private var request = ByteBuffer()
    private var answered = false

    init(state: WorkloadState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        var chunk = unwrapInboundIn(data)
        request.writeBuffer(&chunk)
        let bytes = Array(request.readableBytesView)
        guard let blankLine = Self.endOfHeader(bytes) else {
            if bytes.count > 16384 { respond(context: context, status: 431, body: "request header too large\n", method: "?", path: "?") }
            return
        }
        let firstLineEnd = bytes[..<blankLine].firstIndex(of: UInt8(ascii: "\n")) ?? blankLine
        let requestLine = String(decoding: bytes[..<firstLineEnd], as: UTF8.self)
        let parts = requestLine.trimmingCharacters(in: "\r").split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            respond(context: context, status: 400, body: "bad request\n", method: "?", path: "?")
            return
        }
        let method = String(parts[0]), target = String(parts[1])
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let (status, body) = route(method: method, path: path)
        respond(context: context, status: status, body: body, method: method, path: path)
    }

    /// Where the header ends (the first empty line), if it has arrived.
    static func endOfHeader(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if bytes[index + 1] == UInt8(ascii: "\n") { return index }
                if bytes[index + 1] == UInt8(ascii: "\r"), index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "\n") { return index }
            }
            index += 1
        }
        return nil
    }

    private func route(method: String, path: String) -> (Int, String) {
        guard method == "GET" || method == "HEAD" else { return (405, "method not allowed\n") }
        _ = state.countRequest()
        switch path {
        case "/":
            return (200, "vcore-testworkload on \(state.hostname)\n")
        case "/healthz", "/livez":
            return state.healthy ? (200, "ok\n") : (500, "unhealthy: switched off\n")
        case "/readyz":
            if let reason = state.notReadyReason { return (503, "not ready: \(reason)\n") }
            return (200, "ready\n")
        case "/metrics":
            return (200, "# TYPE testworkload_http_requests_total counter\ntestworkload_http_requests_total \(state.requestCount)\n")
        case "/admin/ready/on", "/admin/ready/off":
            state.set(ready: path.hasSuffix("/on"))
            return (200, "ready \(path.hasSuffix("/on") ? "on" : "off")\n")
        case "/admin/health/on", "/admin/health/off":
            state.set(healthy: path.hasSuffix("/on"))
            return (200, "health \(path.hasSuffix("/on") ? "on" : "off")\n")
        default:
            return (404, "not found\n")
        }
    }

    private func respond(context: ChannelHandlerContext, status: Int, body: String, method: String, path: String) {
        answered = true
        let reason = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 431: "Request Header Fields Too Large",
                      500: "Internal Server Error", 503: "Service Unavailable"][status] ?? "Status"
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nX-Hostname: \(state.hostname)\r\nConnection: close\r\n\r\n"
        var buffer = context.channel.allocator.buffer(capacity: head.utf8.count + body.utf8.count)
        buffer.writeString(head)
        if method != "HEAD" { buffer.writeString(body) }
        let peer = context.remoteAddress.map(describe) ?? "?"
        log("http \(method) \(path) \(status) from \(peer)")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// `10.0.0.1:4711` / `[::1]:4711`.
func describe(_ address: SocketAddress) -> String {
    guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
    return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.last == character { result = result.dropLast() }
        while result.first == character { result = result.dropFirst() }
        return String(result)
    }
}
