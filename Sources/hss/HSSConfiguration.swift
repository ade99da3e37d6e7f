import DiameterPeer
import HSSKit
import NFKit
import NIOCore
import SCTP
import StrictCoding
import Wire

/// /etc/vcore/hss.yaml. Every field is described in docs/configuration.md; optional ones have
/// the defaults noted there.
struct HSSConfiguration: NFConfiguration, LogLevelSetting {
    struct Diameter: Codable, Sendable {
        var originHost: String
        var originRealm: String
        var bind: String?
        var port: Int?
        var hostIPAddresses: [String]?
        var watchdogSeconds: Int?
        var requestTimeoutSeconds: Int?
        /// tcp, sctp or both; default [tcp].
        var transports: [String]?
    }

    struct PLMNID: Codable, Sendable {
        var mcc: String
        var mnc: String
    }

    struct Network: Codable, Sendable {
        var homePLMNs: [PLMNID]
        var roamingPartners: [PLMNID]?
    }

    struct Authentication: Codable, Sendable {
        var maximumVectorsPerRequest: Int?
        var indBits: Int?
        var delta: UInt64?
    }

    struct Store: Codable, Sendable {
        var path: String
        var durability: String?
        /// Subscribers imported at every start (CSV, or JSON Lines for .json/.jsonl/.ndjson);
        /// those already in the store are kept as they are, SQN included.
        var seed: String?
    }

    struct Listener: Codable, Sendable {
        var bind: String?
        var port: Int?
    }

    var diameter: Diameter
    var network: Network
    var authentication: Authentication?
    var store: Store
    var provisioning: Listener?
    var observability: Listener?
    /// The SCTP stack, when `diameter.transports` lists sctp.
    var sctp: SCTPConfigurationSection?
    var logLevel: String?

    func validate() throws(FieldError) {
        try Check.hostName(diameter.originHost, "diameter.originHost")
        try Check.hostName(diameter.originRealm, "diameter.originRealm")
        try Check.ipAddress(diameterBind, "diameter.bind")
        try Check.port(diameterPort, "diameter.port")
        for (index, address) in (diameter.hostIPAddresses ?? []).enumerated() {
            try Check.ipAddress(address, "diameter.hostIPAddresses[\(index)]")
        }
        try Check.range(diameter.watchdogSeconds ?? 30, 6...3600, "diameter.watchdogSeconds")
        try Check.range(diameter.requestTimeoutSeconds ?? 5, 1...300, "diameter.requestTimeoutSeconds")
        _ = try diameterTransports()
        do {
            _ = try sctpConfiguration()
        } catch {
            throw FieldError(field: error.field, problem: error.reason)
        }
        try Check.notEmpty(network.homePLMNs, "network.homePLMNs")
        _ = try homePLMNs()
        _ = try roamingPartners()
        try Check.range(authentication?.maximumVectorsPerRequest ?? 5, 1...32, "authentication.maximumVectorsPerRequest")
        try Check.range(authentication?.indBits ?? 5, 0...10, "authentication.indBits")
        try Check.range(authentication?.delta ?? 1 << 28, 1...(1 << 40), "authentication.delta")
        try Check.notEmpty(store.path, "store.path")
        if let seed = store.seed { try Check.notEmpty(seed, "store.seed") }
        guard SubscriberStore.Durability(rawValue: store.durability ?? "full") != nil else {
            throw FieldError(field: "store.durability", problem: "\"\(store.durability ?? "")\" is not full or normal")
        }
        try Check.ipAddress(provisioning?.bind ?? "0.0.0.0", "provisioning.bind")
        try Check.port(provisioningPort, "provisioning.port")
        try Check.ipAddress(observability?.bind ?? "0.0.0.0", "observability.bind")
        try Check.port(observabilityPort, "observability.port")
        if let logLevel { try Check.logLevel(logLevel, "logLevel") }
        if Set([diameterPort, provisioningPort, observabilityPort]).count < 3 {
            throw FieldError(field: "provisioning.port", problem: "diameter.port, provisioning.port and observability.port must differ")
        }
    }

    /// What S6a listens on, in the order given; each at most once.
    func diameterTransports() throws(FieldError) -> [DiameterTransport] {
        let names = diameter.transports ?? ["tcp"]
        try Check.notEmpty(names, "diameter.transports")
        var transports: [DiameterTransport] = []
        for (index, name) in names.enumerated() {
            guard let transport = DiameterTransport(rawValue: name) else {
                throw FieldError(field: "diameter.transports[\(index)]", problem: "\"\(name)\" is not tcp or sctp")
            }
            guard !transports.contains(transport) else {
                throw FieldError(field: "diameter.transports[\(index)]", problem: "\(name) is listed twice")
            }
            transports.append(transport)
        }
        return transports
    }

    func sctpConfiguration() throws(SCTPConfigurationError) -> SCTPConfiguration {
        try SCTPConfigurationSection.configuration(sctp)
    }

    var diameterBind: String { diameter.bind ?? "0.0.0.0" }
    var diameterPort: Int { diameter.port ?? 3868 }
    var provisioningPort: Int { provisioning?.port ?? 8082 }
    var observabilityPort: Int { observability?.port ?? 9090 }

    func homePLMNs() throws(FieldError) -> [PLMN] {
        var plmns: [PLMN] = []
        for (index, plmn) in network.homePLMNs.enumerated() {
            plmns.append(try Check.plmn(mcc: plmn.mcc, mnc: plmn.mnc, "network.homePLMNs[\(index)]"))
        }
        return plmns
    }

    func roamingPartners() throws(FieldError) -> [PLMN] {
        var plmns: [PLMN] = []
        for (index, plmn) in (network.roamingPartners ?? []).enumerated() {
            plmns.append(try Check.plmn(mcc: plmn.mcc, mnc: plmn.mnc, "network.roamingPartners[\(index)]"))
        }
        return plmns
    }

    func identity(startedAt seconds: UInt32) -> DiameterNodeIdentity {
        DiameterNodeIdentity(originHost: diameter.originHost, originRealm: diameter.originRealm,
                             hostIPAddresses: (diameter.hostIPAddresses ?? []).compactMap(IPAddress.init),
                             vendorID: 0, productName: "VCore HSS", firmwareRevision: 1, originStateID: seconds,
                             applications: [.s6a])
    }

    var peerSettings: DiameterPeerSettings {
        DiameterPeerSettings(watchdogInterval: .seconds(Int64(diameter.watchdogSeconds ?? 30)),
                             requestTimeout: .seconds(Int64(diameter.requestTimeoutSeconds ?? 5)))
    }

    func policy(identity: DiameterNodeIdentity) throws(FieldError) -> S6aPolicy {
        S6aPolicy(identity: identity, homePLMNs: try homePLMNs(), roamingPartners: try roamingPartners(),
                  maximumVectorsPerRequest: authentication?.maximumVectorsPerRequest ?? 5,
                  sequenceNumbers: SequenceNumberScheme(indexBits: authentication?.indBits ?? 5, delta: authentication?.delta ?? 1 << 28))
    }
}
