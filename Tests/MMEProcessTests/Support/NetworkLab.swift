import Foundation
import Synchronization
import TestOracles

/// The namespaces, veth pairs and per-namespace host files one test creates, removed again by
/// `tearDown()`. Names carry the test process's PID so that parallel runs never meet.
final class NetworkLab: Sendable {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why these tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "needs root to create network namespaces (run the tests as root)" }
        guard let ip else { return "needs iproute2's ip to create network namespaces" }
        let probe = "vcmme-probe-\(getpid())"
        guard (try? TestEnvironment.run(ip, ["netns", "add", probe]))?.status == 0 else { return "cannot create network namespaces here" }
        _ = try? TestEnvironment.run(ip, ["netns", "del", probe])
        return nil
    }()

    private static let counter = Atomic<Int>(0)
    let prefix: String
    private let namespaces = Mutex<[String]>([])
    private let veths = Atomic<Int>(0)

    init() {
        prefix = "vcmme-\(getpid())-\(Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue)"
    }

    /// A namespace with its loopback up.
    func namespace(_ role: String) throws -> String {
        let name = "\(prefix)-\(role)"
        try ip(["netns", "add", name])
        namespaces.withLock { $0.append(name) }
        try ip(["-n", name, "link", "set", "lo", "up"])
        return name
    }

    /// A veth pair between two namespaces, addressed (CIDR) and up; the two interface names.
    @discardableResult
    func connect(_ a: String, _ addressA: String, _ b: String, _ addressB: String) throws -> (a: String, b: String) {
        let number = veths.wrappingAdd(1, ordering: .relaxed).oldValue
        let (left, right) = ("vm\(getpid() % 10000)x\(number)a", "vm\(getpid() % 10000)x\(number)b")
        try ip(["link", "add", left, "netns", a, "type", "veth", "peer", "name", right, "netns", b])
        for (namespace, interface, address) in [(a, left, addressA), (b, right, addressB)] {
            try ip(["-n", namespace, "addr", "add", address, "dev", interface])
            try ip(["-n", namespace, "link", "set", interface, "up"])
        }
        return (left, right)
    }

    /// One more address (CIDR) on an interface.
    func addAddress(_ namespace: String, _ interface: String, _ address: String) throws {
        try ip(["-n", namespace, "addr", "add", address, "dev", interface])
    }

    /// Names for processes in `namespace`: `ip netns exec` bind-mounts /etc/netns/NAME/hosts over
    /// /etc/hosts, so getaddrinfo answers these names there (several lines for one name give
    /// several A records, as a headless Service does).
    func hosts(_ namespace: String, _ entries: [(address: String, name: String)]) throws {
        let folder = "/etc/netns/\(namespace)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = (["127.0.0.1 localhost"] + entries.map { "\($0.address) \($0.name)" }).joined(separator: "\n") + "\n"
        try text.write(toFile: folder + "/hosts", atomically: true, encoding: .utf8)
    }

    /// Deletes every namespace (and with it the veth ends inside) and host file this lab made.
    func tearDown() {
        let names = namespaces.withLock { names in defer { names.removeAll() }; return names }
        for name in names {
            _ = try? TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", ["netns", "del", name])
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(name)")
        }
    }

    private func ip(_ arguments: [String]) throws {
        let (status, output) = try TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", arguments)
        guard status == 0 else { throw LabError("ip \(arguments.joined(separator: " ")): \(output)") }
    }
}

struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
