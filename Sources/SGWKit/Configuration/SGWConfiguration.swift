import GatewayKit
import Wire

/// The SGW's configuration as the operator writes it (`/etc/vcore/sgw.yaml`): its addresses on
/// each interface, the PGW service, and the GTPv2-C timers.
///
/// Codable for NFKit's strict YAML decoding (which names unknown fields); `check()` validates
/// what the types cannot say and `resolved()` gives the typed settings.
public struct SGWConfiguration: Codable, Sendable, Hashable {
    /// GTPv2-C toward the MMEs (S11).
    public var s11: GTPEndpointConfiguration
    /// GTPv2-C toward the PGWs (S5/S8-C).
    public var s5c: GTPEndpointConfiguration
    /// GTP-U toward the eNBs (S1-U): the address in the SGW's S1-U F-TEIDs.
    public var s1u: GTPEndpointConfiguration
    /// GTP-U toward the PGWs (S5/S8-U).
    public var s5u: GTPEndpointConfiguration
    /// The PGW service by DNS name, and names for APNs served by other PGWs.
    public var pgw: PGWService
    public var timers: GTPCTimerConfiguration?

    public struct PGWService: Codable, Sendable, Hashable {
        /// DNS name whose addresses are the PGW replicas for every APN without its own entry.
        public var name: String
        /// APN → DNS name of the PGWs serving it.
        public var apns: [String: String]?

        public init(name: String, apns: [String: String]? = nil) {
            self.name = name
            self.apns = apns
        }
    }

    public init(s11: GTPEndpointConfiguration, s5c: GTPEndpointConfiguration, s1u: GTPEndpointConfiguration,
                s5u: GTPEndpointConfiguration, pgw: PGWService, timers: GTPCTimerConfiguration? = nil) {
        self.s11 = s11
        self.s5c = s5c
        self.s1u = s1u
        self.s5u = s5u
        self.pgw = pgw
        self.timers = timers
    }

    public func check() throws(GatewayConfigurationError) {
        _ = try resolved()
    }

    public func resolved() throws(GatewayConfigurationError) -> SGWSettings {
        typealias E = GatewayConfigurationError
        let (s11Address, s11Port) = try s11.resolved(defaultPort: 2123, field: "s11")
        let (s5cAddress, s5cPort) = try s5c.resolved(defaultPort: 2123, field: "s5c")
        let (s1uAddress, _) = try s1u.resolved(defaultPort: 2152, field: "s1u")
        let (s5uAddress, _) = try s5u.resolved(defaultPort: 2152, field: "s5u")
        let settings = SGWSettings(s11Address: s11Address, s11Port: s11Port, s5cAddress: s5cAddress, s5cPort: s5cPort,
                                   s1uAddress: s1uAddress, s5uAddress: s5uAddress,
                                   timers: try (timers ?? GTPCTimerConfiguration()).resolved(field: "timers"))
        guard !pgw.name.isEmpty else { throw E(field: "pgw.name", problem: "must name the PGW service") }
        for (apn, name) in pgw.apns ?? [:] where apn.isEmpty || name.isEmpty {
            throw E(field: "pgw.apns", problem: "APN \"\(apn)\" and its DNS name \"\(name)\" must both be non-empty")
        }
        return settings
    }
}

/// What the SGW's logic needs, typed.
public struct SGWSettings: Sendable, Hashable {
    public var s11Address: IPAddress
    public var s11Port: UInt16
    public var s5cAddress: IPAddress
    /// The PGWs' GTPv2-C port.
    public var s5cPort: UInt16
    public var s1uAddress: IPAddress
    public var s5uAddress: IPAddress
    public var timers: GTPCTimers

    public init(s11Address: IPAddress, s11Port: UInt16 = 2123, s5cAddress: IPAddress, s5cPort: UInt16 = 2123,
                s1uAddress: IPAddress, s5uAddress: IPAddress, timers: GTPCTimers = GTPCTimers()) {
        self.s11Address = s11Address
        self.s11Port = s11Port
        self.s5cAddress = s5cAddress
        self.s5cPort = s5cPort
        self.s1uAddress = s1uAddress
        self.s5uAddress = s5uAddress
        self.timers = timers
    }
}
