import GTPv2C
import MobileCrypto
import NAS
import S1AP
import Wire

/// The S1AP messages the MME sends (TS 36.413), built from its context.
enum S1APBuild {
    static func s1SetupResponse(_ settings: MMESettings) -> S1APMessage {
        var message = S1SetupResponse()
        message.mmeName = settings.name
        message.servedGUMMEIs = [ServedGUMMEIsItem(servedPLMNs: settings.plmns.map(PLMNIdentity.init),
                                                   servedGroupIDs: [settings.mmeGroupID], servedMMECs: [settings.mmeCode])]
        message.relativeMMECapacity = settings.relativeCapacity
        return message.message
    }

    static func s1SetupFailure(_ cause: Cause) -> S1APMessage {
        var message = S1SetupFailure()
        message.cause = cause
        // TS 36.413 8.7.3.3: the eNB waits at least this long before trying again.
        message.timeToWait = .v10s
        return message.message
    }

    static func errorIndication(_ cause: Cause, mmeUES1APID: MMEUES1APID? = nil, enbUES1APID: ENBUES1APID? = nil) -> S1APMessage {
        var message = ErrorIndication()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = cause
        return message.message
    }

    static func downlinkNASTransport(_ connection: S1Connection, _ pdu: [UInt8]) -> S1APMessage {
        var message = S1APDownlinkNASTransport()
        message.mmeUES1APID = connection.mmeUES1APID
        message.enbUES1APID = connection.enbUES1APID
        message.nasPDU = pdu
        return message.message
    }

    static func ueContextReleaseCommand(_ connection: S1Connection, cause: Cause) -> S1APMessage {
        var message = UEContextReleaseCommand()
        message.ueS1APIDs = .ueS1APIDPair(UES1APIDPair(mmeUES1APID: connection.mmeUES1APID, enbUES1APID: connection.enbUES1APID))
        message.cause = cause
        return message.message
    }

    /// Initial Context Setup Request (TS 36.413 9.1.4.1): the UE's E-RABs towards the SGW, KeNB
    /// and the UE's security capabilities for AS security; the NAS-PDUs ride in the E-RAB items.
    static func initialContextSetupRequest(_ connection: S1Connection, ue: UEContext, kenb: Key256,
                                           erabs: [ERABToBeSetupItemCtxtSUReq]) -> S1APMessage {
        var message = InitialContextSetupRequest()
        message.mmeUES1APID = connection.mmeUES1APID
        message.enbUES1APID = connection.enbUES1APID
        message.ueAggregateMaximumBitrate = aggregateMaximumBitrate(ue.subscription)
        message.erabsToBeSetup = erabs
        message.ueSecurityCapabilities = securityCapabilities(ue.ueNetworkCapability)
        message.securityKey = kenb.bytes
        message.ueRadioCapability = ue.radioCapability
        return message.message
    }

    static func erabSetupRequest(_ connection: S1Connection, items: [ERABToBeSetupItemBearerSUReq]) -> S1APMessage {
        var message = ERABSetupRequest()
        message.mmeUES1APID = connection.mmeUES1APID
        message.enbUES1APID = connection.enbUES1APID
        message.erabsToBeSetup = items
        return message.message
    }

    static func erabReleaseCommand(_ connection: S1Connection, ebis: [UInt8], nasPDU: [UInt8]?) -> S1APMessage {
        var message = ERABReleaseCommand()
        message.mmeUES1APID = connection.mmeUES1APID
        message.enbUES1APID = connection.enbUES1APID
        message.erabsToBeReleased = ebis.map { ERABItem(erabID: ERABID($0), cause: .nas(.normalRelease)) }
        message.nasPDU = nasPDU
        return message.message
    }

    /// Paging (TS 36.413 9.1.6) by S-TMSI, with the UE identity index value IMSI mod 1024
    /// (TS 36.304 7.1) from which the eNB works out the paging occasion.
    static func paging(imsi: IMSI, guti: GUTI, tais: [TAI]) -> S1APMessage {
        var message = Paging()
        let low = imsi.digits.suffix(10)
        message.ueIdentityIndexValue = UInt32((UInt64(low) ?? 0) % 1024)
        message.uePagingID = .sTMSI(STMSI(mmeC: guti.mmeCode, mTMSI: guti.mTMSI))
        message.cnDomain = .ps
        message.taiList = tais.map { TAIItem(tai: S1APTAI($0)) }
        return message.message
    }

    /// An E-RAB item of Initial Context Setup for one bearer with an SGW S1-U F-TEID.
    static func contextSetupItem(_ bearer: EPSBearer, nasPDU: [UInt8]?) -> ERABToBeSetupItemCtxtSUReq? {
        guard let sgw = bearer.sgwS1U, let address = transportLayerAddress(sgw) else { return nil }
        return ERABToBeSetupItemCtxtSUReq(erabID: ERABID(bearer.ebi), erabLevelQoSParameters: qos(bearer.qos),
                                          transportLayerAddress: address, gtpTEID: sgw.teid, nasPDU: nasPDU)
    }

    static func bearerSetupItem(_ bearer: EPSBearer, nasPDU: [UInt8]) -> ERABToBeSetupItemBearerSUReq? {
        guard let sgw = bearer.sgwS1U, let address = transportLayerAddress(sgw) else { return nil }
        return ERABToBeSetupItemBearerSUReq(erabID: ERABID(bearer.ebi), erabLevelQoSParameters: qos(bearer.qos),
                                            transportLayerAddress: address, gtpTEID: sgw.teid, nasPDU: nasPDU)
    }

    // MARK: values

    /// E-RAB Level QoS Parameters from GTPv2 Bearer QoS (TS 36.413 9.2.1.15): bit rates in bit/s,
    /// where GTPv2 counts kbit/s; the GBR part only for GBR QCIs 1-4 (TS 23.203 6.1.7).
    static func qos(_ qos: BearerQoS) -> ERABLevelQoSParameters {
        let arp = AllocationAndRetentionPriority(
            priorityLevel: qos.arp.priorityLevel,
            preEmptionCapability: qos.arp.mayPreempt ? .mayTriggerPreEmption : .shallNotTriggerPreEmption,
            preEmptionVulnerability: qos.arp.preemptable ? .preEmptable : .notPreEmptable)
        var parameters = ERABLevelQoSParameters(qci: qos.qci, allocationRetentionPriority: arp)
        if (1...4).contains(qos.qci) {
            // kbit/s from the SGW (40 bits) to bit/s within S1AP's BitRate range (TS 36.413 9.2.1.20).
            func bitRate(_ kilobits: UInt64) -> BitRate { min(kilobits, maximumBitRate / 1000) * 1000 }
            parameters.gbrQosInformation = GBRQosInformation(
                erabMaximumBitrateDL: bitRate(qos.maximumBitRateDownlink), erabMaximumBitrateUL: bitRate(qos.maximumBitRateUplink),
                erabGuaranteedBitrateDL: bitRate(qos.guaranteedBitRateDownlink),
                erabGuaranteedBitrateUL: bitRate(qos.guaranteedBitRateUplink))
        }
        return parameters
    }

    /// UE-AMBR from the subscription, in bit/s; 0 would stop all traffic, so a subscription
    /// without one gets the largest value S1AP allows.
    /// The largest BitRate S1AP can carry (TS 36.413 9.2.1.20: 0..10,000,000,000).
    static let maximumBitRate: BitRate = 10_000_000_000

    static func aggregateMaximumBitrate(_ subscription: Subscription?) -> UEAggregateMaximumBitrate {
        let maximum = maximumBitRate
        let downlink = subscription.map { $0.ambrDownlink > 0 ? min($0.ambrDownlink, maximum) : maximum } ?? maximum
        let uplink = subscription.map { $0.ambrUplink > 0 ? min($0.ambrUplink, maximum) : maximum } ?? maximum
        return UEAggregateMaximumBitrate(ueAggregateMaximumBitRateDL: downlink, ueAggregateMaximumBitRateUL: uplink)
    }

    /// UE Security Capabilities (TS 36.413 9.2.1.40) from the UE network capability: S1AP's first
    /// bit is 128-EEA1 (EEA0 is implied), NAS's first bit is EEA0, so the NAS octet moves up one bit.
    static func securityCapabilities(_ capability: UENetworkCapability?) -> UESecurityCapabilities {
        let eea = UInt64((capability?.eea.rawValue ?? 0) << 1) & 0xFE
        let eia = UInt64((capability?.eia.rawValue ?? 0) << 1) & 0xFE
        return UESecurityCapabilities(encryptionAlgorithms: EncryptionAlgorithms(value: eea << 8, count: 16),
                                      integrityProtectionAlgorithms: IntegrityProtectionAlgorithms(value: eia << 8, count: 16))
    }

    static func transportLayerAddress(_ fteid: FTEID) -> TransportLayerAddress? {
        switch (fteid.ipv4, fteid.ipv6) {
        case (let v4?, let v6?): TransportLayerAddress(transportLayerAddress: v4, v6)
        case (let v4?, nil): TransportLayerAddress(transportLayerAddress: .v4(v4))
        case (nil, let v6?): TransportLayerAddress(transportLayerAddress: .v6(v6))
        case (nil, nil): nil
        }
    }

    /// The eNB's S1-U F-TEID from an E-RAB item's transport address and TEID.
    static func enbFTEID(address: TransportLayerAddress, teid: GTPTEID) -> FTEID? {
        let addresses = address.transportLayerAddresses
        guard !addresses.isEmpty else { return nil }
        var fteid = FTEID(interfaceType: .s1uENodeBGTPU, teid: teid)
        for address in addresses {
            switch address {
            case .v4(let v4): fteid.ipv4 = v4
            case .v6(let v6): fteid.ipv6 = v6
            }
        }
        return fteid
    }
}
