import Foundation
import TestOracles
import UserPlane

/// A network namespace of the test's own, removed at the end: the pgw, its TUN device, the test
/// SGW's sockets and the data network's address all live in it, so nothing touches the host.
final class Namespace: @unchecked Sendable {  // one test task uses it
    let name = "vcpgw-\(UInt32.random(in: 0...UInt32.max))"
    var path: String { "/var/run/netns/\(name)" }

    /// Why the namespace tests cannot run here, or nil.
    static let problem: String? = {
        if PGWProcess.executable == nil { return "the pgw executable is not built (swift build)" }
        if geteuid() != 0 { return "needs root (network namespaces, TUN)" }
        if !FileManager.default.isExecutableFile(atPath: PGWProcess.ip) { return "needs iproute2 (ip)" }
        if !FileManager.default.fileExists(atPath: "/dev/net/tun") { return "needs /dev/net/tun" }
        return nil
    }()

    init() throws {
        try Self.ip(["netns", "add", name])
        try inside(["link", "set", "lo", "up"])
    }

    deinit { _ = try? Self.ip(["netns", "delete", name]) }

    /// `ip -n NAMESPACE ARGS...`
    func inside(_ arguments: [String]) throws { try Self.ip(["-n", name] + arguments) }

    /// `ip netns exec NAMESPACE COMMAND...`: status and output.
    func run(_ command: [String]) throws -> (status: Int32, output: String) {
        try TestEnvironment.run(PGWProcess.ip, ["netns", "exec", name] + command)
    }

    static func ip(_ arguments: [String]) throws {
        let result = try TestEnvironment.run(PGWProcess.ip, arguments)
        guard result.status == 0 else { throw PeerError("ip \(arguments.joined(separator: " ")): \(result.output)") }
    }

    /// Runs `work` on this thread inside the namespace: sockets made there stay in it.
    func perform<T>(_ work: () throws -> T) throws -> T { try NetworkNamespaceEntry.perform(in: path, work) }
}
