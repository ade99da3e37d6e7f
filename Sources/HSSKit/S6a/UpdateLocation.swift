import Diameter
import DiameterPeer
import Wire

/// ULR-Flags bits (TS 29.272 7.3.7).
public struct ULRFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let singleRegistrationIndication = ULRFlags(rawValue: 1 << 0)
    public static let s6aS6dIndicator = ULRFlags(rawValue: 1 << 1)
    public static let skipSubscriberData = ULRFlags(rawValue: 1 << 2)
    public static let gprsSubscriptionDataIndicator = ULRFlags(rawValue: 1 << 3)
    public static let nodeTypeIndicator = ULRFlags(rawValue: 1 << 4)
    public static let initialAttachIndicator = ULRFlags(rawValue: 1 << 5)
    public static let psLCSNotSupportedByUE = ULRFlags(rawValue: 1 << 6)
}

/// Cancellation-Type values (TS 29.272 7.3.24).
public enum CancellationType: Int32, Sendable {
    case mmeUpdateProcedure = 0
    case sgsnUpdateProcedure = 1
    case subscriptionWithdrawal = 2
    case updateProcedureIWF = 3
    case initialAttachProcedure = 4
}

extension S6aServer {
    /// ULR → ULA (TS 29.272 5.2.1.1): checks the subscription, the RAT and roaming, records the
    /// MME as serving (durably), cancels the location at the MME it replaces, and answers with
    /// the Subscription-Data.
    func updateLocation(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        let imsi = try imsi(of: request)
        let visited = try visitedPLMN(of: request)
        guard let ratAVP = request[.ratType] else { throw .missingAVP(.ratType) }
        guard let ratValue = ratAVP.value.unsigned32 else { throw .invalidAVPValue(ratAVP) }
        guard let flagsAVP = request[.ulrFlags] else { throw .missingAVP(.ulrFlags) }
        let flags = ULRFlags(rawValue: flagsAVP.value.unsigned32 ?? 0)
        let rat = RATType(diameterValue: ratValue)
        let host = request.originHost ?? peer.originHost
        let realm = request.originRealm ?? peer.originRealm

        let policy = self.policy
        let registered: (subscriber: Subscriber, previous: Registration)?
        do {
            registered = try await store.registerServingMME(imsi: imsi, host: host, realm: realm) { subscriber in
                subscriber.hasEPSSubscription && rat.map(subscriber.allowedRATs.contains) == true
                    && policy.allowsService(in: visited, for: subscriber)
            }
        } catch {
            throw storeFailure(error, request)
        }
        guard let (subscriber, previous) = registered else { return experimentalError(request, .userUnknown) }
        guard subscriber.hasEPSSubscription else { return experimentalError(request, .unknownEPSSubscription) }
        guard let rat, subscriber.allowedRATs.contains(rat) else { return experimentalError(request, .ratNotAllowed) }
        guard policy.allowsService(in: visited, for: subscriber) else { return experimentalError(request, .roamingNotAllowed) }

        if let previousHost = previous.mmeHost, previousHost.lowercased() != host.lowercased() {
            let type: CancellationType = flags.contains(.initialAttachIndicator) ? .initialAttachProcedure : .mmeUpdateProcedure
            cancelLocation(imsi: imsi, at: previous, type: type.rawValue)
        }

        var answer = DiameterMessage.answer(to: request, from: identity)
        // Separation Indication: the HSS keeps the MME and the SGSN registrations apart.
        answer.append(AVP(.ulaFlags, unsigned32: 1))
        if !flags.contains(.skipSubscriberData) {
            answer.append(SubscriptionData.avp(for: subscriber))
        }
        return answer
    }
}

/// Subscription-Data (TS 29.272 7.3.2) as ULA and IDR carry it.
public enum SubscriptionData {
    public static func avp(for subscriber: Subscriber) -> AVP {
        var children: [AVP] = []
        if let msisdn = subscriber.msisdn, let number = MSISDN(msisdn) {
            children.append(AVP(.msisdn, octets: number.encoded()))
        }
        let barred = RATType.allCases.filter { !subscriber.allowedRATs.contains($0) }.reduce(UInt32(0)) { $0 | $1.accessRestrictionBit }
        if barred != 0 { children.append(AVP(.accessRestrictionData, unsigned32: barred)) }
        children.append(AVP(.subscriberStatus, enumerated: 0))      // SERVICE_GRANTED
        children.append(AVP(.networkAccessMode, enumerated: 2))     // ONLY_PACKET
        children.append(ambr(subscriber.ambr))
        let apns = APNConfiguration.normalised(subscriber.apns)
        var profile = [AVP(.contextIdentifier, unsigned32: apns.first(where: \.isDefault)?.contextIdentifier ?? 1),
                       AVP(.allAPNConfigurationsIncludedIndicator, enumerated: 0)]  // All_APN_CONFIGURATIONS_INCLUDED
        for apn in apns { profile.append(configuration(apn)) }
        children.append(AVP(.apnConfigurationProfile, profile))
        return AVP(.subscriptionData, children)
    }

    static func ambr(_ rates: BitRates) -> AVP {
        AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: rates.uplink), AVP(.maxRequestedBandwidthDL, unsigned32: rates.downlink)])
    }

    static func configuration(_ apn: APNConfiguration) -> AVP {
        // Pre-emption-Capability and -Vulnerability: 0 is ENABLED, 1 DISABLED (TS 29.212 5.3.46, 5.3.47).
        AVP(.apnConfiguration, [
            AVP(.contextIdentifier, unsigned32: apn.contextIdentifier),
            AVP(.pdnType, enumerated: apn.pdnType.diameterValue),
            AVP(.serviceSelection, apn.name),
            AVP(.epsSubscribedQoSProfile, [
                AVP(.qosClassIdentifier, enumerated: Int32(apn.qci)),
                AVP(.allocationRetentionPriority, [
                    AVP(.priorityLevel, unsigned32: UInt32(apn.arp.priorityLevel)),
                    AVP(.preEmptionCapability, enumerated: apn.arp.preemptionCapability ? 0 : 1),
                    AVP(.preEmptionVulnerability, enumerated: apn.arp.preemptionVulnerability ? 0 : 1),
                ]),
            ]),
            ambr(apn.ambr),
        ])
    }
}
