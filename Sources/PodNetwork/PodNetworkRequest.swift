/// One network a pod joins: the cluster network (`eth0`) or a NetworkAttachmentDefinition.
public struct NetworkAttachment: Hashable, Sendable {
    /// What network-status calls it: the cluster network's CNI name, `namespace/name` for a NAD.
    public var name: String
    public var configuration: NetworkConfiguration
    public var interface: String
    /// Static addresses, passed as the `ips` capability (`runtimeConfig.ips`).
    public var ips: [String]
    /// A requested MAC address, passed as the `mac` capability.
    public var mac: String?
    public var isDefault: Bool

    public init(name: String, configuration: NetworkConfiguration, interface: String, ips: [String] = [],
                mac: String? = nil, isDefault: Bool = false) {
        self.name = name
        // A NAD's config without a name takes the NAD's name (not namespace/name), as with Multus.
        self.configuration = configuration.named(name.split(separator: "/").last.map(String.init) ?? name)
        self.interface = interface
        self.ips = ips
        self.mac = mac
        self.isDefault = isDefault
    }

    /// The cluster network attachment, `eth0`.
    public static func cluster(_ network: ClusterNetwork) -> NetworkAttachment {
        NetworkAttachment(name: network.name, configuration: network.configuration, interface: "eth0", isDefault: true)
    }

    /// The runtime arguments for the `capabilities` a plugin may declare.
    var capabilityArguments: [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        if !ips.isEmpty { arguments["ips"] = .array(ips.map { .string($0) }) }
        if let mac { arguments["mac"] = .string(mac) }
        return arguments
    }
}

/// What the node agent asks for a pod.
public struct PodNetworkRequest: Hashable, Sendable {
    public var namespace: String
    public var name: String
    public var uid: String
    /// In order: the cluster network first, then the additional networks.
    public var attachments: [NetworkAttachment]

    public init(namespace: String, name: String, uid: String, attachments: [NetworkAttachment]) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.attachments = attachments
    }

    /// Builds the request the way Multus does: the cluster network as `eth0`, then each network of
    /// the `k8s.v1.cni.cncf.io/networks` annotation as `net1`, `net2`, ... (unless it names its
    /// interface), its NetworkAttachmentDefinition's `spec.config` found by `resolve(namespace, name)`.
    public init(namespace: String, name: String, uid: String, cluster: ClusterNetwork,
                networksAnnotation: String?,
                resolve: (_ namespace: String, _ name: String) -> String?) throws(PodNetworkError) {
        var attachments = [NetworkAttachment.cluster(cluster)]
        let selections = try NetworkSelection.parse(networksAnnotation ?? "")
        for (index, selection) in selections.enumerated() {
            let nadNamespace = selection.namespace ?? namespace
            guard let config = resolve(nadNamespace, selection.name) else {
                throw .unknownNetwork("\(nadNamespace)/\(selection.name)")
            }
            let configuration = try NetworkConfiguration(json: config)
            let interface = selection.interface ?? "net\(index + 1)"
            guard interface != "eth0" else { throw .invalidAnnotation("eth0 belongs to the cluster network") }
            attachments.append(NetworkAttachment(name: "\(nadNamespace)/\(selection.name)", configuration: configuration,
                                                 interface: interface, ips: selection.ips, mac: selection.mac))
        }
        self.init(namespace: namespace, name: name, uid: uid, attachments: attachments)
    }
}

/// What the pod got.
public struct PodNetworkStatus: Hashable, Sendable {
    /// The network namespace's name (`ip netns` name) and path, for the container runtime.
    public var networkNamespace: String
    public var networkNamespacePath: String
    public var networks: [NetworkStatus]

    /// The default network's addresses: the pod IPs.
    public var podIPs: [String] { networks.first { $0.isDefault }?.ips ?? [] }

    /// The value for the `k8s.v1.cni.cncf.io/network-status` annotation.
    public var annotation: String { NetworkStatus.annotationValue(networks) }
}
