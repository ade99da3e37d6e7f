import GTPv2C
import GatewayKit
import Wire

/// What the PGW's logic needs, typed.
public struct PGWSettings: Sendable, Hashable {
    public var s5cAddress: IPAddress
    public var s5uAddress: IPAddress
    /// By lowercased APN network identifier.
    public var apns: [String: APNSettings]
    public var timers: GTPCTimers
    /// The PCRF over Gx; nil: local policy only.
    public var gx: GxSettings?

    public init(s5cAddress: IPAddress, s5uAddress: IPAddress, apns: [APNSettings], timers: GTPCTimers = GTPCTimers(),
                gx: GxSettings? = nil) {
        self.s5cAddress = s5cAddress
        self.s5uAddress = s5uAddress
        self.apns = Dictionary(apns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.timers = timers
        self.gx = gx
    }
}

/// The PGW's Diameter identity on Gx and where its requests go (TS 29.212).
public struct GxSettings: Sendable, Hashable {
    public var originHost: String
    public var originRealm: String
    public var destinationRealm: String
    public var destinationHost: String?
    /// How long a CCR waits for its CCA before the session is refused.
    public var responseTimeout: Duration

    public init(originHost: String, originRealm: String, destinationRealm: String, destinationHost: String? = nil,
                responseTimeout: Duration = .seconds(5)) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.destinationRealm = destinationRealm
        self.destinationHost = destinationHost
        self.responseTimeout = responseTimeout
    }
}

public struct APNSettings: Sendable, Hashable {
    public var name: String
    public var pool: IPv4Prefix
    /// Where IPv4v6 PDN connections get their /64 (nil: IPv4 only).
    public var ipv6Pool: IPv6Prefix?
    public var dns: [IPv4Address]
    public var pcscf: [IPv4Address]
    public var mtu: UInt16?
    public var policy: [PolicyRule]

    public init(name: String, pool: IPv4Prefix, ipv6Pool: IPv6Prefix? = nil, dns: [IPv4Address] = [], pcscf: [IPv4Address] = [],
                mtu: UInt16? = nil, policy: [PolicyRule] = []) {
        self.name = name
        self.pool = pool
        self.ipv6Pool = ipv6Pool
        self.dns = dns
        self.pcscf = pcscf
        self.mtu = mtu
        self.policy = policy
    }
}

/// A dedicated bearer the local policy gives every session of an APN.
public struct PolicyRule: Sendable, Hashable {
    public var name: String
    public var qos: BearerQoS
    public var packetFilters: [PacketFilter]

    public init(name: String, qos: BearerQoS, packetFilters: [PacketFilter]) {
        self.name = name
        self.qos = qos
        self.packetFilters = packetFilters
    }
}

/// An IPv4 prefix, "10.45.0.0/16".
public struct IPv4Prefix: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv4Address
    public var length: UInt8

    public init(network: IPv4Address, length: UInt8) {
        self.length = min(length, 32)
        self.network = IPv4Address(network.value & Self.mask(self.length))
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let address = IPv4Address(String(parts[0])) else { return nil }
        guard parts.count <= 2 else { return nil }
        let length = parts.count == 2 ? UInt8(parts[1]) : 32
        guard let length, length <= 32, address.value & ~Self.mask(length) == 0 || parts.count == 1 else { return nil }
        self.init(network: address, length: length)
    }

    static func mask(_ length: UInt8) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - UInt32(length)) }

    public var mask: IPv4Address { IPv4Address(Self.mask(length)) }
    public var size: UInt64 { UInt64(1) << UInt64(32 - length) }
    public func contains(_ address: IPv4Address) -> Bool { address.value & Self.mask(length) == network.value }
    public var description: String { "\(network)/\(length)" }
}
