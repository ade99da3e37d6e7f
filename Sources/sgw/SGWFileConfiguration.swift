import GatewayKit
import NFKit
import SGWKit
import StrictCoding
import UserPlane

/// /etc/vcore/sgw.yaml: the SGW's own settings (`SGWConfiguration`, checked by SGWKit) plus what
/// only the executable needs (observability port, log level, DNS refresh, the user plane's
/// buffers, where the GTP restart counter is kept), all at the top level of one file. Every field
/// is described in docs/configuration.md.
struct SGWFileConfiguration: NFConfiguration, LogLevelSetting {
    struct Listener: Codable, Sendable {
        var bind: String?
        var port: Int?
    }

    struct Discovery: Codable, Sendable {
        /// How often the PGW names are resolved again, in seconds. Default 5.
        var refreshSeconds: Double?
    }

    struct UserPlaneSection: Codable, Sendable {
        /// Downlink packets kept for one idle bearer. Default 256.
        var bufferPacketsPerBearer: Int?
        /// Downlink packets kept for all idle bearers together. Default 65536.
        var bufferPacketsInAll: Int?
    }

    var sgw: SGWConfiguration
    var observability: Listener?
    var discovery: Discovery?
    var userPlane: UserPlaneSection?
    /// A file keeping the GTPv2-C Recovery counter across restarts (TS 23.007 18).
    var recoveryCounterFile: String?
    var logLevel: String?

    private enum ExecutableKeys: String, CodingKey {
        case observability, discovery, userPlane, recoveryCounterFile, logLevel
    }

    // One flat file: the SGWKit fields and the executable's fields share the top level.
    init(from decoder: any Decoder) throws {
        sgw = try SGWConfiguration(from: decoder)
        let container = try decoder.container(keyedBy: ExecutableKeys.self)
        observability = try container.decodeIfPresent(Listener.self, forKey: .observability)
        discovery = try container.decodeIfPresent(Discovery.self, forKey: .discovery)
        userPlane = try container.decodeIfPresent(UserPlaneSection.self, forKey: .userPlane)
        recoveryCounterFile = try container.decodeIfPresent(String.self, forKey: .recoveryCounterFile)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel)
    }

    func encode(to encoder: any Encoder) throws {
        try sgw.encode(to: encoder)
        var container = encoder.container(keyedBy: ExecutableKeys.self)
        try container.encodeIfPresent(observability, forKey: .observability)
        try container.encodeIfPresent(discovery, forKey: .discovery)
        try container.encodeIfPresent(userPlane, forKey: .userPlane)
        try container.encodeIfPresent(recoveryCounterFile, forKey: .recoveryCounterFile)
        try container.encodeIfPresent(logLevel, forKey: .logLevel)
    }

    func validate() throws(FieldError) {
        do {
            try sgw.check()
        } catch {
            throw FieldError(field: error.field, problem: error.problem)
        }
        // The forwarding loops speak IPv4, one socket per interface.
        let s1u = try userPlaneEndpoint(sgw.s1u, "s1u")
        let s5u = try userPlaneEndpoint(sgw.s5u, "s5u")
        guard s1u != s5u else {
            throw FieldError(field: "s5u", problem: "\(s5u) is also S1-U's: the user plane needs its own socket per interface")
        }
        try Check.ipAddress(observability?.bind ?? "0.0.0.0", "observability.bind")
        try Check.port(observabilityPort, "observability.port")
        try Check.range(discovery?.refreshSeconds ?? 5, 0.1...3600, "discovery.refreshSeconds")
        try Check.range(bufferLimit.packetsPerBearer, 1...65_536, "userPlane.bufferPacketsPerBearer")
        try Check.range(bufferLimit.packetsInAll, 1...10_000_000, "userPlane.bufferPacketsInAll")
        if let recoveryCounterFile { try Check.notEmpty(recoveryCounterFile, "recoveryCounterFile") }
        if let logLevel { try Check.logLevel(logLevel, "logLevel") }
    }

    /// Where a user-plane socket binds: the interface's IPv4 address, port 2152 unless set.
    func userPlaneEndpoint(_ endpoint: GTPEndpointConfiguration, _ field: String) throws(FieldError) -> IPv4Endpoint {
        let port = endpoint.port ?? 2152
        try Check.port(port, "\(field).port")
        guard let bound = IPv4Endpoint(endpoint.address, port: UInt16(port)) else {
            throw FieldError(field: "\(field).address", problem: "\"\(endpoint.address)\" is not an IPv4 address (the user plane is IPv4)")
        }
        return bound
    }

    var observabilityPort: Int { observability?.port ?? 9090 }
    var refreshInterval: Duration { .milliseconds(Int64((discovery?.refreshSeconds ?? 5) * 1000)) }
    var bufferLimit: BufferLimit {
        BufferLimit(packetsPerBearer: userPlane?.bufferPacketsPerBearer ?? 256, packetsInAll: userPlane?.bufferPacketsInAll ?? 65_536)
    }
}
