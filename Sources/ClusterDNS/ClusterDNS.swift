import Logging
import NIOCore
import NIOPosix
import Foundation

/// The cluster's DNS server: authoritative for `cluster.local` (Services, headless Services' pods,
/// SRV for named ports, pod names), on UDP and TCP. The node agent feeds it with `update(records:)`;
/// the next query sees the new records.
public final class ClusterDNS: Sendable {
    public let zone: DNSName
    public let ttl: UInt32
    private let lock = NSLock()
    /// Read and replaced only under `lock`; queries copy it out and answer without holding it.
    nonisolated(unsafe) private var resolver: Resolver
    private let logger: Logger

    /// - Parameters:
    ///   - domain: the cluster domain.
    ///   - ttl: seconds answers may be cached, short so that scaling shows at once.
    public init(domain: String = "cluster.local", ttl: UInt32 = 5, logger: Logger = Logger(label: "vcore.dns")) {
        let zone = DNSName(domain) ?? DNSName("cluster.local")!
        self.zone = zone
        self.ttl = ttl
        self.logger = logger
        resolver = Resolver(zone: zone, ttl: ttl, table: RecordTable(services: [], zone: zone), serial: 1)
    }

    /// Replaces every record.
    public func update(records services: [DNSService]) {
        let table = RecordTable(services: services, zone: zone)
        lock.withLock {
            resolver.table = table
            resolver.serial &+= 1
        }
    }

    /// The answer to one query message (nil: no answer is due). `overTCP` lifts the 512-byte UDP limit.
    public func respond(to query: [UInt8], overTCP: Bool = false) -> [UInt8]? {
        let current = lock.withLock { resolver }
        return current.respond(to: query, overTCP: overTCP)
    }

    /// The `/etc/resolv.conf` a pod in `namespace` gets, as kubelet writes it for `ClusterFirst`.
    public static func resolvConf(nameserver: String, namespace: String, domain: String = "cluster.local") -> String {
        """
        nameserver \(nameserver)
        search \(namespace).svc.\(domain) svc.\(domain) \(domain)
        options ndots:5

        """
    }

    /// Serves DNS on UDP and TCP at `host:port` until `shutdown` of the returned server.
    public func start(host: String, port: Int = 53, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> DNSServer {
        try await DNSServer.start(dns: self, host: host, port: port, group: group, logger: logger)
    }
}
