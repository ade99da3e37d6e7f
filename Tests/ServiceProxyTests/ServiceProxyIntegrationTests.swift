import Foundation
import Testing
import TestOracles
import Wire
@testable import ServiceProxy

/// A bridge with pods (network namespaces with a veth each) made with `ip`, the way the bridge CNI
/// plugin makes them, and small Python servers answering with their pod's name over TCP and UDP.
/// Everything it starts it stops by PID, and everything it makes it deletes.
final class ServiceTestBed {
    static let isRoot = getuid() == 0
    static let hasTools = ["/usr/sbin/nft", "/usr/sbin/ip", "/usr/sbin/conntrack"].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    static let canRun = (isRoot && hasTools) || TestEnvironment.isCI
    static let skipReason: Comment = "needs root, nft, ip and conntrack (runs in CI)"

    static let server = """
        import socket, sys, threading
        name, port = sys.argv[1], int(sys.argv[2])
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("0.0.0.0", port))
        tcp = socket.socket(); tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind(("0.0.0.0", port)); tcp.listen(128)
        def serve_udp():
            while True:
                data, peer = udp.recvfrom(2048); udp.sendto(name.encode(), peer)
        threading.Thread(target=serve_udp, daemon=True).start()
        print("ready", flush=True)
        while True:
            conn, _ = tcp.accept(); conn.sendall(name.encode()); conn.close()
        """

    /// Prints, per attempt, who answered or ERR.
    static let client = """
        import socket, sys
        host, port, proto, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
        for _ in range(count):
            try:
                if proto == "tcp":
                    s = socket.create_connection((host, port), timeout=2); data = s.recv(100)
                else:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
                    s.sendto(b"?", (host, port)); data, _ = s.recvfrom(100)
                s.close(); print(data.decode() or "ERR empty", flush=True)
            except Exception as error:
                print("ERR", error, flush=True)
        """

    let tag: String
    let bridge: String
    let prefix: String  // 10.240.N
    var namespaces: [String] = []
    var servers: [Process] = []

    init(octet: Int) throws {
        tag = String(UInt32.random(in: 0x1000_0000...0xFFFF_FFFF), radix: 36)
        bridge = "vs\(tag)"
        prefix = "10.\(octet).0"
        try Self.ip(["link", "add", bridge, "type", "bridge"])
        try Self.ip(["addr", "add", "\(prefix).1/24", "dev", bridge])
        try Self.ip(["link", "set", bridge, "up"])
        // The bridge CNI plugin with isGateway turns forwarding on for the node; do as it does.
        try "1".write(toFile: "/proc/sys/net/ipv4/ip_forward", atomically: false, encoding: .utf8)
    }

    /// The node routes the test's service CIDR into the bridge, so a packet the rules missed
    /// stays on this machine.
    func routeServices(_ cidr: String) throws {
        try Self.ip(["route", "add", cidr, "dev", bridge])
    }

    /// A pod at `<prefix>.<host>`, its bridge port in hairpin mode as kubelet sets it.
    @discardableResult
    func addPod(_ name: String, host: Int) throws -> String {
        let namespace = "\(bridge)-\(name)"
        let veth = "\(bridge)\(namespaces.count)"
        try Self.ip(["netns", "add", namespace])
        namespaces.append(namespace)
        try Self.ip(["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace])
        try Self.ip(["link", "set", veth, "master", bridge, "up"])
        try Self.ip(["link", "set", veth, "type", "bridge_slave", "hairpin", "on"])
        try Self.ip(["-n", namespace, "addr", "add", "\(prefix).\(host)/24", "dev", "eth0"])
        try Self.ip(["-n", namespace, "link", "set", "eth0", "up"])
        try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
        try Self.ip(["-n", namespace, "route", "add", "default", "via", "\(prefix).1"])
        return namespace
    }

    /// Starts the name-telling server in a pod and waits until it listens.
    func startServer(in namespace: String, name: String, port: UInt16) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, "python3", "-c", Self.server, name, "\(port)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        servers.append(process)
        let line = pipe.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains("ready") else {
            throw TestBedError("server \(name) did not start")
        }
    }

    /// Runs the client `count` times, from a pod or (namespace nil) from the node.
    func connect(from namespace: String?, to host: String, port: UInt16, _ transport: String, count: Int) throws -> [String] {
        let arguments = ["python3", "-c", Self.client, host, "\(port)", transport, "\(count)"]
        let (_, output) = if let namespace {
            try TestEnvironment.run("/usr/sbin/ip", ["netns", "exec", namespace] + arguments)
        } else {
            try TestEnvironment.run("/usr/bin/env", arguments)
        }
        return output.split(separator: "\n").map(String.init)
    }

    /// One datagram from `sourcePort` of a pod, so that every call is the same flow to conntrack;
    /// who answered, or ERR.
    func udp(from namespace: String, to host: String, port: UInt16, sourcePort: UInt16) throws -> String {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", int(sys.argv[3]))); s.settimeout(2); s.sendto(b"?", (sys.argv[1], int(sys.argv[2])))
            try: print(s.recvfrom(100)[0].decode())
            except Exception as error: print("ERR", error)
            """
        let (_, output) = try TestEnvironment.run("/usr/sbin/ip", ["netns", "exec", namespace, "python3", "-c", script, host, "\(port)", "\(sourcePort)"])
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func clientProcess(from namespace: String, to host: String, port: UInt16, count: Int) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, "python3", "-c", Self.client, host, "\(port)", "tcp", "\(count)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe)
    }

    func tearDown() {
        for server in servers where server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        for namespace in namespaces { try? Self.ip(["netns", "delete", namespace]) }
        try? Self.ip(["link", "delete", bridge, "type", "bridge"])  // takes its routes along
    }

    static func ip(_ arguments: [String]) throws {
        let (status, _) = try TestEnvironment.run("/usr/sbin/ip", arguments)
        if status != 0 { throw TestBedError("ip \(arguments.joined(separator: " ")) failed") }
    }

    /// The table's chains and their handles: a chain deleted and made again gets a new handle.
    static func chainHandles(_ table: String) -> [String: Int] {
        let text = (try? TestEnvironment.run("/usr/sbin/nft", ["--json", "list", "chains", "inet"]).output) ?? ""
        let listing = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        let chains = (listing?["nftables"] as? [[String: Any]] ?? []).compactMap { $0["chain"] as? [String: Any] }
        return Dictionary(chains.compactMap { chain -> (String, Int)? in
            guard chain["table"] as? String == table, let name = chain["name"] as? String, let handle = chain["handle"] as? Int else { return nil }
            return (name, handle)
        }, uniquingKeysWith: { first, _ in first })
    }

    static func tableExists(_ name: String) -> Bool {
        ((try? TestEnvironment.run("/usr/sbin/nft", ["list", "tables"]).output) ?? "").contains("table inet \(name)\n")
    }
}

struct TestBedError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

@Suite(.serialized) struct ServiceProxyIntegrationTests {
    @Test(.enabled(if: ServiceTestBed.canRun, ServiceTestBed.skipReason))
    func clusterIPReachesEveryEndpointFromPodsAndNodeAndFollowsUpdates() throws {
        let bed = try ServiceTestBed(octet: 240)
        let table = "vcoretest_\(bed.tag)"
        let proxy = ServiceProxy(configuration: .init(table: table, serviceCIDRs: ["10.241.0.0/24"]))
        defer {
            try? proxy.removeAll()
            bed.tearDown()
        }
        try bed.routeServices("10.241.0.0/24")
        let one = try bed.addPod("one", host: 11)
        let two = try bed.addPod("two", host: 12)
        let client = try bed.addPod("client", host: 20)
        try bed.startServer(in: one, name: "one", port: 8080)
        try bed.startServer(in: two, name: "two", port: 8080)

        let ports = [ProxyPort(name: "http", .tcp, port: 80, targetPort: 8080), ProxyPort(.udp, port: 80, targetPort: 8080),
                     ProxyPort(.sctp, port: 36412)]
        let both = ServiceRules(namespace: "vcore", name: "echo", clusterIP: IPAddress("10.241.0.10"), ports: ports,
                                endpoints: [IPAddress("\(bed.prefix).11")!, IPAddress("\(bed.prefix).12")!])
        let headless = ServiceRules(namespace: "vcore", name: "peers", clusterIP: nil, ports: ports, endpoints: both.endpoints)
        try proxy.apply(services: [both, headless])

        // An SCTP rule loads (this kernel has no SCTP, so no SCTP traffic can test it).
        let listed = try #require(proxy.currentRuleset())
        #expect(listed.contains("sctp . 36412"))
        #expect(listed.contains("meta l4proto sctp dnat ip to"))

        for transport in ["tcp", "udp"] {
            for source in [client, nil] {
                let answers = try bed.connect(from: source, to: "10.241.0.10", port: 80, transport, count: 24)
                #expect(answers.count == 24, "\(transport) from \(source ?? "node"): \(answers)")
                #expect(Set(answers) == ["one", "two"], "\(transport) from \(source ?? "node"): \(answers)")
            }
        }

        // A UDP flow on the endpoint that leaves moves to one that stays (conntrack would keep
        // sending it to the old one for as long as datagrams come); a pod reaching itself through
        // its Service (hairpin) gets its own answer back.
        let flowOnTwo = try #require(try (41000..<41040).first { try bed.udp(from: client, to: "10.241.0.10", port: 80, sourcePort: $0) == "two" })
        let onlyOne = ServiceRules(namespace: "vcore", name: "echo", clusterIP: both.clusterIP, ports: ports,
                                   endpoints: [IPAddress("\(bed.prefix).11")!])
        try proxy.apply(services: [onlyOne])
        #expect(try bed.udp(from: client, to: "10.241.0.10", port: 80, sourcePort: flowOnTwo) == "one")
        #expect(try bed.connect(from: one, to: "10.241.0.10", port: 80, "tcp", count: 3) == ["one", "one", "one"])
        #expect(try bed.connect(from: client, to: "10.241.0.10", port: 80, "udp", count: 8) == Array(repeating: "one", count: 8))

        // Replacing the rules while connections keep coming never leaves a half state: every
        // connection finds an endpoint. The hooked chains are never made again (a new NAT chain
        // beside the old one would let a packet pass both with neither active) and the chains of
        // an endpoint that left are deleted.
        let hooked = ["nat-prerouting", "nat-output", "nat-postrouting", "filter-forward", "filter-output"]
        let handles = ServiceTestBed.chainHandles(table).filter { hooked.contains($0.key) }
        #expect(handles.count == hooked.count)
        let (process, pipe) = try bed.clientProcess(from: client, to: "10.241.0.10", port: 80, count: 150)
        for round in 0..<40 {
            try proxy.apply(services: [round.isMultiple(of: 2) ? both : onlyOne])
        }
        let chains = ServiceTestBed.chainHandles(table)
        #expect(chains.filter { hooked.contains($0.key) } == handles)
        #expect(!chains.keys.contains { $0.hasSuffix("\(bed.prefix).12") }, "\(chains.keys.sorted())")
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let answers = output.split(separator: "\n").map(String.init)
        #expect(answers.count == 150)
        #expect(answers.allSatisfy { $0 == "one" || $0 == "two" }, "\(answers.filter { $0.hasPrefix("ERR") })")

        // No endpoints: refused at once, not timed out; a port the Service lacks likewise.
        let none = ServiceRules(namespace: "vcore", name: "echo", clusterIP: both.clusterIP, ports: ports, endpoints: [])
        try proxy.apply(services: [none])
        #expect(try bed.connect(from: client, to: "10.241.0.10", port: 80, "tcp", count: 1).first?.contains("refused") == true)
        #expect(try bed.connect(from: nil, to: "10.241.0.99", port: 80, "tcp", count: 1).first?.contains("refused") == true)

        try proxy.removeAll()
        #expect(!ServiceTestBed.tableExists(table))
        try proxy.removeAll()  // idempotent
    }

    @Test(.enabled(if: ServiceTestBed.canRun, ServiceTestBed.skipReason))
    func masqueradeAllModeWorksToo() throws {
        let bed = try ServiceTestBed(octet: 242)
        let table = "vcoretest_\(bed.tag)"
        let proxy = ServiceProxy(configuration: .init(table: table, serviceCIDRs: ["10.243.0.0/24"], masquerade: .all))
        defer {
            try? proxy.removeAll()
            bed.tearDown()
        }
        try bed.routeServices("10.243.0.0/24")
        let one = try bed.addPod("one", host: 11)
        let client = try bed.addPod("client", host: 20)
        try bed.startServer(in: one, name: "one", port: 9000)
        try proxy.apply(services: [ServiceRules(namespace: "vcore", name: "echo", clusterIP: IPAddress("10.243.0.10"),
                                                ports: [ProxyPort(.tcp, port: 90, targetPort: 9000)],
                                                endpoints: [IPAddress("\(bed.prefix).11")!])])
        #expect(try bed.connect(from: client, to: "10.243.0.10", port: 90, "tcp", count: 3) == ["one", "one", "one"])
    }

    @Test(.enabled(if: ServiceTestBed.canRun, ServiceTestBed.skipReason))
    func aRefusedRulesetChangesNothing() throws {
        let table = "vcoretest_\(String(UInt32.random(in: 0x1000_0000...0xFFFF_FFFF), radix: 36))"
        let proxy = ServiceProxy(configuration: .init(table: table, serviceCIDRs: ["not-a-cidr"]))
        #expect(throws: ServiceProxyError.self) { try proxy.apply(services: []) }
        #expect(!ServiceTestBed.tableExists(table))
    }
}
