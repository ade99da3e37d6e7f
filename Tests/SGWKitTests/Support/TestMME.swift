import GTPv2C
import NetworkTestSupport
import NIOCore
import Wire

/// The MME side of S11, as MMEKit builds its messages (TS 29.274): what the SGW must answer.
struct TestMME {
    var recovery: UInt8 = 3
    var sequence: UInt32 = 0x10
    let imsi = IMSI("001010000000001")!

    mutating func nextSequence() -> UInt32 {
        sequence += 1
        return sequence
    }

    static func mmeFTEID(_ teid: UInt32) -> FTEID {
        FTEID(interfaceType: .s11MMEGTPC, teid: teid, ipv4: IPv4Address(10, 0, 1, 10))
    }

    static let defaultQoS = BearerQoS(qci: 9, arp: AllocationRetentionPriority(priorityLevel: 8, mayPreempt: false, preemptable: true))

    mutating func createSessionRequest(mmeTEID: UInt32, apn: String = "internet", ebi: UInt8 = 5, sgwTEID: UInt32 = 0,
                                       pgw: IPv4Address = IPv4Address(10, 0, 3, 1), pco: ProtocolConfigurationOptions? = nil,
                                       staticAddress: IPv4Address = IPv4Address(0)) -> GTPv2Message {
        var request = CreateSessionRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.imsi = imsi
        request.msisdn = MSISDN("33600000001")
        request.userLocation = UserLocationInformation(tai: TAI(plmn: PLMN(mcc: "001", mnc: "01")!, tac: 1),
                                                       ecgi: ECGI(plmn: PLMN(mcc: "001", mnc: "01")!, eci: 0x1_0001))
        request.servingNetwork = PLMN(mcc: "001", mnc: "01")
        request.ratType = .eutran
        request.senderFTEID = Self.mmeFTEID(mmeTEID)
        request.pgwS5S8Address = FTEID(interfaceType: .s5s8PGWGTPC, teid: 0, ipv4: pgw)
        request.apn = APN(apn)
        request.selectionMode = .msOrNetworkProvidedSubscriptionVerified
        request.pdnType = .ipv4
        request.paa = PDNAddressAllocation(ipv4: staticAddress)
        request.maximumAPNRestriction = 0
        request.apnAMBR = AMBR(uplink: 100_000, downlink: 200_000)
        request.pco = pco
        var bearer = BearerContext()
        bearer.ebi = ebi
        bearer.bearerQoS = Self.defaultQoS
        request.bearerContextsToBeCreated = [bearer]
        request.recovery = recovery
        return request.message
    }

    mutating func modifyBearerRequest(sgwTEID: UInt32, ebi: UInt8 = 5, enb: FTEID) -> GTPv2Message {
        var request = ModifyBearerRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        var bearer = BearerContext()
        bearer.ebi = ebi
        bearer.setFTEID(enb, instance: 0)
        request.bearerContextsToBeModified = [bearer]
        return request.message
    }

    mutating func deleteSessionRequest(sgwTEID: UInt32, ebi: UInt8 = 5) -> GTPv2Message {
        var request = DeleteSessionRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.linkedEBI = ebi
        var indication = Indication(octets: [0, 0, 0, 0])
        indication.set(octet: 5, bit: 4)
        request.indication = indication
        return request.message
    }

    mutating func releaseAccessBearersRequest(sgwTEID: UInt32) -> GTPv2Message {
        var request = ReleaseAccessBearersRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.originatingNode = .mme
        return request.message
    }

    static func enbFTEID(_ teid: UInt32, at address: IPv4Address = IPv4Address(10, 0, 0, 2)) -> FTEID {
        FTEID(interfaceType: .s1uENodeBGTPU, teid: teid, ipv4: address)
    }

    static func downlinkDataNotificationAcknowledge(to notification: GTPv2Message, sgwTEID: UInt32,
                                                    cause: GTPv2CauseValue) -> GTPv2Message {
        var acknowledge = DownlinkDataNotificationAcknowledge(teid: sgwTEID, sequenceNumber: notification.header.sequenceNumber)
        acknowledge.cause = GTPv2Cause(cause)
        return acknowledge.message
    }

    mutating func downlinkDataNotificationFailure(sgwTEID: UInt32) -> GTPv2Message {
        var indication = DownlinkDataNotificationFailureIndication(teid: sgwTEID, sequenceNumber: nextSequence())
        indication.cause = GTPv2Cause(.unableToPageUE)
        indication.originatingNode = .mme
        return indication.message
    }

    /// The MME's Create Bearer Response: the bearers accepted with EBIs and eNB F-TEIDs, echoing
    /// the SGW's S1-U F-TEID (instance 1) as MMEKit does.
    static func createBearerResponse(to request: GTPv2Message, sgwTEID: UInt32, ebis: [UInt8], accept: Bool = true) -> GTPv2Message {
        var response = CreateBearerResponse(teid: sgwTEID, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(accept ? .requestAccepted : .ueRefuses)
        response.bearerContexts = zip(CreateBearerRequest(unchecked: request).bearerContexts, ebis).map { requested, ebi in
            var context = BearerContext()
            context.ebi = ebi
            context.cause = GTPv2Cause(accept ? .requestAccepted : .ueRefuses)
            if accept { context.setFTEID(enbFTEID(0x9000 + UInt32(ebi)), instance: 0) }
            context.setFTEID(requested.fteid(0), instance: 1)
            return context
        }
        return response.message
    }

    static func deleteBearerResponse(to request: GTPv2Message, sgwTEID: UInt32) -> GTPv2Message {
        DeleteBearerResponse.accepting(request, teid: sgwTEID)
    }
}
