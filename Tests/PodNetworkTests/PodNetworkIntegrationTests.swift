import Foundation
import Testing
import TestOracles
import Wire
@testable import PodNetwork

/// Real namespaces, bridges and CNI plugins. Needs root and /usr/lib/cni; CI (root) always runs it,
/// and there a missing plugin is a failure, not a skip.
enum NetworkHost {
    static let isRoot = getuid() == 0
    static let hasPlugins = FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/bridge")
    static let canRun = (isRoot && hasPlugins) || TestEnvironment.isCI
    static let skipReason: Comment = "needs root and containernetworking-plugins in /usr/lib/cni (runs in CI)"

    /// A short tag unique to this run, so parallel runs and other suites never share a name.
    static func tag() -> String { String(UInt32.random(in: 0x1000_0000...0xFFFF_FFFF), radix: 36) }

    static func ip(_ arguments: [String]) throws -> String {
        try TestEnvironment.run(NetworkNamespace.ipCommand, arguments).output
    }

    /// `ip -j addr` inside a namespace: interface name to (MAC, IPv4 addresses).
    static func addresses(in namespace: String) throws -> [String: (mac: String, ips: [String])] {
        let text = try ip(["-n", namespace, "-j", "addr"])
        guard let links = JSONValue(parsing: text)?.arrayValue else { return [:] }
        var result: [String: (mac: String, ips: [String])] = [:]
        for link in links {
            guard let name = link["ifname"]?.stringValue else { continue }
            let ips = (link["addr_info"]?.arrayValue ?? []).filter { $0["family"] == "inet" }.compactMap { $0["local"]?.stringValue }
            result[name] = (link["address"]?.stringValue ?? "", ips)
        }
        return result
    }

    static func bridgeExists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "/sys/class/net/\(name)/bridge")
    }

    /// Ports (veths) still attached to a bridge.
    static func bridgePorts(_ name: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net/\(name)/brif")) ?? []
    }

    /// host-local keeps one file per leased address, named by the address.
    static func leases(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { ($0 as NSString).lastPathComponent.split(separator: ".").count == 4 }
    }
}

@Suite(.serialized) struct PodNetworkIntegrationTests {
    let tag = NetworkHost.tag()
    var directory: String { FileManager.default.temporaryDirectory.appendingPathComponent("vcore-net-\(tag)").path }

    /// Runs `body`, then removes whatever it left, even when it failed.
    func cleaningUp(_ network: PodNetwork, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await network.removeAll()
            throw error
        }
        await network.removeAll()
    }

    func makeNetwork(octet: Int) -> PodNetwork {
        PodNetwork(configuration: .init(
            dataDirectory: directory, namespacePrefix: "vt\(tag)-",
            cluster: ClusterNetwork(name: "vcore", bridge: "vt\(tag)c", subnet: IPv4Network("10.\(octet).0.0/24")!)))
    }

    @Test(.enabled(if: NetworkHost.canRun, NetworkHost.skipReason))
    func twoPodsReachEachOtherOnEveryNetworkAndTeardownLeavesNothing() async throws {
        let network = makeNetwork(octet: 231)
        try await cleaningUp(network) { try await everyNetworkCarriesTraffic(network) }
    }

    func everyNetworkCarriesTraffic(_ network: PodNetwork) async throws {
        let ranBridge = "vt\(tag)r", sgiBridge = "vt\(tag)s"
        let nads = [
            // Static IPs through host-local's "ips" capability (runtimeConfig.ips), as Multus passes them.
            "vcore/ran": #"{"cniVersion":"0.4.0","type":"bridge","bridge":"\#(ranBridge)","capabilities":{"ips":true},"ipam":{"type":"host-local","subnet":"10.232.0.0/24"}}"#,
            "vcore/sgi": #"{"cniVersion":"1.0.0","name":"sgi","plugins":[{"type":"bridge","bridge":"\#(sgiBridge)","ipam":{"type":"host-local","ranges":[[{"subnet":"10.233.0.0/24"}]]}}]}"#,
        ]
        let resolve = { (namespace: String, name: String) in nads["\(namespace)/\(name)"] }
        let podA = try PodNetworkRequest(
            namespace: "vcore", name: "mme-a", uid: "uid-a-\(tag)", cluster: network.configuration.cluster,
            networksAnnotation: #"[{"name":"ran","interface":"ran0","ips":["10.232.0.5/24"],"namespace":"vcore"},{"name":"sgi"}]"#,
            resolve: resolve)
        let podB = try PodNetworkRequest(
            namespace: "vcore", name: "sgw-b", uid: "uid-b-\(tag)", cluster: network.configuration.cluster,
            networksAnnotation: "ran,vcore/sgi", resolve: resolve)

        let statusA = try await network.setUp(pod: podA)
        // CHECK before another pod joins: a Linux bridge takes a new MAC as ports come and go, and
        // the bridge plugin's CHECK compares it with the cached result.
        try await network.check(pod: podA)
        let statusB = try await network.setUp(pod: podB)

        // network-status: names, interfaces, and IPs and MACs as the namespace itself shows them.
        #expect(statusA.networks.map(\.name) == ["vcore", "vcore/ran", "vcore/sgi"])
        #expect(statusA.networks.map(\.interface) == ["eth0", "ran0", "net2"])
        #expect(statusB.networks.map(\.interface) == ["eth0", "net1", "net2"])
        #expect(statusA.networks.map(\.isDefault) == [true, false, false])
        #expect(statusA.networks[1].ips == ["10.232.0.5"])
        for status in [statusA, statusB] {
            #expect(status.networkNamespacePath == "/var/run/netns/\(status.networkNamespace)")
            let actual = try NetworkHost.addresses(in: status.networkNamespace)
            for entry in status.networks {
                let interface = try #require(actual[entry.interface ?? ""], "no \(entry.interface ?? "") in \(status.networkNamespace)")
                #expect(entry.mac == interface.mac)
                #expect(entry.ips == interface.ips)
            }
            #expect(try NetworkStatus.parseAnnotation(status.annotation) == status.networks)
        }
        #expect(statusA.podIPs.first.flatMap(IPv4Address.init).map(network.configuration.cluster.subnet.contains) == true)

        // Each network carries traffic both ways, and pods reach their gateway on the cluster network.
        for index in 0..<3 {
            let a = try #require(IPv4Address(statusA.networks[index].ips.first ?? ""))
            let b = try #require(IPv4Address(statusB.networks[index].ips.first ?? ""))
            #expect(try NetworkNamespace.ping(from: statusA.networkNamespace, to: b), "A → B on \(statusA.networks[index].name)")
            #expect(try NetworkNamespace.ping(from: statusB.networkNamespace, to: a), "B → A on \(statusB.networks[index].name)")
        }
        #expect(try NetworkNamespace.ping(from: statusB.networkNamespace, to: network.configuration.cluster.gateway))

        try await network.tearDown(pod: podA)
        try await network.tearDown(pod: podB)
        try await network.tearDown(pod: podB)  // idempotent
        #expect(!NetworkNamespace.exists(statusA.networkNamespace))
        #expect(!NetworkNamespace.exists(statusB.networkNamespace))
        for bridge in [network.configuration.cluster.bridge, ranBridge, sgiBridge] {
            #expect(NetworkHost.bridgePorts(bridge).isEmpty, "veths left on \(bridge)")
        }
        #expect(NetworkHost.leases(under: directory + "/ipam").isEmpty)

        let removal = await network.removeAll()
        #expect(Set(removal.bridges) == [network.configuration.cluster.bridge, ranBridge, sgiBridge])
        for bridge in [network.configuration.cluster.bridge, ranBridge, sgiBridge] {
            #expect(!NetworkHost.bridgeExists(bridge))
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test(.enabled(if: NetworkHost.canRun, NetworkHost.skipReason))
    func aFailingPluginIsReportedWithItsMessageAndUndone() async throws {
        let network = makeNetwork(octet: 234)
        try await cleaningUp(network) { try await failuresAreUndone(network) }
    }

    func failuresAreUndone(_ network: PodNetwork) async throws {
        let cluster = NetworkAttachment.cluster(network.configuration.cluster)
        // The static IPAM plugin refuses to run without addresses: its own error comes back typed.
        let noAddress = try NetworkConfiguration(json: #"{"cniVersion":"0.4.0","name":"bad","type":"bridge","bridge":"vt\#(tag)b","capabilities":{"ips":true},"ipam":{"type":"static"}}"#)
        let pod = PodNetworkRequest(namespace: "vcore", name: "bad", uid: "uid-bad-\(tag)", attachments: [
            cluster, NetworkAttachment(name: "vcore/bad", configuration: noAddress, interface: "net1"),
        ])
        let error = await #expect(throws: PodNetworkError.self) { _ = try await network.setUp(pod: pod) }
        if case .pluginFailed(let failure) = error {
            #expect(failure.plugin == "bridge")
            #expect(failure.command == "ADD")
            #expect(failure.interface == "net1")
            #expect(failure.message.contains("IPAM"), "\(failure.message)")
        } else {
            Issue.record("expected a plugin failure, got \(String(describing: error))")
        }
        let netns = network.namespaceName(namespace: "vcore", name: "bad")
        #expect(!NetworkNamespace.exists(netns))
        #expect(NetworkHost.bridgePorts(network.configuration.cluster.bridge).isEmpty)
        #expect(NetworkHost.leases(under: directory + "/ipam").isEmpty)

        let missing = try NetworkConfiguration(json: #"{"cniVersion":"1.0.0","name":"x","type":"no-such-plugin"}"#)
        await #expect(throws: PodNetworkError.pluginNotFound(type: "no-such-plugin", searched: network.configuration.pluginSearchPath)) {
            _ = try await network.setUp(pod: PodNetworkRequest(namespace: "vcore", name: "bad", uid: "uid-bad-\(tag)", attachments: [
                NetworkAttachment(name: "x", configuration: missing, interface: "eth0", isDefault: true),
            ]))
        }
        #expect(!NetworkNamespace.exists(netns))

        // Static IPs on a network that cannot take them fail before anything is made.
        let plain = try NetworkConfiguration(json: #"{"cniVersion":"0.4.0","name":"p","type":"bridge","bridge":"vt\#(tag)b","ipam":{"type":"host-local","subnet":"10.235.0.0/24"}}"#)
        await #expect(throws: PodNetworkError.staticIPsUnsupported(network: "vcore/p")) {
            _ = try await network.setUp(pod: PodNetworkRequest(namespace: "vcore", name: "bad", uid: "uid-bad-\(tag)", attachments: [
                NetworkAttachment(name: "vcore/p", configuration: plain, interface: "net1", ips: ["10.235.0.9/24"]),
            ]))
        }
    }

    @Test(.enabled(if: NetworkHost.canRun, NetworkHost.skipReason))
    func removeAllCleansPodsThatWereNeverTornDown() async throws {
        let network = makeNetwork(octet: 236)
        let nad = try NetworkConfiguration(json: #"{"cniVersion":"1.0.0","name":"ran","type":"bridge","bridge":"vt\#(tag)r","ipam":{"type":"host-local","subnet":"10.237.0.0/24"}}"#)
        var namespaces: [String] = []
        for name in ["one", "two"] {
            let status = try await network.setUp(pod: PodNetworkRequest(namespace: "vcore", name: name, uid: "uid-\(name)-\(tag)", attachments: [
                .cluster(network.configuration.cluster), NetworkAttachment(name: "vcore/ran", configuration: nad, interface: "net1"),
            ]))
            namespaces.append(status.networkNamespace)
        }
        // A namespace with VCore's prefix that no state knows of goes too.
        try await NetworkNamespace.add("vt\(tag)-orphan")
        #expect(!NetworkHost.leases(under: directory + "/ipam").isEmpty)

        let removal = await network.removeAll()
        #expect(Set(removal.namespaces) == Set(namespaces + ["vt\(tag)-orphan"]))
        #expect(Set(removal.bridges) == ["vt\(tag)c", "vt\(tag)r"])
        #expect(NetworkNamespace.list().filter { $0.hasPrefix("vt\(tag)-") }.isEmpty)
        #expect(!NetworkHost.bridgeExists("vt\(tag)c") && !NetworkHost.bridgeExists("vt\(tag)r"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
