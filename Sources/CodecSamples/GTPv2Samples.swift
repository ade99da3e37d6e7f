import NIOCore
import Wire
import GTPv2C

/// One fully populated message of every GTPv2-C type VCore models, with realistic values: the
/// round-trip tests, the tshark check and the benchmarks all start from these.
public enum GTPv2Samples {
    public static let plmn = PLMN(mcc: "001", mnc: "01")!
    public static let imsi = IMSI("001010000000001")!
    public static let msisdn = MSISDN("491711234567")!
    public static let mei = IMEI("3569360012345678")!
    public static let mmeAddress = IPv4Address(10, 0, 0, 1)
    public static let sgwAddress = IPv4Address(10, 0, 0, 2)
    public static let pgwAddress = IPv4Address(10, 0, 0, 3)
    public static let enbAddress = IPv4Address(10, 1, 0, 10)
    public static let ueAddress = IPv4Address(10, 45, 0, 2)

    static let arp = AllocationRetentionPriority(priorityLevel: 9, mayPreempt: false, preemptable: true)
    static let defaultQoS = BearerQoS(qci: 9, arp: arp)
    static let voiceQoS = BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: true, preemptable: false),
                                    maximumBitRateUplink: 128, maximumBitRateDownlink: 128,
                                    guaranteedBitRateUplink: 128, guaranteedBitRateDownlink: 128)
    static let uli = UserLocationInformation(tai: TAI(plmn: plmn, tac: 1), ecgi: ECGI(plmn: plmn, eci: 0x0019_B01))

    static let requestPCO = ProtocolConfigurationOptions(containers: [
        .init(id: .dnsServerIPv4Address), .init(id: .pcscfIPv4Address), .init(id: .ipAddressAllocationViaNAS),
    ])
    static let responsePCO = ProtocolConfigurationOptions(containers: [
        .init(id: .dnsServerIPv4Address, address: .v4(IPv4Address(8, 8, 8, 8))),
        .init(id: .pcscfIPv4Address, address: .v4(IPv4Address(10, 46, 0, 1))),
    ])

    /// A TFT matching RTP to and from the UE on ports 50000-50019 over UDP.
    public static let voiceTFT = TrafficFlowTemplate(operation: .createNew, packetFilters: [
        PacketFilter(direction: .downlink, id: 1, precedence: 10, components: [
            .ipv4RemoteAddress(IPv4Address(10, 46, 0, 9), mask: IPv4Address(255, 255, 255, 255)),
            .protocolIdentifier(17), .localPortRange(50000, 50019),
        ]),
        PacketFilter(direction: .uplink, id: 2, precedence: 11, components: [
            .ipv4RemoteAddress(IPv4Address(10, 46, 0, 9), mask: IPv4Address(255, 255, 255, 255)),
            .protocolIdentifier(17), .remotePortRange(40000, 40019),
        ]),
    ])

    public static var createSessionRequest: CreateSessionRequest {
        var m = CreateSessionRequest(teid: 0, sequenceNumber: 0x1234)
        m.imsi = imsi
        m.msisdn = msisdn
        m.mei = mei
        m.userLocation = uli
        m.servingNetwork = plmn
        m.ratType = .eutran
        m.indication = Indication(octets: [0x80, 0x00, 0x00])
        m.senderFTEID = FTEID(interfaceType: .s11MMEGTPC, teid: 0x0000_0001, ipv4: mmeAddress)
        m.pgwS5S8Address = FTEID(interfaceType: .s5s8PGWGTPC, teid: 0, ipv4: pgwAddress)
        m.apn = "internet"
        m.selectionMode = .msOrNetworkProvidedSubscriptionVerified
        m.pdnType = .ipv4
        m.paa = PDNAddressAllocation(ipv4: IPv4Address(0))
        m.maximumAPNRestriction = 0
        m.apnAMBR = AMBR(uplink: 1_000_000, downlink: 2_000_000)
        m.pco = requestPCO
        m.bearerContextsToBeCreated = [BearerContext(ies: [GTPv2IE(.ebi(5)), GTPv2IE(.bearerQoS(defaultQoS))])]
        m.recovery = 3
        m.mmeFQCSID = FQCSID(nodeID: .ipv4(mmeAddress), csids: [1])
        m.ueTimeZone = UETimeZone(timeZone: 0x40, daylightSavingTime: 0)
        m.chargingCharacteristics = 0x0800
        return m
    }

    public static var createSessionResponse: CreateSessionResponse {
        var m = CreateSessionResponse(teid: 0x0000_0001, sequenceNumber: 0x1234)
        m.cause = GTPv2Cause(.requestAccepted)
        m.senderFTEID = FTEID(interfaceType: .s11s4SGWGTPC, teid: 0x0000_1001, ipv4: sgwAddress)
        m.pgwS5S8FTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: 0x0000_2001, ipv4: pgwAddress)
        m.paa = PDNAddressAllocation(ipv4: ueAddress)
        m.apnRestriction = 0
        m.apnAMBR = AMBR(uplink: 1_000_000, downlink: 2_000_000)
        m.pco = responsePCO
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(5)), GTPv2IE(.cause(GTPv2Cause(.requestAccepted)))])
        bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: 0x0000_3001, ipv4: sgwAddress), instance: 0)
        bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: 0x0000_4001, ipv4: pgwAddress), instance: 2)
        bearer.bearerQoS = defaultQoS
        bearer.chargingID = 7
        m.bearerContextsCreated = [bearer]
        m.recovery = 1
        return m
    }

    public static var modifyBearerRequest: ModifyBearerRequest {
        var m = ModifyBearerRequest(teid: 0x0000_1001, sequenceNumber: 0x1235)
        m.userLocation = uli
        m.ratType = .eutran
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(5))])
        bearer.setFTEID(FTEID(interfaceType: .s1uENodeBGTPU, teid: 0x0100_0001, ipv4: enbAddress), instance: 0)
        m.bearerContextsToBeModified = [bearer]
        m.ueTimeZone = UETimeZone(timeZone: 0x40, daylightSavingTime: 1)
        return m
    }

    public static var modifyBearerResponse: ModifyBearerResponse {
        var m = ModifyBearerResponse(teid: 0x0000_0001, sequenceNumber: 0x1235)
        m.cause = GTPv2Cause(.requestAccepted)
        m.msisdn = msisdn
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(5)), GTPv2IE(.cause(GTPv2Cause(.requestAccepted)))])
        bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: 0x0000_3001, ipv4: sgwAddress), instance: 0)
        m.bearerContextsModified = [bearer]
        return m
    }

    public static var deleteSessionRequest: DeleteSessionRequest {
        var m = DeleteSessionRequest(teid: 0x0000_1001, sequenceNumber: 0x1236)
        m.linkedEBI = 5
        m.userLocation = uli
        var indication = Indication(octets: [0, 0])
        indication.set(octet: 5, bit: 4)
        m.indication = indication
        return m
    }

    public static var deleteSessionResponse: DeleteSessionResponse {
        var m = DeleteSessionResponse(teid: 0x0000_0001, sequenceNumber: 0x1236)
        m.cause = GTPv2Cause(.requestAccepted)
        return m
    }

    public static var createBearerRequest: CreateBearerRequest {
        var m = CreateBearerRequest(teid: 0x0000_0001, sequenceNumber: 0x80_0001)
        m.linkedEBI = 5
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(0))])
        bearer.tft = voiceTFT
        bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: 0x0000_3002, ipv4: sgwAddress), instance: 0)
        bearer.bearerQoS = voiceQoS
        bearer.chargingID = 8
        m.bearerContexts = [bearer]
        return m
    }

    public static var createBearerResponse: CreateBearerResponse {
        var m = CreateBearerResponse(teid: 0x0000_1001, sequenceNumber: 0x80_0001)
        m.cause = GTPv2Cause(.requestAccepted)
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(6)), GTPv2IE(.cause(GTPv2Cause(.requestAccepted)))])
        bearer.setFTEID(FTEID(interfaceType: .s1uENodeBGTPU, teid: 0x0100_0002, ipv4: enbAddress), instance: 0)
        bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: 0x0000_3002, ipv4: sgwAddress), instance: 1)
        m.bearerContexts = [bearer]
        m.userLocation = uli
        return m
    }

    public static var updateBearerRequest: UpdateBearerRequest {
        var m = UpdateBearerRequest(teid: 0x0000_0001, sequenceNumber: 0x80_0002)
        var bearer = BearerContext(ies: [GTPv2IE(.ebi(6))])
        bearer.bearerQoS = voiceQoS
        bearer.tft = TrafficFlowTemplate(operation: .deletePacketFilters, deletedFilterIDs: [2])
        m.bearerContexts = [bearer]
        m.apnAMBR = AMBR(uplink: 500_000, downlink: 1_000_000)
        return m
    }

    public static var updateBearerResponse: UpdateBearerResponse {
        var m = UpdateBearerResponse(teid: 0x0000_1001, sequenceNumber: 0x80_0002)
        m.cause = GTPv2Cause(.requestAccepted)
        m.bearerContexts = [BearerContext(ies: [GTPv2IE(.ebi(6)), GTPv2IE(.cause(GTPv2Cause(.requestAccepted)))])]
        return m
    }

    public static var deleteBearerRequest: DeleteBearerRequest {
        var m = DeleteBearerRequest(teid: 0x0000_0001, sequenceNumber: 0x80_0003)
        m.epsBearerIDs = [6]
        m.cause = GTPv2Cause(.reactivationRequested)
        return m
    }

    public static var deleteBearerResponse: DeleteBearerResponse {
        var m = DeleteBearerResponse(teid: 0x0000_1001, sequenceNumber: 0x80_0003)
        m.cause = GTPv2Cause(.requestAccepted)
        m.bearerContexts = [BearerContext(ies: [GTPv2IE(.ebi(6)), GTPv2IE(.cause(GTPv2Cause(.requestAccepted)))])]
        return m
    }

    public static var releaseAccessBearersRequest: ReleaseAccessBearersRequest {
        var m = ReleaseAccessBearersRequest(teid: 0x0000_1001, sequenceNumber: 0x1237)
        m.originatingNode = .mme
        return m
    }

    public static var releaseAccessBearersResponse: ReleaseAccessBearersResponse {
        var m = ReleaseAccessBearersResponse(teid: 0x0000_0001, sequenceNumber: 0x1237)
        m.cause = GTPv2Cause(.requestAccepted)
        m.recovery = 1
        return m
    }

    public static var downlinkDataNotification: DownlinkDataNotification {
        var m = DownlinkDataNotification(teid: 0x0000_0001, sequenceNumber: 0x80_0004)
        m.ebi = 5
        m.arp = arp
        m.imsi = imsi
        return m
    }

    public static var downlinkDataNotificationAcknowledge: DownlinkDataNotificationAcknowledge {
        var m = DownlinkDataNotificationAcknowledge(teid: 0x0000_1001, sequenceNumber: 0x80_0004)
        m.cause = GTPv2Cause(.requestAccepted)
        m.dataNotificationDelay = 2
        return m
    }

    public static var downlinkDataNotificationFailureIndication: DownlinkDataNotificationFailureIndication {
        var m = DownlinkDataNotificationFailureIndication(teid: 0x0000_1001, sequenceNumber: 0x1238)
        m.cause = GTPv2Cause(.unableToPageUE)
        m.originatingNode = .mme
        m.imsi = imsi
        return m
    }

    public static var modifyBearerCommand: ModifyBearerCommand {
        var m = ModifyBearerCommand(teid: 0x0000_1001, sequenceNumber: 0x1239)
        m.apnAMBR = AMBR(uplink: 2_000_000, downlink: 4_000_000)
        m.bearerContext = BearerContext(ies: [GTPv2IE(.ebi(5)), GTPv2IE(.bearerQoS(defaultQoS))])
        return m
    }

    public static var modifyBearerFailureIndication: ModifyBearerFailureIndication {
        var m = ModifyBearerFailureIndication(teid: 0x0000_0001, sequenceNumber: 0x1239)
        m.cause = GTPv2Cause(.contextNotFound)
        return m
    }

    public static var deleteBearerCommand: DeleteBearerCommand {
        var m = DeleteBearerCommand(teid: 0x0000_1001, sequenceNumber: 0x123A)
        m.bearerContexts = [BearerContext(ies: [GTPv2IE(.ebi(6))])]
        m.userLocation = uli
        return m
    }

    public static var deleteBearerFailureIndication: DeleteBearerFailureIndication {
        var m = DeleteBearerFailureIndication(teid: 0x0000_0001, sequenceNumber: 0x123A)
        m.cause = GTPv2Cause(.contextNotFound)
        m.bearerContexts = [BearerContext(ies: [GTPv2IE(.ebi(6)), GTPv2IE(.cause(GTPv2Cause(.contextNotFound)))])]
        return m
    }

    public static var echoRequest: EchoRequest {
        var m = EchoRequest(teid: nil, sequenceNumber: 0x42)
        m.recovery = 7
        return m
    }

    public static var echoResponse: EchoResponse {
        var m = EchoResponse(teid: nil, sequenceNumber: 0x42)
        m.recovery = 9
        return m
    }

    public static var versionNotSupported: VersionNotSupportedIndication {
        VersionNotSupportedIndication(teid: nil, sequenceNumber: 0x43)
    }

    /// Every sample, as plain messages.
    public static var all: [GTPv2Message] {
        [
            echoRequest.message, echoResponse.message, versionNotSupported.message,
            createSessionRequest.message, createSessionResponse.message,
            modifyBearerRequest.message, modifyBearerResponse.message,
            deleteSessionRequest.message, deleteSessionResponse.message,
            createBearerRequest.message, createBearerResponse.message,
            updateBearerRequest.message, updateBearerResponse.message,
            deleteBearerRequest.message, deleteBearerResponse.message,
            releaseAccessBearersRequest.message, releaseAccessBearersResponse.message,
            downlinkDataNotification.message, downlinkDataNotificationAcknowledge.message,
            downlinkDataNotificationFailureIndication.message,
            modifyBearerCommand.message, modifyBearerFailureIndication.message,
            deleteBearerCommand.message, deleteBearerFailureIndication.message,
        ]
    }
}
