import Foundation
import OCIImage
import TestOracles
@testable import UserPlane

/// A network namespace of the test's own, removed at the end: the PGW's TUN device, its S5-U
/// socket and the data network's address all live in it, so nothing touches the host's routes.
final class NamespaceLab: @unchecked Sendable {
    let name = "vcup-\(UInt32.random(in: 0...UInt32.max))"
    var path: String { "/var/run/netns/\(name)" }

    /// Why these tests cannot run here, or nil.
    static let problem: String? = {
        if geteuid() != 0 { return "needs root (network namespaces, TUN)" }
        if Subprocess.which("ip") == nil { return "needs iproute2 (ip)" }
        if !FileManager.default.fileExists(atPath: "/dev/net/tun") { return "needs /dev/net/tun" }
        return nil
    }()

    init() throws { try ip(["netns", "add", name]) }

    deinit { try? ip(["netns", "delete", name]) }

    /// `ip -n NAMESPACE ARGS...`
    func inside(_ arguments: [String]) throws { try ip(["-n", name] + arguments) }

    func ip(_ arguments: [String]) throws {
        let result = try Subprocess.run(Subprocess.which("ip") ?? "/usr/sbin/ip", arguments, timeout: 10)
        guard result.status == 0 else { throw UserPlaneError("ip \(arguments.joined(separator: " ")): \(result.errorText)", errno: 0) }
    }

    func perform<T>(_ work: () throws -> T) throws -> T { try NetworkNamespaceEntry.perform(in: path, work) }
}
