import Foundation
import Synchronization

/// Network namespaces and veth pairs one test creates, and removes again: deleting a namespace
/// deletes the veth ends inside it. Names carry the test process's PID so parallel runs never meet.
final class NamespaceLab: Sendable {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the namespace tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "needs root to create network namespaces (run the tests as root)" }
        guard let ip else { return "needs iproute2's ip to create network namespaces" }
        let probe = "vcsctp-probe-\(getpid())"
        guard (try? run(ip, ["netns", "add", probe]))?.status == 0 else {
            return "cannot create network namespaces here (ip netns add failed)"
        }
        _ = try? run(ip, ["netns", "del", probe])
        return nil
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    private static let counter = Atomic<Int>(0)
    private let prefix: String
    private let created = Mutex<[String]>([])
    private let links = Atomic<Int>(0)

    init() {
        prefix = "vcsctp-\(getpid())-\(Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue)"
    }

    /// A new namespace with its loopback up.
    func namespace(_ role: String) throws -> String {
        let name = "\(prefix)-\(role)"
        try ip(["netns", "add", name])
        created.withLock { $0.append(name) }
        try ip(["-n", name, "link", "set", "lo", "up"])
        return name
    }

    /// Joins two namespaces with a veth pair and addresses them (CIDR notation); returns the
    /// interface names, created directly inside the namespaces.
    @discardableResult
    func link(_ a: String, _ addressA: String, _ b: String, _ addressB: String) throws -> (a: String, b: String) {
        let number = links.wrappingAdd(1, ordering: .relaxed).oldValue
        let (interfaceA, interfaceB) = ("veth\(number)a", "veth\(number)b")
        try ip(["link", "add", interfaceA, "netns", a, "type", "veth", "peer", "name", interfaceB, "netns", b])
        try ip(["-n", a, "addr", "add", addressA, "dev", interfaceA])
        try ip(["-n", b, "addr", "add", addressB, "dev", interfaceB])
        try ip(["-n", a, "link", "set", interfaceA, "up"])
        try ip(["-n", b, "link", "set", interfaceB, "up"])
        return (interfaceA, interfaceB)
    }

    /// One more address on an interface (IPv6 without duplicate address detection, so it is usable
    /// at once: usrsctp only sees addresses that are there when it starts).
    func addAddress(_ namespace: String, _ interface: String, _ address: String) throws {
        try ip(["-n", namespace, "addr", "add", address, "dev", interface] + (address.contains(":") ? ["nodad"] : []))
    }

    /// A namespace holding a Linux bridge, the way pods share a network.
    func bridge(_ role: String) throws -> String {
        let name = try namespace(role)
        try ip(["-n", name, "link", "add", "br0", "type", "bridge"])
        try ip(["-n", name, "link", "set", "br0", "up"])
        return name
    }

    /// Plugs `namespace` into the bridge in `bridge` with a veth pair and gives it `address`.
    @discardableResult
    func attach(_ namespace: String, _ address: String, to bridge: String) throws -> String {
        let number = links.wrappingAdd(1, ordering: .relaxed).oldValue
        let (inside, port) = ("veth\(number)a", "veth\(number)b")
        try ip(["link", "add", inside, "netns", namespace, "type", "veth", "peer", "name", port, "netns", bridge])
        try ip(["-n", bridge, "link", "set", port, "master", "br0"])
        try ip(["-n", bridge, "link", "set", port, "up"])
        try ip(["-n", namespace, "addr", "add", address, "dev", inside])
        try ip(["-n", namespace, "link", "set", inside, "up"])
        return inside
    }

    /// Deletes every namespace this lab made (and so their veths). Safe to call twice.
    func cleanup() {
        let names = created.withLock { names in
            defer { names.removeAll() }
            return names
        }
        for name in names { _ = try? Self.run(Self.ip ?? "ip", ["netns", "del", name]) }
    }

    deinit { cleanup() }

    private func ip(_ arguments: [String]) throws {
        let (status, output) = try Self.run(Self.ip ?? "ip", arguments)
        if status != 0 { throw LabError("ip \(arguments.joined(separator: " ")) failed: \(output)") }
    }

    /// Runs a program to completion; standard output and error together.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
