import Foundation
import Logging

/// Kubernetes Services on nftables: ClusterIP:port DNATed to the ready endpoints, for traffic from
/// pods (prerouting) and from the node itself (output), in a table of its own that every `apply`
/// brings to the new Services in one transaction, in place (see `Ruleset`).
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
        /// conntrack-tools' `conntrack`, which deletes UDP and SCTP flows NATed to an endpoint that
        /// left; without it they keep going there until they pause for the UDP timeout.
        public var conntrackPath: String

        public init(table: String = "vcore", serviceCIDRs: [String] = ["10.96.0.0/16"],
                    masquerade: MasqueradeMode = .automatic, masqueradeMark: UInt32 = 0x4000,
                    nftPath: String = Self.executable("nft"), conntrackPath: String = Self.executable("conntrack")) {
            self.table = table
            self.serviceCIDRs = serviceCIDRs
            self.masquerade = masquerade
            self.masqueradeMark = masqueradeMark
            self.nftPath = nftPath
            self.conntrackPath = conntrackPath
        }

        /// The program's path in the system directories (`/usr/sbin/NAME` when it is in none).
        public static func executable(_ name: String) -> String {
            ["/usr/sbin/", "/sbin/", "/usr/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
                ?? "/usr/sbin/\(name)"
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

    /// Makes the table hold rules for exactly these Services. Atomic: on an error nothing changed.
    public func apply(services: [ServiceRules]) throws(ServiceProxyError) {
        let ruleset = self.ruleset
        lock.lock()
        defer { lock.unlock() }
        try nft(ruleset.render(services, existingChains: try chains()))
        logger.debug("service rules applied", metadata: [
            "services": "\(services.filter { $0.clusterIP != nil }.count)", "table": "\(configuration.table)",
        ])
        deleteStaleFlows(services)
    }

    /// Deletes the UDP and SCTP flows that the rules in force would no longer NAT where conntrack
    /// sends them (`TrackedFlow.stale`). Best effort: the rules are in force either way.
    private func deleteStaleFlows(_ services: [ServiceRules]) {
        let datagramServices = services.filter { $0.clusterIP != nil && $0.ports.contains { $0.transport != .tcp } }
        guard !datagramServices.isEmpty else { return }
        let families = Set(datagramServices.map { $0.clusterIP?.byteCount == 16 ? "ipv6" : "ipv4" })
        var flows: [TrackedFlow] = []
        for family in families.sorted() {
            guard let output = try? Command.run(configuration.conntrackPath, ["-L", "-f", family], timeout: 30), output.succeeded else {
                logger.warning("cannot list tracked flows: UDP and SCTP flows to endpoints that left are not redirected",
                               metadata: ["conntrack": "\(configuration.conntrackPath)"])
                return
            }
            flows += output.text.split(separator: "\n").compactMap(TrackedFlow.init(line:))
        }
        for flow in TrackedFlow.stale(flows, services: datagramServices) {
            // An entry gone meanwhile (timed out) is as good as deleted.
            _ = try? Command.run(configuration.conntrackPath, flow.deleteArguments, timeout: 30)
            logger.debug("stale flow deleted", metadata: [
                "flow": "\(flow.original.source):\(flow.original.sourcePort) → \(flow.original.destination):\(flow.original.destinationPort)",
                "endpoint": "\(flow.reply.source):\(flow.reply.sourcePort)",
            ])
        }
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

    /// The names of the table's chains now; none when there is no table.
    private func chains() throws(ServiceProxyError) -> Set<String> {
        let output = try nft(["--json", "list", "chains", "inet"])
        guard let listing = try? JSONDecoder().decode(ChainListing.self, from: output.standardOutput) else {
            throw .nftFailed("unreadable chain listing: \(output.text.prefix(200))")
        }
        return Set(listing.nftables.compactMap(\.chain).filter { $0.table == configuration.table }.map(\.name))
    }

    private func nft(_ text: String) throws(ServiceProxyError) {
        _ = try nft(["-f", "-"], input: Data(text.utf8))
    }

    /// Runs nft; what it printed when it succeeded.
    private func nft(_ arguments: [String], input: Data? = nil) throws(ServiceProxyError) -> CommandOutput {
        let output: CommandOutput
        do {
            output = try Command.run(configuration.nftPath, arguments, input: input, timeout: 30)
        } catch {
            throw .nftFailed("cannot run \(configuration.nftPath): \(error)")
        }
        guard output.succeeded else {
            throw .nftFailed(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }
}

/// What `nft --json list chains inet` prints: a metainfo object, then one object per chain.
private struct ChainListing: Decodable {
    struct Entry: Decodable {
        var chain: Chain?
    }

    struct Chain: Decodable {
        var table: String
        var name: String
    }

    var nftables: [Entry]
}
