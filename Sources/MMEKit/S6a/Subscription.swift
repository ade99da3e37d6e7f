import Diameter
import GTPv2C
import NIOCore
import Wire

/// What the HSS says a subscriber may use (TS 29.272 7.3.2 Subscription-Data), as far as the
/// MME needs it for attach and PDN connections.
public struct Subscription: Sendable, Hashable {
    public var msisdn: MSISDN?
    /// UE-AMBR in bit/s.
    public var ambrUplink: UInt64
    public var ambrDownlink: UInt64
    /// The Context-Identifier of the default APN configuration.
    public var defaultContext: UInt32?
    public var apns: [APNConfiguration]
    /// Subscribed-Periodic-RAU-TAU-Timer in seconds, when given.
    public var periodicTAUTimer: UInt32?

    /// The configuration for a requested APN (names compare without case, TS 23.003 9.1), or the
    /// default one when the UE asked for none.
    public func apn(for requested: String?) -> APNConfiguration? {
        guard let requested, !requested.isEmpty else {
            return apns.first { $0.contextIdentifier == defaultContext } ?? apns.first
        }
        return apns.first { $0.name.lowercased() == requested.lowercased() }
    }
}

/// One APN-Configuration (TS 29.272 7.3.35).
public struct APNConfiguration: Sendable, Hashable {
    /// PDN-Type (TS 29.272 7.3.62).
    public enum PDNType: Int32, Sendable {
        case ipv4 = 0, ipv6 = 1, ipv4v6 = 2, ipv4OrIPv6 = 3
    }

    public var contextIdentifier: UInt32
    public var name: String
    public var pdnType: PDNType
    public var qci: UInt8
    public var arp: AllocationRetentionPriority
    /// APN-AMBR in bit/s.
    public var ambrUplink: UInt64
    public var ambrDownlink: UInt64
}

/// Why Subscription-Data could not be used.
struct SubscriptionError: Error, CustomStringConvertible {
    var description: String
}

extension Subscription {
    /// Reads Subscription-Data; refuses one without a usable APN configuration.
    init(_ data: AVP) throws(SubscriptionError) {
        msisdn = data[.msisdn]?.value.octets.flatMap { octets in
            var wire = WireReader(octets)
            return try? MSISDN.decode(&wire, length: octets.readableBytes)
        }
        let ambr = data[.ambr]
        ambrUplink = ambr?[.maxRequestedBandwidthUL]?.value.unsigned64 ?? 0
        ambrDownlink = ambr?[.maxRequestedBandwidthDL]?.value.unsigned64 ?? 0
        periodicTAUTimer = data[.subscribedPeriodicRAUTAUTimer]?.value.unsigned32
        guard let profile = data[.apnConfigurationProfile] else {
            throw SubscriptionError(description: "Subscription-Data has no APN-Configuration-Profile")
        }
        defaultContext = profile[.contextIdentifier]?.value.unsigned32
        apns = try profile.all(.apnConfiguration).map { avp throws(SubscriptionError) in try APNConfiguration(avp) }
        guard !apns.isEmpty else { throw SubscriptionError(description: "APN-Configuration-Profile lists no APN") }
    }
}

extension APNConfiguration {
    init(_ avp: AVP) throws(SubscriptionError) {
        guard let context = avp[.contextIdentifier]?.value.unsigned32,
              let name = avp[.serviceSelection]?.value.text else {
            throw SubscriptionError(description: "APN-Configuration without Context-Identifier or Service-Selection")
        }
        let type = avp[.pdnType]?.value.unsigned32.flatMap { Int32(exactly: $0) }.flatMap(PDNType.init) ?? .ipv4
        let qos = avp[.epsSubscribedQoSProfile]
        guard let qci = qos?[.qosClassIdentifier]?.value.unsigned32.flatMap({ UInt8(exactly: $0) }) else {
            throw SubscriptionError(description: "APN-Configuration \(name) without a QCI")
        }
        let arp = qos?[.allocationRetentionPriority]
        let priority = arp?[.priorityLevel]?.value.unsigned32.flatMap { UInt8(exactly: $0) } ?? 15
        // Pre-emption-Capability and -Vulnerability: 0 ENABLED, 1 DISABLED (TS 29.212 5.3.46, 5.3.47);
        // capability defaults to disabled and vulnerability to enabled when absent.
        let capability = arp?[.preEmptionCapability]?.value.unsigned32 ?? 1
        let vulnerability = arp?[.preEmptionVulnerability]?.value.unsigned32 ?? 0
        contextIdentifier = context
        self.name = name
        pdnType = type
        self.qci = qci
        self.arp = AllocationRetentionPriority(priorityLevel: min(max(priority, 1), 15), mayPreempt: capability == 0,
                                               preemptable: vulnerability == 0)
        let ambr = avp[.ambr]
        ambrUplink = ambr?[.maxRequestedBandwidthUL]?.value.unsigned64 ?? 0
        ambrDownlink = ambr?[.maxRequestedBandwidthDL]?.value.unsigned64 ?? 0
    }
}
