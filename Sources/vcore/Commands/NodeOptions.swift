import ArgumentParser
import ContainerRuntime
import Foundation
import OrchestratorNode
import PodNetwork

/// Where a node keeps its state and what it names its host objects: shared by `server`, `up`
/// and `down`, so that `down` removes exactly what the server made. The defaults are the
/// production layout; tests pass their own to run a node beside another.
struct NodeOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "State: object store, pods, runtime, images.")
    var dataDirectory = "/var/lib/vcore"

    @Option(name: .customLong("socket"), help: "The API's Unix socket (root only).")
    var socketPath = "/run/vcore/api.sock"

    @Option(name: .customLong("cluster-cidr"), help: "The cluster network every pod's eth0 joins.")
    var clusterCIDR = "10.88.0.0/16"

    @Option(name: .customLong("cluster-bridge"), help: "The cluster network's bridge.")
    var clusterBridge = "vcore0"

    @Option(name: .customLong("netns-prefix"), help: "Prefix of the pods' network namespaces.")
    var namespacePrefix = "vcore-"

    @Option(name: .customLong("nft-table"), help: "The service proxy's nftables table.")
    var nftTable = "vcore"

    @Option(name: .customLong("cgroup-parent"), help: "The cgroup the pods' containers go under.")
    var cgroupParent = "vcore"

    @Option(name: .customLong("dns-port"), help: "The cluster DNS port on the bridge address.")
    var dnsPort = 53

    func configuration(tcpHost: String? = nil, tcpPort: Int? = nil, token: String? = nil) throws -> VCoreServerConfiguration {
        guard let subnet = IPv4Network(clusterCIDR) else { throw ValidationError("--cluster-cidr: \"\(clusterCIDR)\" is not an IPv4 prefix") }
        var runtime = RuntimeConfiguration(root: URL(fileURLWithPath: dataDirectory + "/runtime"), cgroupParent: cgroupParent)
        runtime.crunRoot = URL(fileURLWithPath: "/run/vcore/crun-" + cgroupParent)
        return VCoreServerConfiguration(dataDirectory: dataDirectory, socketPath: socketPath, tcpHost: tcpHost, tcpPort: tcpPort,
                                        token: token, cluster: ClusterNetwork(bridge: clusterBridge, subnet: subnet), dnsPort: dnsPort,
                                        namespacePrefix: namespacePrefix, nftTable: nftTable, runtime: runtime)
    }

    /// The arguments that reproduce these options, for `up` starting a server.
    var arguments: [String] {
        ["--data-dir", dataDirectory, "--socket", socketPath, "--cluster-cidr", clusterCIDR, "--cluster-bridge", clusterBridge,
         "--netns-prefix", namespacePrefix, "--nft-table", nftTable, "--cgroup-parent", cgroupParent, "--dns-port", "\(dnsPort)"]
    }
}
