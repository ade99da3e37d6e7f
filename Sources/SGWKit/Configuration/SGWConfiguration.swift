import GatewayKit
import Wire

/// The SGW's configuration as the operator writes it (`/etc/vcore/sgw.yaml`): its addresses on
/// each interface, the PGW service, and the GTPv2-C timers.
///
/// Codable for NFKit's strict YAML decoding (which names unknown fields); `check()` validates
/// what the types cannot say and `resolved()` gives the typed settings.
public struct SGWConfiguration: Codable, Sendable, Hashable {
    /// GTPv2-C toward the MMEs (S11).
    public var s11: Endpoint
    /// GTPv2-C toward the PGWs (S5/S8-C).
    public var s5c: Endpoint
    /// GTP-U toward the eNBs (S1-U): the address in the SGW's S1-U F-TEIDs.
    public var s1u: Endpoint
    /// GTP-U toward the PGWs (S5/S8-U).
    public var s5u: Endpoint
    /// The PGW service by DNS name, and names for APNs served by other PGWs.
    public var pgw: PGWService
    public var timers: Timers?

    public struct Endpoint: Codable, Sendable, Hashable {
        public var address: String
        /// Default 2123 for GTPv2-C, 2152 for GTP-U.
        public var port: Int?

        public init(address: String, port: Int? = nil) {
            self.address = address
            self.port = port
        }
    }

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

    /// GTPv2-C T3-RESPONSE in seconds (default 3) and N3-REQUESTS (default 3), TS 29.274 7.6.
    public struct Timers: Codable, Sendable, Hashable {
        public var responseTimeout: Double?
        public var retries: Int?

        public init(responseTimeout: Double? = nil, retries: Int? = nil) {
            self.responseTimeout = responseTimeout
            self.retries = retries
        }
    }

    public init(s11: Endpoint, s5c: Endpoint, s1u: Endpoint, s5u: Endpoint, pgw: PGWService, timers: Timers? = nil) {
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
        let settings = SGWSettings(
            s11Address: try E.address(s11.address, "s11.address"), s11Port: try E.port(s11.port, default: 2123, "s11.port"),
            s5cAddress: try E.address(s5c.address, "s5c.address"), s5cPort: try E.port(s5c.port, default: 2123, "s5c.port"),
            s1uAddress: try E.address(s1u.address, "s1u.address"), s5uAddress: try E.address(s5u.address, "s5u.address"),
            timers: try E.timers(responseTimeout: timers?.responseTimeout, requests: timers?.retries, "timers"))
        _ = try E.port(s1u.port, default: 2152, "s1u.port")
        _ = try E.port(s5u.port, default: 2152, "s5u.port")
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
