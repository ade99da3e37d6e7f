#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small commands for `vcore exec` and exec probes: the image has no shell or coreutils, so the
/// workload brings the few it needs.
enum Tools {
    static func run(_ command: String, _ arguments: [String]) -> Int32 {
        switch command {
        case "probe": return probe(arguments)
        case "cat":
            for path in arguments {
                let fd = open(path, O_RDONLY)
                guard fd >= 0 else { return fail("cat: \(path): \(errorText())") }
                defer { close(fd) }
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count < 0 { return fail("cat: \(path): \(errorText())") }
                    if count == 0 { break }
                    writeAll(1, buffer[..<count])
                }
            }
            return 0
        case "env":
            for (key, value) in processEnvironment().sorted(by: { $0.key < $1.key }) { log("\(key)=\(value)") }
            return 0
        case "open":
            guard let path = arguments.first else { return fail("open: PATH missing") }
            let fd = open(path, O_RDWR)
            guard fd >= 0 else { return fail("open: \(path): \(errorText())") }
            close(fd)
            log("opened \(path)")
            return 0
        case "write":
            guard arguments.count == 2 else { return fail("write: PATH TEXT expected") }
            let fd = open(arguments[0], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { return fail("write: \(arguments[0]): \(errorText())") }
            defer { close(fd) }
            let bytes = Array(arguments[1].utf8)
            return write(fd, bytes, bytes.count) == bytes.count ? 0 : fail("write: \(arguments[0]): \(errorText())")
        case "sleep":
            guard let seconds = arguments.first.flatMap(Double.init) else { return fail("sleep: SECONDS missing") }
            usleep(UInt32(min(seconds, 4000) * 1_000_000))
            return 0
        default:
            return fail("unknown command \(command)\n\(Options.help)")
        }
    }

    /// `probe [--host H] [--port P] [--path /readyz] [--timeout S]`: exit 0 on HTTP 200.
    static func probe(_ arguments: [String]) -> Int32 {
        var host = "127.0.0.1", port: UInt16 = 8080, path = "/readyz", timeout = 2.0
        var index = 0
        while index + 1 < arguments.count {
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--host": host = value
            case "--port": port = UInt16(value) ?? port
            case "--path": path = value
            case "--timeout": timeout = Double(value) ?? timeout
            default: return fail("probe: unknown argument \(arguments[index])")
            }
            index += 2
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return fail("probe: socket: \(errorText())") }
        defer { close(fd) }
        var time = timeval()
        time.tv_sec = .init(timeout)
        time.tv_usec = .init((timeout - timeout.rounded(.down)) * 1e6)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return fail("probe: \(host) is not an IPv4 address") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return fail("probe: connect \(host):\(port): \(errorText())") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return fail("probe: send: \(errorText())") }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let statusLine = text.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        log(statusLine.isEmpty ? "probe: no response" : statusLine)
        return statusLine.split(separator: " ").dropFirst().first == "200" ? 0 : 1
    }

    static func fail(_ message: String) -> Int32 {
        logError(message)
        return 1
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
