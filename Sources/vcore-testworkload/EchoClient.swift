#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `echo --host NAME --port P [--udp] [--timeout S] TEXT`: resolves NAME the way any program in
/// the pod does (getaddrinfo: /etc/hosts, then the cluster DNS in /etc/resolv.conf), sends TEXT
/// to an echo server over TCP or UDP, prints the reply and the address it came from, and exits 0
/// when the reply equals TEXT. The orchestrator's tests use it to reach pods through Services.
enum EchoClient {
    static func run(_ arguments: [String]) -> Int32 {
        var host = "127.0.0.1", port = "7007", udp = false, timeout = 3.0
        var text = "ping"
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--udp": udp = true
            case "--host" where index + 1 < arguments.count: host = arguments[index + 1]; index += 1
            case "--port" where index + 1 < arguments.count: port = arguments[index + 1]; index += 1
            case "--timeout" where index + 1 < arguments.count: timeout = Double(arguments[index + 1]) ?? timeout; index += 1
            default: text = arguments[index]
            }
            index += 1
        }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &result)
        guard status == 0, let info = result else { return Tools.fail("echo: cannot resolve \(host): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard fd >= 0 else { return Tools.fail("echo: socket: \(Tools.errorText())") }
        defer { close(fd) }
        var time = timeval()
        time.tv_sec = .init(timeout)
        time.tv_usec = .init((timeout - timeout.rounded(.down)) * 1e6)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let address = numericAddress(info.pointee.ai_addr, info.pointee.ai_addrlen)
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            return Tools.fail("echo: connect \(host) (\(address)):\(port): \(Tools.errorText())")
        }
        let message = Array(text.utf8)
        guard send(fd, message, message.count, 0) == message.count else { return Tools.fail("echo: send: \(Tools.errorText())") }
        var reply = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while reply.count < message.count {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            reply += buffer[..<count]
            if udp { break }
        }
        let answer = String(decoding: reply, as: UTF8.self)
        log("\(udp ? "udp" : "tcp") \(host) -> \(address):\(port): \(answer.isEmpty ? "no reply (\(Tools.errorText()))" : answer)")
        return answer == text ? 0 : 1
    }

    static func numericAddress(_ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t) -> String {
        var name = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &name, socklen_t(name.count), nil, 0, NI_NUMERICHOST) == 0 else { return "?" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
