import Foundation
import PGWKit
import Wire

/// Brings the SGi TUN device up with `ip` (iproute2, run as a subprocess: a handful of calls at
/// start-up, not worth a netlink client): each APN pool's first address, the SGi gateway no UE
/// gets, goes on the device with the pool's prefix length, which routes the pool to it. Needs
/// only CAP_NET_ADMIN.
enum SGiInterface {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func configure(device: String, pools: [IPv4Prefix]) throws(Failure) {
        try ip(["link", "set", "dev", device, "up"])
        for pool in pools.sorted(by: { $0.network < $1.network }) {
            let gateway = IPv4Address(pool.network.value + 1)
            // `replace`: a restarted PGW finds the address already there on a kept device.
            try ip(["address", "replace", "\(gateway)/\(pool.length)", "dev", device])
        }
    }

    /// Runs `ip arguments…`; a non-zero exit is a failure carrying what it printed.
    static func ip(_ arguments: [String]) throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run ip: \(error)")
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "ip \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}
