import Wire

/// An IPv4 prefix such as `10.88.0.0/16`.
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
              let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        self.prefixLength = length
        self.address = IPv4Address(address.value & Self.mask(length))
    }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }

    public func contains(_ candidate: IPv4Address) -> Bool {
        candidate.value & Self.mask(prefixLength) == address.value
    }

    /// The first host address, which the bridge takes as the pods' gateway (as host-local does).
    public var firstHost: IPv4Address { IPv4Address(address.value &+ 1) }
    public var description: String { "\(address)/\(prefixLength)" }
}

/// The cluster network every pod's `eth0` joins: a bridge plugin network with host-local IPAM,
/// the bridge holding the gateway address and a default route through it.
public struct ClusterNetwork: Hashable, Sendable {
    /// The CNI network name, which network-status shows for the default network.
    public var name: String
    public var bridge: String
    public var subnet: IPv4Network
    public var ipMasq: Bool
    public var mtu: Int?

    public init(name: String = "vcore", bridge: String = "vcore0",
                subnet: IPv4Network = IPv4Network("10.88.0.0/16")!, ipMasq: Bool = false, mtu: Int? = nil) {
        self.name = name
        self.bridge = bridge
        self.subnet = subnet
        self.ipMasq = ipMasq
        self.mtu = mtu
    }

    /// The bridge's address: the pods' gateway, where the node serves cluster DNS.
    public var gateway: IPv4Address { subnet.firstHost }

    /// The CNI configuration list, cniVersion 1.0.0. `hairpinMode` lets a pod reach itself
    /// through a Service, as kubelet's bridge setups do.
    public var configuration: NetworkConfiguration {
        var bridgePlugin: JSONValue = [
            "type": "bridge",
            "bridge": .string(bridge),
            "isGateway": true,
            "ipMasq": .bool(ipMasq),
            "hairpinMode": true,
            "capabilities": ["ips": true],
            "ipam": [
                "type": "host-local",
                "ranges": [[["subnet": .string(subnet.description), "gateway": .string(gateway.description)]]],
                "routes": [["dst": "0.0.0.0/0"]],
            ],
        ]
        if let mtu { bridgePlugin["mtu"] = .integer(Int64(mtu)) }
        let list: JSONValue = ["cniVersion": "1.0.0", "name": .string(name), "plugins": [bridgePlugin]]
        // Built from valid parts, so it parses.
        return try! NetworkConfiguration(list)
    }
}
