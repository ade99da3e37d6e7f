import MobileCrypto
import StrictCoding
import Wire

/// One subscriber as the HSS keeps it: the USIM's secrets and sequence number, the EPS
/// subscription (what ULA sends the MME) and the IMS identities the Cx interface will use.
public struct Subscriber: Hashable, Sendable {
    /// Decimal digits (TS 23.003 2.1), the key of the store.
    public var imsi: String
    public var k: Key128
    /// The operator key as provisioned; OPc is what Milenage uses and is always kept.
    public var operatorKey: OperatorKey
    /// The authentication management field (TS 33.102 6.3.2); EPS vectors get the separation bit
    /// set whatever is stored here (TS 33.401 6.1.1).
    public var amf: UInt16
    /// SQN_HE: the highest sequence number issued to this subscriber (TS 33.102 Annex C).
    public var sqn: UInt64
    public var msisdn: String?
    /// The subscribed UE-AMBR, bits per second.
    public var ambr: BitRates
    /// The APN configurations; empty means no EPS subscription (an IMS-only or a barred user).
    public var apns: [APNConfiguration]
    public var ims: IMSIdentities?
    public var allowedRATs: Set<RATType>
    /// Whether the subscriber may attach in a visited PLMN (the HSS's roaming partners).
    public var roamingAllowed: Bool

    public enum OperatorKey: Hashable, Sendable {
        case op(Key128)
        case opc(Key128)
    }

    public init(imsi: String, k: Key128, operatorKey: OperatorKey, amf: UInt16 = 0x8000, sqn: UInt64 = 0,
                msisdn: String? = nil, ambr: BitRates = .defaultUEAMBR, apns: [APNConfiguration] = APNConfiguration.defaultProfile,
                ims: IMSIdentities? = nil, allowedRATs: Set<RATType> = [.eutran], roamingAllowed: Bool = false) {
        self.imsi = imsi
        self.k = k
        self.operatorKey = operatorKey
        self.amf = amf
        self.sqn = sqn
        self.msisdn = msisdn
        self.ambr = ambr
        self.apns = apns
        self.ims = ims
        self.allowedRATs = allowedRATs
        self.roamingAllowed = roamingAllowed
    }

    public var opc: Key128 {
        switch operatorKey {
        case .opc(let opc): opc
        case .op(let op): Milenage.opc(k: k, op: op)
        }
    }

    public var milenage: Milenage { Milenage(k: k, opc: opc) }
    public var hasEPSSubscription: Bool { !apns.isEmpty }
    public var defaultAPN: APNConfiguration? { apns.first(where: \.isDefault) ?? apns.first }
}

/// Uplink and downlink bit rates, bits per second.
public struct BitRates: Hashable, Sendable {
    public var uplink: UInt32
    public var downlink: UInt32

    public init(uplink: UInt32, downlink: UInt32) {
        self.uplink = uplink
        self.downlink = downlink
    }

    public static let defaultUEAMBR = BitRates(uplink: 1_000_000_000, downlink: 1_000_000_000)
    public static let defaultAPNAMBR = BitRates(uplink: 500_000_000, downlink: 500_000_000)
}

/// One APN-Configuration of the subscription (TS 29.272 7.3.35).
public struct APNConfiguration: Hashable, Sendable {
    public var name: String
    public var contextIdentifier: UInt32
    public var pdnType: PDNType
    /// QoS Class Identifier of the default bearer (TS 23.203 6.1.7).
    public var qci: UInt8
    public var arp: AllocationRetentionPriority
    public var ambr: BitRates
    public var isDefault: Bool

    public init(name: String, contextIdentifier: UInt32, pdnType: PDNType = .ipv4v6, qci: UInt8, arp: AllocationRetentionPriority,
                ambr: BitRates = .defaultAPNAMBR, isDefault: Bool = false) {
        self.name = name
        self.contextIdentifier = contextIdentifier
        self.pdnType = pdnType
        self.qci = qci
        self.arp = arp
        self.ambr = ambr
        self.isDefault = isDefault
    }

    /// `internet` (the default APN, QCI 9, ARP 8) and `ims` (QCI 5, ARP 1), as VoLTE needs.
    public static let defaultProfile: [APNConfiguration] = [
        APNConfiguration(name: "internet", contextIdentifier: 1, qci: 9,
                         arp: AllocationRetentionPriority(priorityLevel: 8, preemptionCapability: false, preemptionVulnerability: true),
                         isDefault: true),
        APNConfiguration(name: "ims", contextIdentifier: 2, qci: 5,
                         arp: AllocationRetentionPriority(priorityLevel: 1, preemptionCapability: false, preemptionVulnerability: false),
                         ambr: BitRates(uplink: 10_000_000, downlink: 10_000_000)),
    ]
}

/// PDN-Type (TS 29.272 7.3.62).
public enum PDNType: String, Hashable, Sendable, CaseIterable {
    case ipv4, ipv6, ipv4v6
    case ipv4OrIPv6 = "ipv4_or_ipv6"

    public var diameterValue: Int32 {
        switch self {
        case .ipv4: 0
        case .ipv6: 1
        case .ipv4v6: 2
        case .ipv4OrIPv6: 3
        }
    }
}

/// Allocation-Retention-Priority (TS 29.212 5.3.32).
public struct AllocationRetentionPriority: Hashable, Sendable {
    /// 1 (highest) to 15.
    public var priorityLevel: UInt8
    public var preemptionCapability: Bool
    public var preemptionVulnerability: Bool

    public init(priorityLevel: UInt8, preemptionCapability: Bool, preemptionVulnerability: Bool) {
        self.priorityLevel = priorityLevel
        self.preemptionCapability = preemptionCapability
        self.preemptionVulnerability = preemptionVulnerability
    }
}

/// The IMS identities of the subscriber (TS 23.003 13): the private one the S-CSCF authenticates
/// and the public ones it registers.
public struct IMSIdentities: Hashable, Sendable {
    public var impi: String
    public var impus: [String]

    public init(impi: String, impus: [String]) {
        self.impi = impi
        self.impus = impus
    }
}

/// RAT-Type values a subscription may allow (TS 29.212 5.3.31), with the Access-Restriction-Data
/// bit that bars each (TS 29.272 7.3.31).
public enum RATType: String, Hashable, Sendable, CaseIterable, Comparable {
    case eutran, utran, geran, nbiot, nr

    public init?(diameterValue: UInt32) {
        switch diameterValue {
        case 1004: self = .eutran
        case 1000: self = .utran
        case 1001: self = .geran
        case 1005: self = .nbiot
        case 1009: self = .nr
        default: return nil
        }
    }

    var accessRestrictionBit: UInt32 {
        switch self {
        case .utran: 1 << 0
        case .geran: 1 << 1
        case .eutran: 1 << 4
        case .nbiot: 1 << 6
        case .nr: 1 << 8
        }
    }

    public static func < (lhs: RATType, rhs: RATType) -> Bool { lhs.rawValue < rhs.rawValue }
}
