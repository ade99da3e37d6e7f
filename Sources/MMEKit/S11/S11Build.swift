import GTPv2C
import Wire

/// The GTPv2-C messages the MME sends on S11 (TS 29.274), with the IEs Open5GS's MME sends.
enum S11Build {
    /// The MME's S11 F-TEID for a UE.
    static func mmeFTEID(_ ue: UEContext, settings: MMESettings) -> FTEID {
        var fteid = FTEID(interfaceType: .s11MMEGTPC, teid: ue.mmeS11TEID)
        switch settings.s11Address {
        case .v4(let v4): fteid.ipv4 = v4
        case .v6(let v6): fteid.ipv6 = v6
        }
        return fteid
    }

    static func userLocation(_ ue: UEContext) -> GTPUserLocation? {
        guard ue.tai != nil || ue.ecgi != nil else { return nil }
        return GTPUserLocation(tai: ue.tai, ecgi: ue.ecgi)
    }

    /// Create Session Request (TS 29.274 7.2.1) for one PDN connection and its default bearer.
    /// The header TEID is the SGW's S11 TEID for a UE that has sessions there already, else 0.
    static func createSessionRequest(_ ue: UEContext, _ pdn: PDNConnection, settings: MMESettings, pgw: IPAddress,
                                     sequence: UInt32, recovery: UInt8) -> GTPv2Message {
        var request = CreateSessionRequest(teid: ue.sgwS11TEID ?? 0, sequenceNumber: sequence)
        request.imsi = ue.imsi
        request.msisdn = ue.subscription?.msisdn
        // MEI is the IMEI(SV) (TS 29.274 8.10).
        request.mei = ue.imeisv
        request.userLocation = userLocation(ue)
        request.servingNetwork = ue.tai?.plmn ?? settings.plmns[0]
        request.ratType = GTPRATType.eutran
        request.senderFTEID = mmeFTEID(ue, settings: settings)
        var pgwFTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: 0)
        switch pgw {
        case .v4(let v4): pgwFTEID.ipv4 = v4
        case .v6(let v6): pgwFTEID.ipv6 = v6
        }
        request.pgwS5S8Address = pgwFTEID
        request.apn = APN(pdn.apn)
        request.selectionMode = .msOrNetworkProvidedSubscriptionVerified
        request.pdnType = pdn.pdnType
        request.paa = unallocatedAddress(pdn.pdnType)
        request.maximumAPNRestriction = 0
        request.apnAMBR = pdn.ambr
        request.pco = pdn.requestedPCO
        var bearer = BearerContext()
        bearer.ebi = pdn.defaultEBI
        bearer.bearerQoS = pdn.bearers[0].qos
        request.bearerContextsToBeCreated = [bearer]
        request.recovery = recovery
        return request.message
    }

    /// The PAA of a Create Session Request: the PDN type with all-zero addresses, asking the PGW
    /// to allocate them (TS 29.274 8.14 wants the address fields present).
    static func unallocatedAddress(_ type: GTPv2C.PDNType) -> PDNAddressAllocation {
        let none = IPv6Address(high: 0, low: 0)
        switch type {
        case .ipv4: return PDNAddressAllocation(ipv4: IPv4Address(0))
        case .ipv6: return PDNAddressAllocation(ipv6Prefix: none, prefixLength: 0)
        case .ipv4v6: return PDNAddressAllocation(ipv6Prefix: none, prefixLength: 0, ipv4: IPv4Address(0))
        default: return PDNAddressAllocation(type: type)
        }
    }

    /// Modify Bearer Request (TS 29.274 7.2.7) giving the SGW the eNB's S1-U F-TEID of each bearer.
    static func modifyBearerRequest(_ ue: UEContext, bearers: [EPSBearer], sequence: UInt32) -> GTPv2Message {
        var request = ModifyBearerRequest(teid: ue.sgwS11TEID ?? 0, sequenceNumber: sequence)
        request.userLocation = userLocation(ue)
        request.bearerContextsToBeModified = bearers.map { bearer in
            var context = BearerContext()
            context.ebi = bearer.ebi
            context.setFTEID(bearer.enbS1U, instance: 0)
            return context
        }
        return request.message
    }

    /// Delete Session Request (TS 29.274 7.2.9.1); the Operation Indication has the SGW pass it
    /// on to the PGW (set by an MME for detach, 8.12).
    static func deleteSessionRequest(_ ue: UEContext, _ pdn: PDNConnection, sequence: UInt32) -> GTPv2Message {
        var request = DeleteSessionRequest(teid: ue.sgwS11TEID ?? 0, sequenceNumber: sequence)
        request.linkedEBI = pdn.defaultEBI
        request.userLocation = userLocation(ue)
        // Four flag octets, as Open5GS sends them: Wireshark reads shorter ones as a pre-Rel-8 IE.
        var indication = Indication(octets: [0, 0, 0, 0])
        indication.set(octet: 5, bit: 4)
        request.indication = indication
        return request.message
    }

    /// Release Access Bearers Request (TS 29.274 7.2.21): the UE goes ECM-IDLE.
    static func releaseAccessBearersRequest(_ ue: UEContext, sequence: UInt32) -> GTPv2Message {
        var request = ReleaseAccessBearersRequest(teid: ue.sgwS11TEID ?? 0, sequenceNumber: sequence)
        request.originatingNode = .mme
        return request.message
    }

    static func downlinkDataNotificationAcknowledge(teid: UInt32, sequence: UInt32, cause: GTPv2CauseValue) -> GTPv2Message {
        var acknowledge = DownlinkDataNotificationAcknowledge(teid: teid, sequenceNumber: sequence)
        acknowledge.cause = GTPv2Cause(cause)
        return acknowledge.message
    }

    static func downlinkDataNotificationFailure(teid: UInt32, sequence: UInt32, cause: GTPv2CauseValue) -> GTPv2Message {
        var indication = DownlinkDataNotificationFailureIndication(teid: teid, sequenceNumber: sequence)
        indication.cause = GTPv2Cause(cause)
        indication.originatingNode = .mme
        return indication.message
    }

    /// One bearer's result in a Create/Delete Bearer Response.
    struct BearerResult {
        var ebi: UInt8
        var cause: GTPv2CauseValue
        /// Create Bearer Response: the eNB's S1-U F-TEID (instance 0) and the SGW's (instance 1).
        var enbS1U: FTEID? = nil
        var sgwS1U: FTEID? = nil
    }

    static func bearerContexts(_ results: [BearerResult]) -> [BearerContext] {
        results.map { result in
            var context = BearerContext()
            context.ebi = result.ebi
            context.cause = GTPv2Cause(result.cause)
            context.setFTEID(result.enbS1U, instance: 0)
            context.setFTEID(result.sgwS1U, instance: 1)
            return context
        }
    }

    /// Create Bearer Response (TS 29.274 7.2.4).
    static func createBearerResponse(teid: UInt32, sequence: UInt32, cause: GTPv2CauseValue,
                                     bearers: [BearerResult], userLocation: GTPUserLocation?) -> GTPv2Message {
        var response = CreateBearerResponse(teid: teid, sequenceNumber: sequence)
        response.cause = GTPv2Cause(cause)
        response.bearerContexts = bearerContexts(bearers)
        response.userLocation = userLocation
        return response.message
    }

    /// Delete Bearer Response (TS 29.274 7.2.10.2): per bearer, or with the linked EBI for a
    /// whole PDN connection.
    static func deleteBearerResponse(teid: UInt32, sequence: UInt32, cause: GTPv2CauseValue, linkedEBI: UInt8?,
                                     bearers: [BearerResult]) -> GTPv2Message {
        var response = DeleteBearerResponse(teid: teid, sequenceNumber: sequence)
        response.cause = GTPv2Cause(cause)
        response.linkedEBI = linkedEBI
        response.bearerContexts = bearerContexts(bearers)
        return response.message
    }

    static func echoResponse(sequence: UInt32, recovery: UInt8) -> GTPv2Message {
        var response = EchoResponse(teid: nil, sequenceNumber: sequence)
        response.recovery = recovery
        return response.message
    }

    /// The response type of a request the SGW sends the MME, for answering one that did not decode.
    static func responseType(to request: GTPv2MessageType) -> GTPv2MessageType? {
        switch request {
        case .echoRequest: .echoResponse
        case .createBearerRequest: .createBearerResponse
        case .updateBearerRequest: .updateBearerResponse
        case .deleteBearerRequest: .deleteBearerResponse
        case .downlinkDataNotification: .downlinkDataNotificationAcknowledge
        case .deletePDNConnectionSetRequest: .deletePDNConnectionSetResponse
        case .pgwRestartNotification: .pgwRestartNotificationAcknowledge
        default: nil
        }
    }

    /// A response carrying only a Cause (TS 29.274 7.7: what a refused request gets).
    static func rejection(_ type: GTPv2MessageType, teid: UInt32, sequence: UInt32, cause: GTPv2Cause) -> GTPv2Message {
        GTPv2Message(type, teid: type == .echoResponse ? nil : teid, sequenceNumber: sequence, ies: [GTPv2IE(.cause(cause))])
    }
}
