import NIOCore
import Wire

/// One built message of every type the codec models, with the values a VoLTE attach would carry:
/// for round-trip tests, the tshark and pycrate checks, fuzz seeds and benchmarks.
public enum NASSamples {
    public static let plmn = PLMN(mcc: "001", mnc: "01")!
    public static let imsi = IMSI("001010123456789")!
    public static let imeisv = IMEI("3534900698733190")!
    public static let guti = GUTI(plmn: plmn, mmeGroupID: 0x0102, mmeCode: 0x03, mTMSI: 0xC0DE_0001)
    public static let apn = AccessPointName("internet")!
    public static let imsAPN = AccessPointName("ims")!
    public static let ueAddress = IPv4Address(10, 45, 0, 2)
    public static let defaultBearer: UInt8 = 5
    public static let dedicatedBearer: UInt8 = 6

    public static let ueNetworkCapability = UENetworkCapability(
        eea: AlgorithmSupport([0, 1, 2, 3]), eia: AlgorithmSupport([0, 1, 2, 3]), uea: AlgorithmSupport([0, 1]),
        uia: AlgorithmSupport([1]), features: [0x00, 0x80])

    /// What a UE asks for in its PCO: IPCP for DNS, DNS and P-CSCF over IPv4, address via NAS.
    public static let requestedPCO = ProtocolConfigurationOptions(containers: [
        .init(id: .ipcp, contents: ByteBuffer(bytes: [0x01, 0x00, 0x00, 0x10, 0x81, 0x06, 0, 0, 0, 0, 0x83, 0x06, 0, 0, 0, 0])),
        .init(id: .dnsServerIPv4Address),
        .init(id: .pcscfIPv4Address),
        .init(id: .ipAddressAllocationViaNAS),
    ])

    /// What the network answers: IPCP Nak with DNS servers, then DNS and P-CSCF addresses.
    public static let grantedPCO = ProtocolConfigurationOptions(containers: [
        .init(id: .ipcp, contents: ByteBuffer(bytes: [0x03, 0x00, 0x00, 0x10, 0x81, 0x06, 8, 8, 8, 8, 0x83, 0x06, 8, 8, 4, 4])),
        .init(id: .dnsServerIPv4Address, address: .v4(IPv4Address(8, 8, 8, 8))),
        .init(id: .pcscfIPv4Address, address: .v4(IPv4Address(10, 45, 0, 1))),
    ])

    static func esm(_ bearer: UInt8, _ pti: UInt8) -> ESMHeader {
        ESMHeader(bearerIdentity: bearer, procedureTransactionIdentity: pti)
    }

    /// A VoLTE media filter pair: RTP between the UE and the P-CSCF's media address.
    public static let voiceTFT: TrafficFlowTemplate = {
        let peer = IPv4Address(10, 4, 128, 21)
        let all = IPv4Address(255, 255, 255, 255)
        return TrafficFlowTemplate(operation: .createNew, packetFilters: [
            PacketFilter(direction: .downlink, id: 1, precedence: 1, components: [
                .ipv4RemoteAddress(peer, mask: all), .protocolIdentifier(17), .singleLocalPort(50056), .singleRemotePort(31226),
            ]),
            PacketFilter(direction: .uplink, id: 2, precedence: 2, components: [
                .ipv4RemoteAddress(peer, mask: all), .protocolIdentifier(17), .singleLocalPort(50056), .singleRemotePort(31226),
            ]),
        ])
    }()

    // MARK: ESM

    public static let pdnConnectivityRequest: PDNConnectivityRequest = {
        var message = PDNConnectivityRequest(header: esm(0, 1), pdnType: .ipv4v6, requestType: .initialRequest)
        message.accessPointName = apn
        message.protocolConfigurationOptions = requestedPCO
        return message
    }()

    public static let pdnConnectivityReject: PDNConnectivityReject = {
        var message = PDNConnectivityReject(header: esm(0, 1), esmCause: .missingOrUnknownAPN)
        message.backOffTimer = GPRSTimer3(1, unit: .hours)
        return message
    }()

    public static let activateDefaultEPSBearerContextRequest: ActivateDefaultEPSBearerContextRequest = {
        var message = ActivateDefaultEPSBearerContextRequest(header: esm(defaultBearer, 1), epsQoS: EPSQualityOfService(qci: 9),
                                                             accessPointName: apn, pdnAddress: PDNAddress(ipv4: ueAddress))
        message.apnAMBR = APNAggregateMaximumBitRate(downlink: 1_000_000, uplink: 500_000)
        message.esmCause = .pdnTypeIPv4OnlyAllowed
        message.protocolConfigurationOptions = grantedPCO
        return message
    }()

    public static let activateDefaultEPSBearerContextAccept = ActivateDefaultEPSBearerContextAccept(header: esm(defaultBearer, 1))
    public static let activateDefaultEPSBearerContextReject = ActivateDefaultEPSBearerContextReject(
        header: esm(defaultBearer, 1), esmCause: .requestRejectedUnspecified)

    public static let activateDedicatedEPSBearerContextRequest = ActivateDedicatedEPSBearerContextRequest(
        header: esm(dedicatedBearer, 0), linkedBearerIdentity: defaultBearer,
        epsQoS: EPSQualityOfService(qci: 1, bitRates: .init(maximumUplink: 128, maximumDownlink: 128, guaranteedUplink: 128,
                                                           guaranteedDownlink: 128)),
        tft: NASTrafficFlowTemplate(voiceTFT))
    public static let activateDedicatedEPSBearerContextAccept = ActivateDedicatedEPSBearerContextAccept(header: esm(dedicatedBearer, 0))
    public static let activateDedicatedEPSBearerContextReject = ActivateDedicatedEPSBearerContextReject(
        header: esm(dedicatedBearer, 0), esmCause: .semanticErrorInTheTFTOperation)

    public static let modifyEPSBearerContextRequest: ModifyEPSBearerContextRequest = {
        var message = ModifyEPSBearerContextRequest(header: esm(dedicatedBearer, 0))
        message.newEPSQoS = EPSQualityOfService(qci: 1, bitRates: .init(maximumUplink: 256, maximumDownlink: 256,
                                                                         guaranteedUplink: 256, guaranteedDownlink: 256))
        message.apnAMBR = APNAggregateMaximumBitRate(downlink: 50_000, uplink: 20_000)
        return message
    }()
    public static let modifyEPSBearerContextAccept = ModifyEPSBearerContextAccept(header: esm(dedicatedBearer, 0))
    public static let modifyEPSBearerContextReject = ModifyEPSBearerContextReject(
        header: esm(dedicatedBearer, 0), esmCause: .epsQoSNotAccepted)

    public static let deactivateEPSBearerContextRequest = DeactivateEPSBearerContextRequest(
        header: esm(dedicatedBearer, 0), esmCause: .regularDeactivation)
    public static let deactivateEPSBearerContextAccept = DeactivateEPSBearerContextAccept(header: esm(dedicatedBearer, 0))

    public static let pdnDisconnectRequest = PDNDisconnectRequest(header: esm(0, 3), linkedBearerIdentity: defaultBearer)
    public static let pdnDisconnectReject = PDNDisconnectReject(header: esm(0, 3), esmCause: .lastPDNDisconnectionNotAllowed)

    public static let bearerResourceAllocationRequest = BearerResourceAllocationRequest(
        header: esm(0, 4), linkedBearerIdentity: defaultBearer,
        trafficFlowAggregate: NASTrafficFlowTemplate(TrafficFlowTemplate(operation: .createNew, packetFilters: [
            PacketFilter(direction: .bidirectional, id: 0, precedence: 10, components: [.protocolIdentifier(17), .singleRemotePort(5060)]),
        ])),
        requiredTrafficFlowQoS: EPSQualityOfService(qci: 2, bitRates: .init(maximumUplink: 384, maximumDownlink: 384,
                                                                            guaranteedUplink: 384, guaranteedDownlink: 384)))
    public static let bearerResourceAllocationReject = BearerResourceAllocationReject(
        header: esm(0, 4), esmCause: .insufficientResources)

    public static let bearerResourceModificationRequest = BearerResourceModificationRequest(
        header: esm(0, 5), bearerIdentityForPacketFilter: dedicatedBearer,
        trafficFlowAggregate: NASTrafficFlowTemplate(TrafficFlowTemplate(operation: .deletePacketFilters, deletedFilterIDs: [2])))
    public static let bearerResourceModificationReject = BearerResourceModificationReject(
        header: esm(0, 5), esmCause: .requestRejectedUnspecified)

    public static let esmInformationRequest = ESMInformationRequest(header: esm(0, 1))
    public static let esmInformationResponse: ESMInformationResponse = {
        var message = ESMInformationResponse(header: esm(0, 1))
        message.accessPointName = imsAPN
        message.protocolConfigurationOptions = requestedPCO
        return message
    }()
    public static let esmStatus = ESMStatus(header: esm(defaultBearer, 0), esmCause: .invalidPTIValue)

    // MARK: EMM

    public static let attachRequest: AttachRequest = {
        var message = AttachRequest(nasKeySetIdentifier: .noKeyAvailable, attachType: .combinedEPSIMSIAttach,
                                    epsMobileIdentity: .imsi(imsi), ueNetworkCapability: ueNetworkCapability,
                                    esmMessageContainer: ESMMessageContainer(.pdnConnectivityRequest(pdnConnectivityRequest)))
        message.lastVisitedRegisteredTAI = TAI(plmn: plmn, tac: 1)
        message.drxParameter = DRXParameter(rawValue: 0x0000)
        message.msNetworkCapability = MSNetworkCapability(bytes: ByteBuffer(bytes: [0xE5, 0xE0, 0x34]))
        message.additionalUpdateType = .smsOnly
        message.voiceDomainPreference = VoiceDomainPreference(preference: VoiceDomainPreference.imsPSVoicePreferred)
        return message
    }()

    public static let attachAccept: AttachAccept = {
        var message = AttachAccept(attachResult: .epsOnly, t3412: .minutes(54),
                                   taiList: TrackingAreaIdentityList(plmn: plmn, tacs: [1]),
                                   esmMessageContainer: ESMMessageContainer(
                                       .activateDefaultEPSBearerContextRequest(activateDefaultEPSBearerContextRequest)))
        message.guti = .guti(guti)
        message.t3402 = .minutes(12)
        message.equivalentPLMNs = PLMNList([PLMN(mcc: "001", mnc: "001")!])
        message.epsNetworkFeatureSupport = EPSNetworkFeatureSupport(firstOctet: 0x01)
        return message
    }()

    public static let attachComplete = AttachComplete(
        esmMessageContainer: ESMMessageContainer(.activateDefaultEPSBearerContextAccept(activateDefaultEPSBearerContextAccept)))

    public static let attachReject: AttachReject = {
        var message = AttachReject(emmCause: .esmFailure)
        message.esmMessageContainer = ESMMessageContainer(.pdnConnectivityReject(pdnConnectivityReject))
        return message
    }()

    public static let ueOriginatingDetachRequest = UEOriginatingDetachRequest(
        nasKeySetIdentifier: NASKeySetIdentifier(value: 1), detachType: DetachType(DetachType.epsDetach, switchOff: true),
        epsMobileIdentity: .guti(guti))
    public static let ueTerminatedDetachRequest: UETerminatedDetachRequest = {
        var message = UETerminatedDetachRequest(detachType: DetachType(DetachType.reattachRequired))
        message.emmCause = .implicitlyDetached
        return message
    }()
    public static let detachAccept = DetachAccept()

    public static let trackingAreaUpdateRequest: TrackingAreaUpdateRequest = {
        var message = TrackingAreaUpdateRequest(nasKeySetIdentifier: NASKeySetIdentifier(value: 1),
                                                updateType: EPSUpdateType(EPSUpdateType.taUpdating), oldGUTI: .guti(guti))
        message.lastVisitedRegisteredTAI = TAI(plmn: plmn, tac: 1)
        message.epsBearerContextStatus = EPSBearerContextStatus(activeBearers: [defaultBearer])
        return message
    }()
    public static let trackingAreaUpdateAccept: TrackingAreaUpdateAccept = {
        var message = TrackingAreaUpdateAccept(updateResult: .taUpdated)
        message.t3412 = .minutes(54)
        message.guti = .guti(guti)
        message.taiList = TrackingAreaIdentityList([.consecutiveTACs(plmn, first: 1, count: 4)])
        message.epsBearerContextStatus = EPSBearerContextStatus(activeBearers: [defaultBearer])
        return message
    }()
    public static let trackingAreaUpdateComplete = TrackingAreaUpdateComplete()
    public static let trackingAreaUpdateReject = TrackingAreaUpdateReject(emmCause: .ueIdentityCannotBeDerived)

    public static let extendedServiceRequest: ExtendedServiceRequest = {
        var message = ExtendedServiceRequest(nasKeySetIdentifier: NASKeySetIdentifier(value: 1), serviceType: .packetServicesViaS1,
                                             mTMSI: .tmsi(guti.mTMSI))
        message.epsBearerContextStatus = EPSBearerContextStatus(activeBearers: [defaultBearer, dedicatedBearer])
        return message
    }()
    public static let serviceReject: ServiceReject = {
        var message = ServiceReject(emmCause: .congestion)
        message.t3442 = .minutes(2)
        return message
    }()

    public static let gutiReallocationCommand: GUTIReallocationCommand = {
        var message = GUTIReallocationCommand(guti: .guti(GUTI(plmn: plmn, mmeGroupID: 0x0102, mmeCode: 0x03, mTMSI: 0xC0DE_0002)))
        message.taiList = TrackingAreaIdentityList([.tais([TAI(plmn: plmn, tac: 1), TAI(plmn: PLMN(mcc: "001", mnc: "001")!, tac: 7)])])
        return message
    }()
    public static let gutiReallocationComplete = GUTIReallocationComplete()

    public static let rand = NASOctets((0..<16).map { UInt8($0 * 17) })!
    public static let autn = NASOctets((0..<16).map { UInt8(0xA0 &+ UInt8($0)) })!
    public static let authenticationRequest = AuthenticationRequest(nasKeySetIdentifier: NASKeySetIdentifier(value: 1),
                                                                    rand: rand, autn: autn)
    public static let authenticationResponse = AuthenticationResponse(res: NASOctets([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88])!)
    public static let authenticationReject = AuthenticationReject()
    public static let authenticationFailure = AuthenticationFailure(emmCause: .synchFailure,
                                                                    auts: NASOctets((0..<14).map { UInt8(0x30 + $0) })!)

    public static let identityRequest = IdentityRequest(identityType: .imsi)
    public static let identityResponse = IdentityResponse(mobileIdentity: .imsi(imsi))

    public static let securityModeCommand: SecurityModeCommand = {
        var message = SecurityModeCommand(selectedAlgorithms: NASSecurityAlgorithms(ciphering: .eea2, integrity: .eia2),
                                          nasKeySetIdentifier: NASKeySetIdentifier(value: 1),
                                          replayedUESecurityCapability: UESecurityCapability(replaying: ueNetworkCapability))
        message.imeisvRequest = .requested
        return message
    }()
    public static let securityModeComplete = SecurityModeComplete(imeisv: .imei(imeisv))
    public static let securityModeReject = SecurityModeReject(emmCause: .ueSecurityCapabilitiesMismatch)

    public static let emmStatus = EMMStatus(emmCause: .messageTypeNonExistent)
    public static let emmInformation: EMMInformation = {
        var message = EMMInformation()
        message.fullNetworkName = NetworkName("VCore Network")
        message.shortNetworkName = NetworkName("VCore")
        message.localTimeZone = TimeZoneOffset(quartersOfHour: 4)
        message.universalTimeAndLocalTimeZone = TimeZoneAndTime(year: 2026, month: 11, day: 27, hour: 10, minute: 30, second: 5,
                                                                timeZone: TimeZoneOffset(quartersOfHour: 4))
        message.networkDaylightSavingTime = .noAdjustment
        return message
    }()

    /// SMS CP-ACK (TS 24.011 7.2.2) in both directions: the smallest valid NAS message container.
    public static let downlinkNASTransport = DownlinkNASTransport(nasMessageContainer: ByteBuffer(bytes: [0x89, 0x04]))
    public static let uplinkNASTransport = UplinkNASTransport(nasMessageContainer: ByteBuffer(bytes: [0x09, 0x04]))

    /// Every EMM message type, in message type order.
    public static let emm: [EMMMessage] = [
        .attachRequest(attachRequest), .attachAccept(attachAccept), .attachComplete(attachComplete),
        .attachReject(attachReject), .ueOriginatingDetachRequest(ueOriginatingDetachRequest),
        .ueTerminatedDetachRequest(ueTerminatedDetachRequest), .detachAccept(detachAccept),
        .trackingAreaUpdateRequest(trackingAreaUpdateRequest), .trackingAreaUpdateAccept(trackingAreaUpdateAccept),
        .trackingAreaUpdateComplete(trackingAreaUpdateComplete), .trackingAreaUpdateReject(trackingAreaUpdateReject),
        .extendedServiceRequest(extendedServiceRequest), .serviceReject(serviceReject),
        .gutiReallocationCommand(gutiReallocationCommand), .gutiReallocationComplete(gutiReallocationComplete),
        .authenticationRequest(authenticationRequest), .authenticationResponse(authenticationResponse),
        .authenticationReject(authenticationReject), .identityRequest(identityRequest), .identityResponse(identityResponse),
        .authenticationFailure(authenticationFailure), .securityModeCommand(securityModeCommand),
        .securityModeComplete(securityModeComplete), .securityModeReject(securityModeReject), .emmStatus(emmStatus),
        .emmInformation(emmInformation), .downlinkNASTransport(downlinkNASTransport), .uplinkNASTransport(uplinkNASTransport),
    ]

    /// Every ESM message type, in message type order.
    public static let esm: [ESMMessage] = [
        .activateDefaultEPSBearerContextRequest(activateDefaultEPSBearerContextRequest),
        .activateDefaultEPSBearerContextAccept(activateDefaultEPSBearerContextAccept),
        .activateDefaultEPSBearerContextReject(activateDefaultEPSBearerContextReject),
        .activateDedicatedEPSBearerContextRequest(activateDedicatedEPSBearerContextRequest),
        .activateDedicatedEPSBearerContextAccept(activateDedicatedEPSBearerContextAccept),
        .activateDedicatedEPSBearerContextReject(activateDedicatedEPSBearerContextReject),
        .modifyEPSBearerContextRequest(modifyEPSBearerContextRequest),
        .modifyEPSBearerContextAccept(modifyEPSBearerContextAccept),
        .modifyEPSBearerContextReject(modifyEPSBearerContextReject),
        .deactivateEPSBearerContextRequest(deactivateEPSBearerContextRequest),
        .deactivateEPSBearerContextAccept(deactivateEPSBearerContextAccept),
        .pdnConnectivityRequest(pdnConnectivityRequest), .pdnConnectivityReject(pdnConnectivityReject),
        .pdnDisconnectRequest(pdnDisconnectRequest), .pdnDisconnectReject(pdnDisconnectReject),
        .bearerResourceAllocationRequest(bearerResourceAllocationRequest),
        .bearerResourceAllocationReject(bearerResourceAllocationReject),
        .bearerResourceModificationRequest(bearerResourceModificationRequest),
        .bearerResourceModificationReject(bearerResourceModificationReject),
        .esmInformationRequest(esmInformationRequest), .esmInformationResponse(esmInformationResponse), .esmStatus(esmStatus),
    ]

    /// Every plain message.
    public static let all: [NASMessage] = emm.map(NASMessage.emm) + esm.map(NASMessage.esm)

    /// The envelopes: SECURITY MODE COMMAND integrity protected with a new context, ATTACH ACCEPT
    /// ciphered (with EEA0, so still readable), and a SERVICE REQUEST.
    public static let protectedPDUs: [NASPDU] = [
        .protected(ProtectedNAS(headerType: .integrityProtectedWithNewEPSSecurityContext, mac: 0x1234_5678, sequenceNumber: 0,
                                message: .emm(.securityModeCommand(securityModeCommand)))),
        .protected(ProtectedNAS(headerType: .integrityProtectedAndCiphered, mac: 0x9ABC_DEF0, sequenceNumber: 1,
                                message: .emm(.attachAccept(attachAccept)))),
        .serviceRequest(ServiceRequest(keySetIdentifier: 1, sequenceNumber: 3, shortMAC: 0xBEEF)),
    ]
}
