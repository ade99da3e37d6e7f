import Wire

/// The transport protocols a Service port may use (Kubernetes `TCP`, `UDP`, `SCTP`).
public enum TransportProtocol: String, Hashable, Sendable, CaseIterable {
    case tcp
    case udp
    case sctp

    /// From the Kubernetes spelling (`TCP`, `UDP`, `SCTP`) or nft's.
    public init?(kubernetes text: String) {
        self.init(rawValue: text.lowercased())
    }
}

/// One port of a Service: traffic to the ClusterIP on `port` goes to each endpoint's `targetPort`.
public struct ProxyPort: Hashable, Sendable {
    public var name: String?
    public var transport: TransportProtocol
    public var port: UInt16
    public var targetPort: UInt16

    public init(name: String? = nil, _ transport: TransportProtocol, port: UInt16, targetPort: UInt16? = nil) {
        self.name = name
        self.transport = transport
        self.port = port
        self.targetPort = targetPort ?? port
    }
}

/// What the proxy needs of one Service and its Endpoints.
public struct ServiceRules: Hashable, Sendable {
    public var namespace: String
    public var name: String
    /// nil for a headless Service (`clusterIP: None`), which gets no rules.
    public var clusterIP: IPAddress?
    public var ports: [ProxyPort]
    /// The ready endpoints' pod IPs; not-ready ones are left out by the caller.
    public var endpoints: [IPAddress]

    public init(namespace: String, name: String, clusterIP: IPAddress?, ports: [ProxyPort], endpoints: [IPAddress]) {
        self.namespace = namespace
        self.name = name
        self.clusterIP = clusterIP
        self.ports = ports
        self.endpoints = endpoints
    }
}

public enum ServiceProxyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// nft refused the ruleset; nothing changed (the transaction is atomic).
    case nftFailed(String)
    case invalidService(String)

    public var description: String {
        switch self {
        case .nftFailed(let text): "nft refused the service rules: \(text)"
        case .invalidService(let text): "invalid service: \(text)"
        }
    }
}
