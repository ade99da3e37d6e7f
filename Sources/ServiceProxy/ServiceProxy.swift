import Foundation
import Logging

/// Kubernetes Services on nftables: ClusterIP:port DNATed to the ready endpoints, for traffic from
/// pods (prerouting) and from the node itself (output), in a table of its own that every `apply`
/// replaces atomically.
public final class ServiceProxy: Sendable {
    public enum MasqueradeMode: Sendable, Hashable {
        /// Only a pod reaching itself through its Service (hairpin), as kube-proxy does.
        case hairpinOnly
        /// Every connection to a Service.
        case all
        /// `hairpinOnly` where bridged traffic passes netfilter (`net.bridge.bridge-nf-call-iptables`
        /// = 1, as Kubernetes requires of its nodes), else `all`.
        case automatic
    }

    public struct Configuration: Sendable {
        public var table: String
        public var serviceCIDRs: [String]
        public var masquerade: MasqueradeMode
        public var masqueradeMark: UInt32
        public var nftPath: String

        public init(table: String = "vcore", serviceCIDRs: [String] = ["10.96.0.0/16"],
                    masquerade: MasqueradeMode = .automatic, masqueradeMark: UInt32 = 0x4000,
                    nftPath: String = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"]
                        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/nft") {
            self.table = table
            self.serviceCIDRs = serviceCIDRs
            self.masquerade = masquerade
            self.masqueradeMark = masqueradeMark
            self.nftPath = nftPath
        }
    }

    public let configuration: Configuration
    private let logger: Logger
    /// Serializes applies, so two callers never interleave their transactions' order.
    private let lock = NSLock()

    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "vcore.serviceproxy")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// True when the node's bridges hand IPv4 frames to netfilter.
    public static var bridgedTrafficIsFiltered: Bool {
        let text = (try? String(contentsOfFile: "/proc/sys/net/bridge/bridge-nf-call-iptables", encoding: .utf8)) ?? "0"
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    public var ruleset: Ruleset {
        let masqueradeAll = switch configuration.masquerade {
        case .hairpinOnly: false
        case .all: true
        case .automatic: !Self.bridgedTrafficIsFiltered
        }
        return Ruleset(table: configuration.table, serviceCIDRs: configuration.serviceCIDRs,
                       masqueradeAll: masqueradeAll, masqueradeMark: configuration.masqueradeMark)
    }

    /// Replaces the table with rules for exactly these Services. Atomic: on an error nothing changed.
    public func apply(services: [ServiceRules]) throws(ServiceProxyError) {
        let text = ruleset.render(services)
        lock.lock()
        defer { lock.unlock() }
        try nft(text)
        logger.debug("service rules applied", metadata: [
            "services": "\(services.filter { $0.clusterIP != nil }.count)", "table": "\(configuration.table)",
        ])
    }

    /// Deletes the table; a table already gone is not an error.
    public func removeAll() throws(ServiceProxyError) {
        let table = configuration.table
        lock.lock()
        defer { lock.unlock() }
        try nft("table inet \(table)\ndelete table inet \(table)\n")
    }

    /// The table as nft lists it, or nil when there is none.
    public func currentRuleset() -> String? {
        guard let output = try? Command.run(configuration.nftPath, ["list", "table", "inet", configuration.table], timeout: 30),
              output.succeeded else { return nil }
        return output.text
    }

    private func nft(_ text: String) throws(ServiceProxyError) {
        let output: CommandOutput
        do {
            output = try Command.run(configuration.nftPath, ["-f", "-"], input: Data(text.utf8), timeout: 30)
        } catch {
            throw .nftFailed("cannot run \(configuration.nftPath): \(error)")
        }
        guard output.succeeded else {
            throw .nftFailed(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
