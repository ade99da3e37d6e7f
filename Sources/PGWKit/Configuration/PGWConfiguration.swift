import GatewayKit
/// The PGW's configuration as the operator writes it (`/etc/vcore/pgw.yaml`): its S5/S8
/// addresses, the APNs it serves (address pool, DNS and P-CSCF servers, local policy rules for
/// dedicated bearers) and the GTPv2-C timers.
///
/// Codable for NFKit's strict YAML decoding (which names unknown fields); `check()` validates
/// what the types cannot say and `resolved()` gives the typed settings.
public struct PGWConfiguration: Codable, Sendable, Hashable {
    /// GTPv2-C toward the SGWs (S5/S8-C); port default 2123.
    public var s5c: GTPEndpointConfiguration
    /// GTP-U toward the SGWs (S5/S8-U): the address in the PGW's S5/S8-U F-TEIDs; port default 2152.
    public var s5u: GTPEndpointConfiguration
    public var apns: [APN]
    public var timers: GTPCTimerConfiguration?
    /// The PCRF; without it the APNs' local policy applies.
    public var gx: Gx?

    /// Gx toward the PCRF (TS 29.212); the Diameter peer layer finds `pcrf` by DNS.
    public struct Gx: Codable, Sendable, Hashable {
        public var pcrf: String
        public var originHost: String
        public var originRealm: String
        public var destinationRealm: String
        public var destinationHost: String?
        /// Seconds a CCR waits for its answer (default 5).
        public var responseTimeout: Double?

        public init(pcrf: String, originHost: String, originRealm: String, destinationRealm: String,
                    destinationHost: String? = nil, responseTimeout: Double? = nil) {
            self.pcrf = pcrf
            self.originHost = originHost
            self.originRealm = originRealm
            self.destinationRealm = destinationRealm
            self.destinationHost = destinationHost
            self.responseTimeout = responseTimeout
        }
    }

    public struct APN: Codable, Sendable, Hashable {
        /// The APN network identifier ("internet", "ims"), matched without regard to case.
        public var name: String
        /// The UE address pool, "10.45.0.0/16". The first address is the SGi gateway (the TUN
        /// device's), never given to a UE; so are the network and broadcast addresses.
        public var ipv4Pool: String
        /// Where IPv4v6 PDN connections get their /64, "2001:db8:45::/48" (at most /64); without
        /// it an IPv4v6 request is answered with IPv4 only (cause 19).
        public var ipv6Pool: String?
        /// DNS servers answered in the PCO (container 000DH and IPCP).
        public var dns: [String]?
        /// P-CSCF addresses answered in the PCO (container 000CH) when the UE asks: the `ims` APN's.
        public var pcscf: [String]?
        /// IPv4 link MTU answered in the PCO (container 0010H) when the UE asks.
        public var mtu: Int?
        /// Dedicated bearers every session of this APN gets (local policy, used without a PCRF).
        public var policy: [PolicyRule]?

        public init(name: String, ipv4Pool: String, ipv6Pool: String? = nil, dns: [String]? = nil, pcscf: [String]? = nil,
                    mtu: Int? = nil, policy: [PolicyRule]? = nil) {
            self.name = name
            self.ipv4Pool = ipv4Pool
            self.ipv6Pool = ipv6Pool
            self.dns = dns
            self.pcscf = pcscf
            self.mtu = mtu
            self.policy = policy
        }
    }

    /// A dedicated bearer: its QoS and the packet filters of its TFT (TS 24.008 10.5.6.12).
    public struct PolicyRule: Codable, Sendable, Hashable {
        public var name: String
        /// QCI 1-9 (1: conversational voice, GBR).
        public var qci: Int
        /// ARP priority level 1-15.
        public var arpPriority: Int
        /// Whether the bearer may pre-empt others (default false) and may be pre-empted (default true).
        public var preemptionCapability: Bool?
        public var preemptionVulnerability: Bool?
        /// Kbit/s; required for a GBR QCI (1-4).
        public var maximumBitRate: BitRate?
        public var guaranteedBitRate: BitRate?
        public var filters: [Filter]

        public init(name: String, qci: Int, arpPriority: Int, preemptionCapability: Bool? = nil,
                    preemptionVulnerability: Bool? = nil, maximumBitRate: BitRate? = nil,
                    guaranteedBitRate: BitRate? = nil, filters: [Filter]) {
            self.name = name
            self.qci = qci
            self.arpPriority = arpPriority
            self.preemptionCapability = preemptionCapability
            self.preemptionVulnerability = preemptionVulnerability
            self.maximumBitRate = maximumBitRate
            self.guaranteedBitRate = guaranteedBitRate
            self.filters = filters
        }
    }

    public struct BitRate: Codable, Sendable, Hashable {
        public var uplink: Int
        public var downlink: Int

        public init(uplink: Int, downlink: Int) {
            self.uplink = uplink
            self.downlink = downlink
        }
    }

    /// One packet filter. Remote is the far end (the network side), local the UE.
    public struct Filter: Codable, Sendable, Hashable {
        /// "downlink", "uplink" or "bidirectional" (default).
        public var direction: String?
        /// Evaluation precedence 0-255, lower first (default: the rule's order).
        public var precedence: Int?
        /// "10.46.0.0/24" or a single address.
        public var remoteAddress: String?
        public var localAddress: String?
        /// IP protocol number (17 UDP, 6 TCP).
        public var `protocol`: Int?
        /// "5060" or "50000-50100".
        public var localPorts: String?
        public var remotePorts: String?
        /// Type of service (DSCP << 2) and its mask.
        public var typeOfService: Int?
        public var typeOfServiceMask: Int?

        public init(direction: String? = nil, precedence: Int? = nil, remoteAddress: String? = nil, localAddress: String? = nil,
                    protocol: Int? = nil, localPorts: String? = nil, remotePorts: String? = nil,
                    typeOfService: Int? = nil, typeOfServiceMask: Int? = nil) {
            self.direction = direction
            self.precedence = precedence
            self.remoteAddress = remoteAddress
            self.localAddress = localAddress
            self.protocol = `protocol`
            self.localPorts = localPorts
            self.remotePorts = remotePorts
            self.typeOfService = typeOfService
            self.typeOfServiceMask = typeOfServiceMask
        }
    }

    public init(s5c: GTPEndpointConfiguration, s5u: GTPEndpointConfiguration, apns: [APN], timers: GTPCTimerConfiguration? = nil,
                gx: Gx? = nil) {
        self.gx = gx
        self.s5c = s5c
        self.s5u = s5u
        self.apns = apns
        self.timers = timers
    }
}
