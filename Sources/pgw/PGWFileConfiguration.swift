import GatewayKit
import NFKit
import PGWKit
import StrictCoding
import UserPlane
import Wire

/// /etc/vcore/pgw.yaml: the PGW's own settings (`PGWConfiguration`, checked by PGWKit) plus what
/// only the executable needs (the SGi TUN device, observability port, log level, where the GTP
/// restart counter is kept), all at the top level of one file. Every field is described in
/// docs/configuration.md.
struct PGWFileConfiguration: NFConfiguration, LogLevelSetting {
    struct Listener: Codable, Sendable {
        var bind: String?
        var port: Int?
    }

    struct SGi: Codable, Sendable {
        /// The TUN device the executable creates for the data network side. Default sgi0.
        var device: String?
        /// The pod's interface on the SGi LAN (net1): with it, UE traffic is routed only there,
        /// through a routing table of its own, never out of the pod's other interfaces.
        var interface: String?
        /// The next hop on the SGi LAN for destinations beyond it; without it only the LAN is reachable.
        var gateway: String?
        /// The routing table of the UE pools. Default 100.
        var routingTable: Int?
        /// Packets the kernel holds for the downlink reader of the TUN device. Default TunDevice.defaultQueueLength.
        var queueLength: Int?
        /// Take downlink packets from a packet ring on `interface`, before the kernel's IP
        /// forwarding (SGiRing). Default: on when `interface` is set.
        var packetRing: Bool?
        /// Frames in that ring. Default SGiRing.defaultFrames.
        var ringFrames: Int?
        /// Send uplink packets out of `interface` on a packet socket, past the kernel's IP
        /// forwarding, where the kernel would forward them unchanged (SGiTransmit). Default: on
        /// when `interface` is set.
        var packetTransmit: Bool?
    }

    var pgw: PGWConfiguration
    var sgi: SGi?
    var observability: Listener?
    /// A file keeping the GTPv2-C Recovery counter across restarts (TS 23.007 18).
    var recoveryCounterFile: String?
    var logLevel: String?

    private enum ExecutableKeys: String, CodingKey {
        case sgi, observability, recoveryCounterFile, logLevel
    }

    // One flat file: the PGWKit fields and the executable's fields share the top level.
    init(from decoder: any Decoder) throws {
        pgw = try PGWConfiguration(from: decoder)
        let container = try decoder.container(keyedBy: ExecutableKeys.self)
        sgi = try container.decodeIfPresent(SGi.self, forKey: .sgi)
        observability = try container.decodeIfPresent(Listener.self, forKey: .observability)
        recoveryCounterFile = try container.decodeIfPresent(String.self, forKey: .recoveryCounterFile)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel)
    }

    func encode(to encoder: any Encoder) throws {
        try pgw.encode(to: encoder)
        var container = encoder.container(keyedBy: ExecutableKeys.self)
        try container.encodeIfPresent(sgi, forKey: .sgi)
        try container.encodeIfPresent(observability, forKey: .observability)
        try container.encodeIfPresent(recoveryCounterFile, forKey: .recoveryCounterFile)
        try container.encodeIfPresent(logLevel, forKey: .logLevel)
    }

    func validate() throws(FieldError) {
        do {
            try pgw.check()
        } catch {
            throw FieldError(field: error.field, problem: error.problem)
        }
        _ = try userPlaneEndpoint
        try Check.interfaceName(tunDevice, "sgi.device")
        if let interface = sgi?.interface { try Check.interfaceName(interface, "sgi.interface") }
        if let gateway = sgi?.gateway {
            guard sgi?.interface != nil else { throw FieldError(field: "sgi.gateway", problem: "needs sgi.interface, the link it is on") }
            guard IPv4Address(gateway) != nil else { throw FieldError(field: "sgi.gateway", problem: "\"\(gateway)\" is not an IPv4 address") }
        }
        try Check.range(sgi?.routingTable ?? 100, 1...0x7FFF_FFFF, "sgi.routingTable")
        try Check.range(sgiQueueLength, 64...1_000_000, "sgi.queueLength")
        if sgi?.packetRing == true, sgi?.interface == nil {
            throw FieldError(field: "sgi.packetRing", problem: "needs sgi.interface, the link the ring is on")
        }
        try Check.range(sgiRingFrames, 64...262_144, "sgi.ringFrames")
        if sgi?.packetTransmit == true, sgi?.interface == nil {
            throw FieldError(field: "sgi.packetTransmit", problem: "needs sgi.interface, the link it sends on")
        }
        if [0, 253, 254, 255].contains(sgi?.routingTable ?? 100) {
            throw FieldError(field: "sgi.routingTable", problem: "\(sgi?.routingTable ?? 100) is a table the kernel keeps (unspec, default, main, local)")
        }
        try Check.ipAddress(observability?.bind ?? "0.0.0.0", "observability.bind")
        try Check.port(observabilityPort, "observability.port")
        if let recoveryCounterFile { try Check.notEmpty(recoveryCounterFile, "recoveryCounterFile") }
        if let logLevel { try Check.logLevel(logLevel, "logLevel") }
    }

    /// Where the S5/S8-U socket binds: the interface's IPv4 address, port 2152 unless set.
    var userPlaneEndpoint: IPv4Endpoint {
        get throws(FieldError) {
            let port = pgw.s5u.port ?? 2152
            try Check.port(port, "s5u.port")
            guard let bound = IPv4Endpoint(pgw.s5u.address, port: UInt16(port)) else {
                throw FieldError(field: "s5u.address", problem: "\"\(pgw.s5u.address)\" is not an IPv4 address (the user plane is IPv4)")
            }
            return bound
        }
    }

    var tunDevice: String { sgi?.device ?? "sgi0" }
    var sgiGateway: IPv4Address? { sgi?.gateway.flatMap(IPv4Address.init) }
    var sgiRoutingTable: UInt32 { UInt32(sgi?.routingTable ?? 100) }
    var sgiQueueLength: Int { sgi?.queueLength ?? TunDevice.defaultQueueLength }
    /// The interface the downlink's packet ring is on, nil without one.
    var sgiRingInterface: String? { (sgi?.packetRing ?? true) ? sgi?.interface : nil }
    var sgiRingFrames: Int { sgi?.ringFrames ?? SGiRing.defaultFrames }
    /// The interface the uplink's packet socket sends on, nil without one.
    var sgiTransmitInterface: String? { (sgi?.packetTransmit ?? true) ? sgi?.interface : nil }
    var observabilityPort: Int { observability?.port ?? 9090 }
}
