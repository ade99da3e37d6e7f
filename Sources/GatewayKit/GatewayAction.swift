import GTPv2C
import Wire

/// What a gateway asks its I/O layer to do, in order; `Rule` is its user-plane rule type and
/// `PolicyMessage` what it sends its policy server (the PGW's Gx Diameter messages; `Never` for
/// the SGW, which has none).
public enum GatewayAction<Rule: Sendable & Hashable, PolicyMessage: Sendable>: Sendable {
    case sendGTP(GTPv2Message, to: IPEndpoint)
    /// Send to the policy server (Gx: the PCRF) through the Diameter peer layer.
    case sendPolicy(PolicyMessage)
    /// Arm a timer; when it fires, feed back `.timerExpired(id)`.
    case startTimer(GatewayTimerID, after: Duration)
    /// Disarm a timer; an expiry already on its way is ignored.
    case stopTimer(GatewayTimerID)
    case userPlane(Rule)
    case log(GatewayLogEvent)

    public init(_ effect: GTPCEffect) {
        switch effect {
        case .send(let message, let peer): self = .sendGTP(message, to: peer)
        case .startTimer(let timer, let duration): self = .startTimer(timer, after: duration)
        case .stopTimer(let timer): self = .stopTimer(timer)
        }
    }
}

/// TEIDs handed out by a gateway: from its identifier source, skipping any still in use.
public struct TEIDAllocator: Sendable {
    public var identifiers: any GatewayIdentifierSource
    public private(set) var inUse: Set<UInt32> = []

    public init(identifiers: any GatewayIdentifierSource) { self.identifiers = identifiers }

    public mutating func allocate() -> UInt32 {
        while true {
            let teid = identifiers.nextTEID()
            if teid != 0, inUse.insert(teid).inserted { return teid }
        }
    }

    public mutating func release(_ teid: UInt32) { inUse.remove(teid) }
}

/// The configuration of a GTP endpoint: an address and a port.
public struct GTPEndpointConfiguration: Codable, Sendable, Hashable {
    public var address: String
    /// Default 2123 for GTPv2-C, 2152 for GTP-U.
    public var port: Int?

    public init(address: String, port: Int? = nil) {
        self.address = address
        self.port = port
    }

    public func resolved(defaultPort: UInt16, field: String) throws(GatewayConfigurationError) -> (IPAddress, UInt16) {
        (try GatewayConfigurationError.address(address, "\(field).address"),
         try GatewayConfigurationError.port(port, default: defaultPort, "\(field).port"))
    }
}

/// GTPv2-C T3-RESPONSE in seconds (default 3) and N3-REQUESTS (default 3), TS 29.274 7.6, and
/// the Echo interval of path supervision in seconds (default 60, at least 60 as 7.1.1 asks).
public struct GTPCTimerConfiguration: Codable, Sendable, Hashable {
    public var responseTimeout: Double?
    public var retries: Int?
    public var echoInterval: Int?

    public init(responseTimeout: Double? = nil, retries: Int? = nil, echoInterval: Int? = nil) {
        self.responseTimeout = responseTimeout
        self.retries = retries
        self.echoInterval = echoInterval
    }

    public func resolved(field: String) throws(GatewayConfigurationError) -> GTPCTimers {
        var timers = try GatewayConfigurationError.timers(responseTimeout: responseTimeout, requests: retries, field)
        if let echoInterval {
            guard (60...3600).contains(echoInterval) else {
                throw GatewayConfigurationError(field: "\(field).echoInterval", problem: "\(echoInterval) is outside 60...3600 seconds")
            }
            timers.echoInterval = .seconds(echoInterval)
        }
        return timers
    }
}
