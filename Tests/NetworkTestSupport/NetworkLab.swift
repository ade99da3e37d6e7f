import Foundation
import Synchronization
import TestOracles
import UserPlane

/// The network namespaces, veth pairs, bridges and per-namespace host files one test creates,
/// removed again by `tearDown()` (or when the lab goes away): deleting a namespace deletes the
/// veth ends and bridges inside it. Names carry the test process's PID so parallel runs never meet.
public final class NetworkLab: Sendable {
    public static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why namespace tests cannot run here, or nil when they can.
    public static let unavailableReason: String? = {
        if geteuid() != 0 { return "needs root to create network namespaces (run the tests as root)" }
        guard let ip else { return "needs iproute2's ip to create network namespaces" }
        let probe = "vclab-probe-\(getpid())"
        guard (try? TestEnvironment.run(ip, ["netns", "add", probe]))?.status == 0 else {
            return "cannot create network namespaces here (ip netns add failed)"
        }
        _ = try? TestEnvironment.run(ip, ["netns", "del", probe])
        return nil
    }()

    /// Why namespace tests that also open TUN devices cannot run here, or nil.
    public static let tunUnavailableReason: String? = unavailableReason
        ?? (FileManager.default.fileExists(atPath: "/dev/net/tun") ? nil : "needs /dev/net/tun")

    private static let counter = Atomic<Int>(0)
    /// What every namespace name of this lab starts with.
    public let prefix: String
    private let namespaces = Mutex<[String]>([])
    private let veths = Atomic<Int>(0)

    /// - Parameter tag: names the test target in the namespaces' names ("vcmme", "vcgw", ...).
    public init(_ tag: String = "vclab") {
        prefix = "\(tag)-\(getpid())-\(Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue)"
    }

    deinit { tearDown() }

    /// A new namespace with its loopback up; its name.
    public func namespace(_ role: String) throws -> String {
        let name = "\(prefix)-\(role)"
        try ip(["netns", "add", name])
        namespaces.withLock { $0.append(name) }
        try ip(["-n", name, "link", "set", "lo", "up"])
        return name
    }

    /// A veth pair between two namespaces, addressed (CIDR) and up; the two interface names,
    /// created directly inside the namespaces.
    @discardableResult
    public func connect(_ a: String, _ addressA: String, _ b: String, _ addressB: String) throws -> (a: String, b: String) {
        let number = veths.wrappingAdd(1, ordering: .relaxed).oldValue
        let (left, right) = ("veth\(number)a", "veth\(number)b")
        try ip(["link", "add", left, "netns", a, "type", "veth", "peer", "name", right, "netns", b])
        for (namespace, interface, address) in [(a, left, addressA), (b, right, addressB)] {
            try addAddress(namespace, interface, address)
            try ip(["-n", namespace, "link", "set", interface, "up"])
        }
        return (left, right)
    }

    /// One more address (CIDR) on an interface; IPv6 without duplicate address detection, so it
    /// is usable at once (usrsctp only sees addresses that are there when it starts).
    public func addAddress(_ namespace: String, _ interface: String, _ address: String) throws {
        try ip(["-n", namespace, "addr", "add", address, "dev", interface] + (address.contains(":") ? ["nodad"] : []))
    }

    /// A namespace holding a Linux bridge `br0`, the way pods share a network.
    public func bridge(_ role: String) throws -> String {
        let name = try namespace(role)
        try ip(["-n", name, "link", "add", "br0", "type", "bridge"])
        try ip(["-n", name, "link", "set", "br0", "up"])
        return name
    }

    /// Plugs `namespace` into the bridge in `bridge` with a veth pair and gives it `address`
    /// (CIDR); the interface name inside `namespace`.
    @discardableResult
    public func attach(_ namespace: String, _ address: String, to bridge: String) throws -> String {
        let number = veths.wrappingAdd(1, ordering: .relaxed).oldValue
        let (inside, port) = ("veth\(number)a", "veth\(number)b")
        try ip(["link", "add", inside, "netns", namespace, "type", "veth", "peer", "name", port, "netns", bridge])
        try ip(["-n", bridge, "link", "set", port, "master", "br0"])
        try ip(["-n", bridge, "link", "set", port, "up"])
        try addAddress(namespace, inside, address)
        try ip(["-n", namespace, "link", "set", inside, "up"])
        return inside
    }

    /// Names for processes in `namespace`: `ip netns exec` bind-mounts /etc/netns/NAME/hosts over
    /// /etc/hosts, so getaddrinfo answers these names there (several lines for one name give
    /// several A records, as a headless Service does).
    public func hosts(_ namespace: String, _ entries: [(address: String, name: String)]) throws {
        let folder = "/etc/netns/\(namespace)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = (["127.0.0.1 localhost"] + entries.map { "\($0.address) \($0.name)" }).joined(separator: "\n") + "\n"
        try text.write(toFile: folder + "/hosts", atomically: true, encoding: .utf8)
    }

    /// `ip -n NAMESPACE ARGUMENTS...`, which must succeed.
    public func inside(_ namespace: String, _ arguments: [String]) throws {
        try ip(["-n", namespace] + arguments)
    }

    /// Sets a sysctl of `namespace` (`net.ipv4.ip_forward`, ...) through its /proc/sys, written by
    /// a shell that `ip netns exec` started there.
    public func sysctl(_ namespace: String, _ key: String, _ value: String) throws {
        let file = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
        let (status, output) = try run(in: namespace, ["/bin/sh", "-c", "echo \(value) > \(file)"])
        guard status == 0 else { throw LabError("sysctl \(key)=\(value) in \(namespace): \(output)") }
    }

    /// `ip netns exec NAMESPACE COMMAND...` to completion: its status and standard output.
    public func run(in namespace: String, _ command: [String]) throws -> (status: Int32, output: String) {
        try TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", ["netns", "exec", namespace] + command)
    }

    /// Runs `work` on this thread inside `namespace`: sockets and capture handles made there
    /// stay in it.
    public func perform<T>(in namespace: String, _ work: () throws -> T) throws -> T {
        try Self.perform(in: namespace, work)
    }

    /// `perform(in:)` for a namespace some other lab (or `ip netns add`) made.
    public static func perform<T>(in namespace: String, _ work: () throws -> T) throws -> T {
        try NetworkNamespaceEntry.perform(in: "/var/run/netns/\(namespace)", work)
    }

    /// The interface names in `namespace`, nil when it does not exist.
    public func interfaces(in namespace: String) -> [String]? {
        guard let (status, output) = try? TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", ["-n", namespace, "-o", "link", "show"]),
              status == 0 else { return nil }
        // "2: veth0a@if3: <BROADCAST,...": the name ends at '@' or ':'.
        return output.split(separator: "\n").compactMap { line in
            line.split(separator: ":", maxSplits: 2).dropFirst().first
                .map { $0.trimmingCharacters(in: .whitespaces).split(separator: "@").first.map(String.init) ?? "" }
        }
    }

    /// Every namespace on the host whose name starts with this lab's prefix.
    public var remainingNamespaces: [String] {
        let names = (try? TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", ["netns", "list"]))?.output ?? ""
        return names.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.hasPrefix(prefix + "-") }
    }

    /// Deletes every namespace (and with it the veth ends and bridges inside) and host file this
    /// lab made. Safe to call twice.
    public func tearDown() {
        let names = namespaces.withLock { names in
            defer { names.removeAll() }
            return names
        }
        for name in names {
            _ = try? TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", ["netns", "del", name])
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(name)")
        }
    }

    private func ip(_ arguments: [String]) throws {
        let (status, output) = try TestEnvironment.run(Self.ip ?? "/usr/sbin/ip", arguments, includingErrors: true)
        guard status == 0 else { throw LabError("ip \(arguments.joined(separator: " ")): \(output)") }
    }
}

/// What a lab, a peer socket or a child process reports when it cannot do what a test asked.
public struct LabError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Tries `condition` up to `polls` times with `interval` between tries: the number of tries is
/// counted, not timed, so a slow machine waits longer rather than failing. True once it held.
public func eventually(polls: Int = 300, every interval: Duration = .milliseconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let microseconds = UInt32(interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
    for _ in 0..<polls {
        if try condition() { return true }
        usleep(microseconds)
    }
    return try condition()
}
