import Foundation
import MMEKit
import NFKit
import SCTP
import StrictCoding

/// /etc/vcore/mme.yaml: the MME's own settings (`MMEConfiguration`, checked by MMEKit) plus what
/// only the executable needs (SCTP stack, observability port, log level, DNS refresh, where the
/// GTP restart counter is kept), all at the top level of one file. Every field is described in
/// docs/configuration.md.
struct MMEFileConfiguration: NFConfiguration, LogLevelSetting {
    struct Listener: Codable, Sendable {
        var bind: String?
        var port: Int?
    }

    struct Discovery: Codable, Sendable {
        /// How often the SGW and PGW names are resolved again, in seconds. Default 5.
        var refreshSeconds: Double?
    }

    var mme: MMEConfiguration
    var sctp: SCTPConfigurationSection?
    var observability: Listener?
    var discovery: Discovery?
    /// A file keeping the GTPv2-C Recovery counter across restarts (TS 23.007 18); without it the
    /// counter is derived from the start time, which still changes from one start to the next.
    var recoveryCounterFile: String?
    var logLevel: String?

    private enum ExecutableKeys: String, CodingKey {
        case sctp, observability, discovery, recoveryCounterFile, logLevel
    }

    // One flat file: the MMEKit fields and the executable's fields share the top level.
    init(from decoder: any Decoder) throws {
        mme = try MMEConfiguration(from: decoder)
        let container = try decoder.container(keyedBy: ExecutableKeys.self)
        sctp = try container.decodeIfPresent(SCTPConfigurationSection.self, forKey: .sctp)
        observability = try container.decodeIfPresent(Listener.self, forKey: .observability)
        discovery = try container.decodeIfPresent(Discovery.self, forKey: .discovery)
        recoveryCounterFile = try container.decodeIfPresent(String.self, forKey: .recoveryCounterFile)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel)
    }

    func encode(to encoder: any Encoder) throws {
        try mme.encode(to: encoder)
        var container = encoder.container(keyedBy: ExecutableKeys.self)
        try container.encodeIfPresent(sctp, forKey: .sctp)
        try container.encodeIfPresent(observability, forKey: .observability)
        try container.encodeIfPresent(discovery, forKey: .discovery)
        try container.encodeIfPresent(recoveryCounterFile, forKey: .recoveryCounterFile)
        try container.encodeIfPresent(logLevel, forKey: .logLevel)
    }

    func validate() throws(FieldError) {
        do {
            try mme.check()
        } catch {
            throw FieldError(field: error.field, problem: error.problem)
        }
        do {
            _ = try sctpConfiguration()
        } catch {
            throw FieldError(field: error.field, problem: error.reason)
        }
        try Check.ipAddress(observability?.bind ?? "0.0.0.0", "observability.bind")
        try Check.port(observabilityPort, "observability.port")
        try Check.range(discovery?.refreshSeconds ?? 5, 0.1...3600, "discovery.refreshSeconds")
        if let recoveryCounterFile { try Check.notEmpty(recoveryCounterFile, "recoveryCounterFile") }
        if let logLevel { try Check.logLevel(logLevel, "logLevel") }
    }

    /// The stack of S1-MME, and of S6a when `s6a.transport` is sctp.
    func sctpConfiguration() throws(SCTPConfigurationError) -> SCTPConfiguration {
        try SCTPConfigurationSection.configuration(sctp)
    }

    var observabilityPort: Int { observability?.port ?? 9090 }
    var refreshInterval: Duration { .milliseconds(Int64((discovery?.refreshSeconds ?? 5) * 1000)) }
    var s1apPort: Int { mme.s1ap.port ?? 36412 }
    var s11Port: Int { mme.s11.port ?? 2123 }
    var pgwPort: Int { mme.pgw.port ?? 2123 }
    var s6aPort: Int { mme.s6a.port ?? 3868 }
    var s6aOverSCTP: Bool { mme.s6a.transport == "sctp" }
    var sgwPort: Int { mme.sgw.port ?? 2123 }
}
