import Foundation
import Logging

/// Wires pods into their networks with the standard CNI plugins, the way kubelet and Multus do on
/// a Kubernetes node: per pod a named network namespace, `lo` up through the loopback plugin, the
/// cluster network as `eth0`, then each NetworkAttachmentDefinition, and the network-status
/// annotation from the plugins' results.
///
/// Each pod's attachments and plugin results are cached under `dataDirectory/pods/<uid>.json` (as
/// libcni caches results), so teardown replays DEL with exactly the configuration ADD used even if
/// a NAD changed since, and `removeAll` finds everything after a crash.
public struct PodNetwork: Sendable {
    public struct Configuration: Sendable {
        /// Folders searched for plugin binaries (`CNI_PATH`).
        public var pluginSearchPath: [String]
        /// Where VCore keeps pod state, host-local leases (`ipam/`) and the bridges it made.
        public var dataDirectory: String
        /// Prefix of every pod network namespace VCore makes, so `removeAll` knows its own.
        public var namespacePrefix: String
        public var cluster: ClusterNetwork
        /// Seconds a plugin may run before it is killed.
        public var pluginTimeout: Double

        public init(pluginSearchPath: [String] = ["/usr/lib/cni", "/opt/cni/bin"],
                    dataDirectory: String = "/var/lib/vcore/network",
                    namespacePrefix: String = "vcore-", cluster: ClusterNetwork = ClusterNetwork(),
                    pluginTimeout: Double = 60) {
            self.pluginSearchPath = pluginSearchPath
            self.dataDirectory = dataDirectory
            self.namespacePrefix = namespacePrefix
            self.cluster = cluster
            self.pluginTimeout = pluginTimeout
        }
    }

    public let configuration: Configuration
    let logger: Logger
    let invoker: PluginInvoker

    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "vcore.podnetwork")) {
        self.configuration = configuration
        self.logger = logger
        self.invoker = PluginInvoker(searchPath: configuration.pluginSearchPath, timeout: configuration.pluginTimeout)
    }

    var ipamDirectory: String { configuration.dataDirectory + "/ipam" }
    var podsDirectory: String { configuration.dataDirectory + "/pods" }
    var bridgesDirectory: String { configuration.dataDirectory + "/bridges" }

    /// The network namespace of pod `name` in `namespace`: `<prefix><namespace>_<name>` (Kubernetes
    /// names have no `_`, so distinct pods never share one).
    public func namespaceName(namespace: String, name: String) -> String {
        "\(configuration.namespacePrefix)\(namespace)_\(name)"
    }

    /// Creates the pod's network namespace and runs CNI ADD for every attachment in order. On any
    /// failure everything done so far is undone (DEL, namespace deleted) and the error thrown.
    public func setUp(pod: PodNetworkRequest) async throws(PodNetworkError) -> PodNetworkStatus {
        try validate(pod)
        let netns = namespaceName(namespace: pod.namespace, name: pod.name)
        // A leftover from an earlier life of this pod (a crash between ADD and DEL) goes first.
        if let stale = loadState(uid: pod.uid) {
            logger.info("removing stale network state", metadata: ["pod": "\(pod.namespace)/\(pod.name)"])
            try? await tearDown(stale)
        }
        try? await NetworkNamespace.delete(netns)

        var state = PodState(namespace: pod.namespace, name: pod.name, uid: pod.uid, networkNamespace: netns, attachments: [])
        try saveState(state)
        do {
            try await NetworkNamespace.add(netns)
            let loopback: JSONValue = ["cniVersion": "1.0.0", "name": "cni-loopback", "type": "loopback"]
            _ = try await invoker.invoke(.add, network: "cni-loopback", input: loopback, invocation(state, interface: "lo"))
            for attachment in pod.attachments {
                for bridge in attachment.configuration.bridgeNames { recordBridge(bridge) }
                var entry = AttachmentState(attachment)
                state.attachments.append(entry)
                try saveState(state)
                entry.result = try await add(entry, state)
                state.attachments[state.attachments.count - 1] = entry
                try saveState(state)
            }
        } catch {
            logger.error("pod network setup failed, undoing it", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
            try? await tearDown(state)
            throw error
        }
        let status = try self.status(state)
        logger.info("pod network ready", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "ips": "\(status.podIPs)"])
        return status
    }

    /// Runs CNI DEL for every attachment in reverse order and deletes the namespace. Idempotent:
    /// a pod already gone, or never set up, is not an error.
    public func tearDown(pod: PodNetworkRequest) async throws(PodNetworkError) {
        if let state = loadState(uid: pod.uid) {
            try await tearDown(state)
        } else {
            // Nothing cached: DEL with what the caller knows, which releases leases all the same.
            var state = PodState(namespace: pod.namespace, name: pod.name, uid: pod.uid,
                                 networkNamespace: namespaceName(namespace: pod.namespace, name: pod.name), attachments: [])
            state.attachments = pod.attachments.map(AttachmentState.init)
            try await tearDown(state)
        }
    }

    /// CNI CHECK of every attachment against its cached result (plugins of version 0.4.0 and up).
    /// The bridge plugin (1.1.1) also compares the bridge's MAC, which Linux changes as ports come
    /// and go, so CHECK may fail on a healthy pod once other pods joined its bridges. kubelet does
    /// not call CHECK; the node agent need not either.
    public func check(pod: PodNetworkRequest) async throws(PodNetworkError) {
        guard let state = loadState(uid: pod.uid) else {
            throw .namespaceFailed("pod \(pod.namespace)/\(pod.name) has no network set up")
        }
        for entry in state.attachments {
            let list = try NetworkConfiguration(entry.configuration)
            guard Self.version(list.cniVersion, atLeast: "0.4.0") else { continue }
            for index in list.plugins.indices {
                let input = list.pluginInput(at: index, capabilityArguments: entry.capabilityArguments,
                                             previousResult: entry.result, ipamDataDir: ipamDirectory)
                _ = try await invoker.invoke(.check, network: list.name, input: input, invocation(state, interface: entry.interface))
            }
        }
    }

    /// What `removeAll` took away.
    public struct Removal: Hashable, Sendable {
        public var namespaces: [String] = []
        public var bridges: [String] = []
    }

    /// Removes everything VCore's pod networking made (for `vcore down`): every pod's attachments
    /// (DEL, best effort) and namespace, any other namespace with VCore's prefix, the cluster bridge
    /// and every bridge a NAD made, and the whole data directory with the host-local leases.
    @discardableResult
    public func removeAll(alsoBridges extra: [String] = []) async -> Removal {
        var removal = Removal()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: podsDirectory)) ?? []
        for file in files where file.hasSuffix(".json") {
            guard let state = loadState(uid: String(file.dropLast(5))) else { continue }
            try? await tearDown(state)
            removal.namespaces.append(state.networkNamespace)
        }
        for name in NetworkNamespace.list() where name.hasPrefix(configuration.namespacePrefix) {
            try? await NetworkNamespace.delete(name)
            removal.namespaces.append(name)
        }
        var bridges = Set(extra)
        bridges.insert(configuration.cluster.bridge)
        bridges.formUnion((try? FileManager.default.contentsOfDirectory(atPath: bridgesDirectory)) ?? [])
        for bridge in bridges.sorted() where FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)/bridge") {
            if (try? await NetworkNamespace.ip(["link", "delete", bridge, "type", "bridge"], "delete \(bridge)")) != nil {
                removal.bridges.append(bridge)
            }
        }
        try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
        removal.namespaces = Array(Set(removal.namespaces)).sorted()
        logger.info("removed pod networking", metadata: ["namespaces": "\(removal.namespaces.count)", "bridges": "\(removal.bridges)"])
        return removal
    }

    // MARK: - CNI commands

    private func add(_ entry: AttachmentState, _ state: PodState) async throws(PodNetworkError) -> JSONValue {
        let list = try NetworkConfiguration(entry.configuration)
        var previous: JSONValue?
        for index in list.plugins.indices {
            let input = list.pluginInput(at: index, capabilityArguments: entry.capabilityArguments,
                                         previousResult: previous, ipamDataDir: ipamDirectory)
            previous = try await invoker.invoke(.add, network: list.name, input: input, invocation(state, interface: entry.interface))
        }
        guard let previous else { throw .invalidResult("network \(list.name) gave no result") }
        return previous
    }

    private func tearDown(_ state: PodState) async throws(PodNetworkError) {
        var firstError: PodNetworkError?
        for entry in state.attachments.reversed() {
            do throws(PodNetworkError) {
                let list = try NetworkConfiguration(entry.configuration)
                // libcni passes the cached result as prevResult to DEL from CNI 0.4.0 on.
                let previous = Self.version(list.cniVersion, atLeast: "0.4.0") ? entry.result : nil
                for index in list.plugins.indices.reversed() {
                    let input = list.pluginInput(at: index, capabilityArguments: entry.capabilityArguments,
                                                 previousResult: previous, ipamDataDir: ipamDirectory)
                    _ = try await invoker.invoke(.del, network: list.name, input: input, invocation(state, interface: entry.interface))
                }
            } catch {
                logger.warning("CNI DEL failed", metadata: ["pod": "\(state.namespace)/\(state.name)", "error": "\(error)"])
                if firstError == nil { firstError = error }
            }
        }
        do {
            try await NetworkNamespace.delete(state.networkNamespace)
        } catch {
            if firstError == nil { firstError = error }
        }
        if let firstError { throw firstError }
        try? FileManager.default.removeItem(atPath: statePath(uid: state.uid))
    }

    private func invocation(_ state: PodState, interface: String) -> PluginInvoker.Invocation {
        let path = NetworkNamespace.path(state.networkNamespace)
        return PluginInvoker.Invocation(
            containerID: state.uid,
            netnsPath: NetworkNamespace.exists(state.networkNamespace) ? path : "",
            interface: interface,
            arguments: [("IgnoreUnknown", "1"), ("K8S_POD_NAMESPACE", state.namespace), ("K8S_POD_NAME", state.name),
                        ("K8S_POD_INFRA_CONTAINER_ID", state.uid), ("K8S_POD_UID", state.uid)])
    }

    private func status(_ state: PodState) throws(PodNetworkError) -> PodNetworkStatus {
        let networks = try state.attachments.map { entry throws(PodNetworkError) in
            guard let raw = entry.result else { throw .invalidResult("attachment \(entry.name) has no result") }
            let result = try CNIResult(raw)
            let (mac, ips) = result.podInterface(named: entry.interface)
            return NetworkStatus(name: entry.name, interface: entry.interface, ips: ips.map(\.ip), mac: mac,
                                 isDefault: entry.isDefault, dns: result.dns)
        }
        return PodNetworkStatus(networkNamespace: state.networkNamespace,
                                networkNamespacePath: NetworkNamespace.path(state.networkNamespace), networks: networks)
    }

    private func validate(_ pod: PodNetworkRequest) throws(PodNetworkError) {
        guard !pod.uid.isEmpty, pod.uid.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }) else {
            throw .invalidConfiguration("pod uid '\(pod.uid)' is not a CNI container ID (letters, digits, '-', '.', '_')")
        }
        guard NetworkSelection.isDNSLabel(pod.namespace, maximum: 63), NetworkSelection.isDNSLabel(pod.name, maximum: 253) else {
            throw .invalidConfiguration("pod name \(pod.namespace)/\(pod.name) is not a Kubernetes name")
        }
        var interfaces = Set<String>()
        for attachment in pod.attachments {
            guard NetworkSelection.isInterfaceName(attachment.interface), interfaces.insert(attachment.interface).inserted else {
                throw .invalidConfiguration("interface '\(attachment.interface)' is invalid or used twice")
            }
            if !attachment.ips.isEmpty, !attachment.configuration.capabilities.contains("ips") {
                throw .staticIPsUnsupported(network: attachment.name)
            }
        }
    }

    /// True when CNI version `version` is `minimum` or later.
    static func version(_ version: String, atLeast minimum: String) -> Bool {
        let parse = { (text: String) in text.split(separator: ".").map { Int($0) ?? 0 } + [0, 0, 0] }
        let (a, b) = (parse(version), parse(minimum))
        for index in 0..<3 where a[index] != b[index] { return a[index] > b[index] }
        return true
    }

    // MARK: - State on disk

    private func statePath(uid: String) -> String { "\(podsDirectory)/\(uid).json" }

    private func loadState(uid: String) -> PodState? {
        guard let data = FileManager.default.contents(atPath: statePath(uid: uid)) else { return nil }
        return try? JSONDecoder().decode(PodState.self, from: data)
    }

    private func saveState(_ state: PodState) throws(PodNetworkError) {
        do {
            try FileManager.default.createDirectory(atPath: podsDirectory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(state).write(to: URL(fileURLWithPath: statePath(uid: state.uid)), options: .atomic)
        } catch {
            throw .namespaceFailed("cannot write pod network state under \(podsDirectory): \(error)")
        }
    }

    private func recordBridge(_ name: String) {
        guard NetworkSelection.isInterfaceName(name) else { return }
        try? FileManager.default.createDirectory(atPath: bridgesDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(bridgesDirectory)/\(name)", contents: nil)
    }
}

/// A pod's networking as set up, cached on disk.
struct PodState: Codable, Sendable {
    var namespace: String
    var name: String
    var uid: String
    var networkNamespace: String
    var attachments: [AttachmentState]
}

struct AttachmentState: Codable, Sendable {
    var name: String
    var interface: String
    var isDefault: Bool
    /// The configuration list as used for ADD (a single plugin configuration is kept as a
    /// one-plugin list).
    var configuration: JSONValue
    var capabilityArguments: [String: JSONValue]
    var result: JSONValue?

    init(_ attachment: NetworkAttachment) {
        name = attachment.name
        interface = attachment.interface
        isDefault = attachment.isDefault
        let list = attachment.configuration
        configuration = ["cniVersion": .string(list.cniVersion), "name": .string(list.name), "plugins": .array(list.plugins)]
        capabilityArguments = attachment.capabilityArguments
        result = nil
    }
}
