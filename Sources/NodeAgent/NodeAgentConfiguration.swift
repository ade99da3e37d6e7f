import Foundation

/// How the node agent runs pods on this node.
public struct NodeAgentConfiguration: Sendable {
    public var nodeName: String
    /// Where pod directories (volumes, resolv.conf) live.
    public var podDirectory: String
    /// The cluster DNS server pods use.
    public var dnsServer: String
    /// The first restart delay of a crashing container (Kubernetes: 10 s), doubled up to the maximum.
    public var restartBackoff: Duration
    public var maximumRestartBackoff: Duration
    /// How often containers are checked.
    public var tick: Duration

    public init(nodeName: String, podDirectory: String, dnsServer: String,
                restartBackoff: Duration = .seconds(10), maximumRestartBackoff: Duration = .seconds(300),
                tick: Duration = .milliseconds(200)) {
        self.nodeName = nodeName
        self.podDirectory = podDirectory
        self.dnsServer = dnsServer
        self.restartBackoff = restartBackoff
        self.maximumRestartBackoff = maximumRestartBackoff
        self.tick = tick
    }

    /// The resolv.conf each pod gets: the cluster DNS and Kubernetes' search path.
    func resolvConf(namespace: String) -> String {
        "nameserver \(dnsServer)\nsearch \(namespace).svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n"
    }
}
