#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestOracles
import Wire
@testable import ClusterDNS

/// Blocking UDP and TCP DNS exchanges with Glibc sockets, to stand in for dig.
enum DNSClient {
    static func exchange(_ query: [UInt8], host: String, port: Int, tcp: Bool) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = IPv4Address(host)!.value.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestError("connect failed") }
        let framed = tcp ? [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query : query
        guard send(fd, framed, framed.count, 0) == framed.count else { throw TestError("send failed") }
        var buffer = [UInt8](repeating: 0, count: 65_537)
        var received = 0
        repeat {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + received, $0.count - received, 0) }
            guard count > 0 else { throw TestError("no answer") }
            received += count
        } while tcp && (received < 2 || received < 2 + (Int(buffer[0]) << 8 | Int(buffer[1])))
        return tcp ? Array(buffer[2..<received]) : Array(buffer[0..<received])
    }
}

struct TestError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

@Suite(.serialized) struct ServerTests {
    @Test func servesUDPAndTCPAndSeesUpdates() async throws {
        let dns = ClusterDNS()
        dns.update(records: [DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.10")!])])
        let server = try await dns.start(host: "127.0.0.1", port: 0)
        let port = try #require(server.udpAddress.port)
        #expect(server.tcpAddress.port == port)
        do {
            for tcp in [false, true] {
                let reply = try DNSMessage.decode(try DNSClient.exchange(query("hss.vcore.svc.cluster.local"), host: "127.0.0.1", port: port, tcp: tcp))
                #expect(reply.answers.map(\.data) == [.a(IPv4Address(10, 96, 0, 10))], "tcp: \(tcp)")
            }
            dns.update(records: [DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.11")!])])
            let reply = try DNSMessage.decode(try DNSClient.exchange(query("hss.vcore.svc.cluster.local"), host: "127.0.0.1", port: port, tcp: false))
            #expect(reply.answers.map(\.data) == [.a(IPv4Address(10, 96, 0, 11))])
            // Garbage with a readable header gets FORMERR, and the server keeps serving.
            let garbage = try DNSMessage.decode(try DNSClient.exchange([0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0],
                                                                       host: "127.0.0.1", port: port, tcp: true))
            #expect(garbage.header.id == 0xABCD && garbage.header.responseCode == DNSResponseCode.formatError.rawValue)
            #expect(try DNSClient.exchange(query("hss.vcore.svc.cluster.local"), host: "127.0.0.1", port: port, tcp: true).count > 12)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    static let canRunInNamespace = getuid() == 0 || TestEnvironment.isCI

    /// glibc's own stub resolver, inside a pod-like namespace with the resolv.conf pods get: short
    /// names go through the search path to the cluster DNS, as in a real pod.
    @Test(.enabled(if: canRunInNamespace, "needs root for a network namespace and port 53 (runs in CI)"))
    func aPodsResolverFindsServicesThroughTheSearchPath() async throws {
        let tag = String(UInt32.random(in: 0x1000_0000...0xFFFF_FFFF), radix: 36)
        let namespace = "vd\(tag)", veth = "vd\(tag)h"
        let etc = "/etc/netns/\(namespace)"
        func ip(_ arguments: [String]) throws {
            guard try TestEnvironment.run("/usr/sbin/ip", arguments).status == 0 else {
                throw TestError("ip \(arguments.joined(separator: " ")) failed")
            }
        }
        func resolve(_ name: String) throws -> String {
            let script = """
                import socket, sys
                try:
                    print(" ".join(sorted(socket.gethostbyname_ex(sys.argv[1])[2])))
                except socket.gaierror as error:
                    print("ERR", error.args[0])
                """
            return try TestEnvironment.run("/usr/sbin/ip", ["netns", "exec", namespace, "python3", "-c", script, name])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        defer {
            try? ip(["netns", "delete", namespace])
            try? FileManager.default.removeItem(atPath: etc)
            rmdir("/etc/netns")  // only when empty: another namespace's files stay
        }
        try ip(["netns", "add", namespace])
        try ip(["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace])
        try ip(["addr", "add", "10.245.0.1/24", "dev", veth])
        try ip(["link", "set", veth, "up"])
        try ip(["-n", namespace, "addr", "add", "10.245.0.2/24", "dev", "eth0"])
        try ip(["-n", namespace, "link", "set", "eth0", "up"])
        try ip(["-n", namespace, "link", "set", "lo", "up"])
        // `ip netns exec` mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf.
        try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
        try ClusterDNS.resolvConf(nameserver: "10.245.0.1", namespace: "vcore")
            .write(toFile: etc + "/resolv.conf", atomically: true, encoding: .utf8)

        let dns = ClusterDNS()
        dns.update(records: [
            DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.10")!]),
            DNSService(namespace: "vcore", name: "sgw", clusterIPs: [],
                       endpoints: [.init(IPAddress("10.88.0.5")!), .init(IPAddress("10.88.0.6")!)]),
            DNSService(namespace: "ims", name: "pcscf", clusterIPs: [IPAddress("10.96.0.20")!]),
        ])
        let server = try await dns.start(host: "10.245.0.1", port: 53)
        do {
            #expect(try resolve("hss") == "10.96.0.10")
            #expect(try resolve("sgw") == "10.88.0.5 10.88.0.6")
            #expect(try resolve("pcscf.ims") == "10.96.0.20")
            #expect(try resolve("hss.vcore.svc.cluster.local.") == "10.96.0.10")
            #expect(try resolve("nope").hasPrefix("ERR"))
            dns.update(records: [DNSService(namespace: "vcore", name: "sgw", clusterIPs: [], endpoints: [.init(IPAddress("10.88.0.7")!)])])
            #expect(try resolve("sgw") == "10.88.0.7")
            #expect(try resolve("hss").hasPrefix("ERR"))
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}
