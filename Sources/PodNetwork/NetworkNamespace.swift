#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Wire

/// Named network namespaces, the way `ip netns` keeps them: a namespace bind-mounted at
/// `/var/run/netns/<name>`, so that it outlives every process in it and plugins reach it by path.
public enum NetworkNamespace {
    public static let directory = "/var/run/netns"
    static let ipCommand = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    public static func path(_ name: String) -> String { "\(directory)/\(name)" }

    public static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// Every named namespace.
    public static func list() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    public static func add(_ name: String) async throws(PodNetworkError) {
        try validate(name)
        try await ip(["netns", "add", name], "cannot create network namespace \(name)")
    }

    /// Deletes the namespace; one that is already gone is not an error.
    public static func delete(_ name: String) async throws(PodNetworkError) {
        try validate(name)
        guard exists(name) else { return }
        try await ip(["netns", "delete", name], "cannot delete network namespace \(name)")
    }

    /// Opens a socket inside the namespace. The socket stays in that namespace for its whole life,
    /// whichever thread then uses it; the namespace switch happens on a thread of its own that
    /// ends right after, so no other work ever runs in the wrong namespace.
    public static func socket(in name: String, domain: Int32, type: Int32, protocol: Int32) throws(PodNetworkError) -> Int32 {
        try validate(name)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else {
            throw .namespaceFailed("setns(2) is not available")
        }
        let setns = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let namespacePath = path(name)
        let outcome = SocketOutcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            let namespaceFD = open(namespacePath, O_RDONLY | O_CLOEXEC)
            guard namespaceFD >= 0 else { return outcome.fail("cannot open \(namespacePath): errno \(errno)") }
            defer { close(namespaceFD) }
            guard setns(namespaceFD, 0x4000_0000 /* CLONE_NEWNET */) == 0 else {
                return outcome.fail("setns into \(name) failed: errno \(errno)")
            }
            let fd = Glibc.socket(domain, type, `protocol`)
            guard fd >= 0 else { return outcome.fail("socket() in \(name) failed: errno \(errno)") }
            outcome.succeed(fd)
        }
        thread.start()
        done.wait()
        return try outcome.get()
    }

    /// Sends one ICMP echo request from inside the namespace and waits up to `timeout` seconds
    /// for its reply, like `ip netns exec NAME ping -c1 -W1 ADDRESS` without needing ping.
    public static func ping(from name: String, to destination: IPv4Address, timeout: Double = 1) throws(PodNetworkError) -> Bool {
        let fd = try socket(in: name, domain: AF_INET, type: Int32(SOCK_RAW.rawValue), protocol: Int32(IPPROTO_ICMP))
        defer { close(fd) }
        let identifier = UInt16.random(in: 1...UInt16.max)
        let request = ICMPEcho(.request, identifier: identifier, sequenceNumber: 1, payload: Array("vcore".utf8))
        let bytes = Array(request.encodeV4().readableBytesView)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = destination.value.bigEndian
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == bytes.count else { return false }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 1500)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count >= 20 else { continue }
            // A raw ICMP socket hands over the whole IPv4 packet: skip the header, then match
            // an echo reply from the destination carrying our identifier.
            let headerLength = Int(buffer[0] & 0x0F) * 4
            let source = UInt32(buffer[12]) << 24 | UInt32(buffer[13]) << 16 | UInt32(buffer[14]) << 8 | UInt32(buffer[15])
            guard count >= headerLength + 8, source == destination.value, buffer[headerLength] == 0 else { continue }
            let replyIdentifier = UInt16(buffer[headerLength + 4]) << 8 | UInt16(buffer[headerLength + 5])
            if replyIdentifier == identifier { return true }
        }
    }

    static func validate(_ name: String) throws(PodNetworkError) {
        guard !name.isEmpty, name.utf8.count <= 255, name != ".", name != "..",
              !name.contains("/"), !name.contains("\0") else {
            throw .namespaceFailed("invalid network namespace name '\(name)'")
        }
    }

    static func ip(_ arguments: [String], _ what: String) async throws(PodNetworkError) {
        let output: CommandOutput
        do {
            output = try await Command.runAsync(ipCommand, arguments, timeout: 30)
        } catch {
            throw .namespaceFailed("\(what): \(error)")
        }
        guard output.succeeded else {
            throw .namespaceFailed("\(what): \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

private final class SocketOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int32, PodNetworkError> = .failure(.namespaceFailed("no socket"))
    func succeed(_ fd: Int32) { lock.withLock { result = .success(fd) } }
    func fail(_ text: String) { lock.withLock { result = .failure(.namespaceFailed(text)) } }
    func get() throws(PodNetworkError) -> Int32 { try lock.withLock { result }.get() }
}
