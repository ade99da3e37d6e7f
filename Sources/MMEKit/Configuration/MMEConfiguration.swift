import Wire

/// The MME's configuration as the operator writes it (`/etc/vcore/mme.yaml`): identities, the
/// served network, algorithm preferences, peers by DNS name and timers.
///
/// Codable so that NFKit's strict YAML decoding can read it (and name unknown fields); `check()`
/// then validates what the types cannot say and `resolved()` turns it into the typed values the
/// state machine uses. Optional fields have the defaults of TS 24.301 and TS 29.274 noted on them.
public struct MMEConfiguration: Codable, Sendable, Hashable {
    /// The MME name sent in S1 Setup Response.
    public var name: String
    /// The PLMNs this MME serves, each with its tracking area codes.
    public var plmns: [ServedPLMN]
    /// MME group ID (16 bits) and MME code (8 bits): with the first PLMN, the GUMMEI.
    public var mmeGroupID: Int
    public var mmeCode: Int
    /// Relative MME capacity (0-255) for the eNBs' MME selection. Default 127.
    public var relativeCapacity: Int?
    public var security: Security?
    public var s1ap: S1AP
    public var s11: S11
    public var s6a: S6a
    /// The SGW service: its DNS name resolves to the ready replicas, one of which serves each UE.
    public var sgw: Peer
    /// The PGW service whose S5/S8 address goes into Create Session Request.
    public var pgw: Peer
    public var timers: Timers?
    /// The network name sent in EMM INFORMATION after attach; none is sent when absent.
    public var networkName: String?

    public struct ServedPLMN: Codable, Sendable, Hashable {
        public var mcc: String
        public var mnc: String
        public var tacs: [Int]

        public init(mcc: String, mnc: String, tacs: [Int]) {
            self.mcc = mcc
            self.mnc = mnc
            self.tacs = tacs
        }
    }

    /// NAS algorithm preferences, most preferred first ("EIA2", "EEA0", ...). Defaults: integrity
    /// EIA2, EIA1, EIA3; ciphering EEA0, EEA2, EEA1, EEA3 (Open5GS's defaults).
    public struct Security: Codable, Sendable, Hashable {
        public var integrity: [String]?
        public var ciphering: [String]?

        public init(integrity: [String]? = nil, ciphering: [String]? = nil) {
            self.integrity = integrity
            self.ciphering = ciphering
        }
    }

    public struct S1AP: Codable, Sendable, Hashable {
        /// Addresses to listen on (several for multi-homing).
        public var bind: [String]
        /// Default 36412.
        public var port: Int?

        public init(bind: [String], port: Int? = nil) {
            self.bind = bind
            self.port = port
        }
    }

    public struct S11: Codable, Sendable, Hashable {
        /// The MME's own S11 address, put in its F-TEIDs.
        public var address: String
        /// Default 2123.
        public var port: Int?

        public init(address: String, port: Int? = nil) {
            self.address = address
            self.port = port
        }
    }

    public struct S6a: Codable, Sendable, Hashable {
        /// The HSS's DNS name.
        public var hss: String
        public var originHost: String
        public var originRealm: String
        public var destinationRealm: String
        public var destinationHost: String?
        /// Seconds before a request is sent again. Default 3.
        public var requestTimeout: Double?
        /// How many times a request is sent again before the procedure fails. Default 2.
        public var retries: Int?
        /// `tcp` or `sctp` (RFC 6733 2.1; SCTP through the `sctp` section's stack). Default tcp.
        public var transport: String?
        /// The HSS's Diameter port. Default 3868.
        public var port: Int?

        public init(hss: String, originHost: String, originRealm: String, destinationRealm: String,
                    destinationHost: String? = nil, requestTimeout: Double? = nil, retries: Int? = nil,
                    transport: String? = nil, port: Int? = nil) {
            self.hss = hss
            self.originHost = originHost
            self.originRealm = originRealm
            self.destinationRealm = destinationRealm
            self.destinationHost = destinationHost
            self.requestTimeout = requestTimeout
            self.retries = retries
            self.transport = transport
            self.port = port
        }
    }

    public struct Peer: Codable, Sendable, Hashable {
        /// DNS name (a headless Service's name gives every ready replica).
        public var name: String
        /// Default 2123.
        public var port: Int?

        public init(name: String, port: Int? = nil) {
            self.name = name
            self.port = port
        }
    }

    /// Timer values in seconds.
    public struct Timers: Codable, Sendable, Hashable {
        /// Periodic TAU timer given to UEs. Default 3240 (54 minutes).
        public var t3412: Int?
        /// NAS retransmission timers (TS 24.301 10.2). Default 6 each; T3489 default 4.
        public var t3450: Double?
        public var t3460: Double?
        public var t3470: Double?
        public var t3422: Double?
        public var t3489: Double?
        /// Paging repetition. Default 2.
        public var t3413: Double?
        /// Pages sent before the SGW is told paging failed. Default 2.
        public var pagingAttempts: Int?
        /// GTPv2-C T3-RESPONSE and N3-REQUESTS (TS 29.274 7.6). Defaults 3 and 2.
        public var s11ResponseTimeout: Double?
        public var s11Retries: Int?

        public init(t3412: Int? = nil, t3450: Double? = nil, t3460: Double? = nil, t3470: Double? = nil,
                    t3422: Double? = nil, t3489: Double? = nil, t3413: Double? = nil, pagingAttempts: Int? = nil,
                    s11ResponseTimeout: Double? = nil, s11Retries: Int? = nil) {
            self.t3412 = t3412
            self.t3450 = t3450
            self.t3460 = t3460
            self.t3470 = t3470
            self.t3422 = t3422
            self.t3489 = t3489
            self.t3413 = t3413
            self.pagingAttempts = pagingAttempts
            self.s11ResponseTimeout = s11ResponseTimeout
            self.s11Retries = s11Retries
        }
    }

    public init(name: String, plmns: [ServedPLMN], mmeGroupID: Int, mmeCode: Int, relativeCapacity: Int? = nil,
                security: Security? = nil, s1ap: S1AP, s11: S11, s6a: S6a, sgw: Peer, pgw: Peer,
                timers: Timers? = nil, networkName: String? = nil) {
        self.name = name
        self.plmns = plmns
        self.mmeGroupID = mmeGroupID
        self.mmeCode = mmeCode
        self.relativeCapacity = relativeCapacity
        self.security = security
        self.s1ap = s1ap
        self.s11 = s11
        self.s6a = s6a
        self.sgw = sgw
        self.pgw = pgw
        self.timers = timers
        self.networkName = networkName
    }
}

/// A configuration value that is wrong, with the field it is in ("plmns[0].mnc"): one line, as
/// NFKit reports configuration errors.
public struct MMEConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
