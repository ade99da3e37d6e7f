import APER
import Wire

extension S1APSamples {
    /// NAS transport and Paging (TS 36.413 8.6, 8.5).
    static var nasTransport: [Sample] {
        [Sample(initialUEMessage), Sample(downlinkNASTransport), Sample(uplinkNASTransport),
         Sample(nasNonDeliveryIndication), Sample(ueCapabilityInfoIndication), Sample(paging)]
    }

    /// Context management (TS 36.413 8.3).
    static var ueContext: [Sample] {
        [Sample(initialContextSetupRequest), Sample(initialContextSetupResponse), Sample(initialContextSetupFailure),
         Sample(ueContextReleaseRequest), Sample(ueContextReleaseCommand), Sample(ueContextReleaseComplete),
         Sample(ueContextModificationRequest), Sample(ueContextModificationResponse),
         Sample(ueContextModificationFailure)]
    }

    /// An Initial UE Message carrying the Attach Request: the message of the benchmark.
    public static var initialUEMessage: InitialUEMessage {
        var message = InitialUEMessage()
        message.enbUES1APID = enbUES1APID
        message.nasPDU = attachRequest
        message.tai = tai
        message.eutranCGI = cell
        message.rrcEstablishmentCause = .moSignalling
        return message
    }

    public static var downlinkNASTransport: DownlinkNASTransport {
        var message = DownlinkNASTransport()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.nasPDU = authenticationRequest
        return message
    }

    public static var uplinkNASTransport: UplinkNASTransport {
        var message = UplinkNASTransport()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.nasPDU = authenticationResponse
        message.eutranCGI = cell
        message.tai = tai
        return message
    }

    public static var nasNonDeliveryIndication: NASNonDeliveryIndication {
        var message = NASNonDeliveryIndication()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.nasPDU = protectedNAS(sequence: 3, length: 12)
        message.cause = .radioNetwork(.x2HandoverTriggered)
        return message
    }

    public static var ueCapabilityInfoIndication: UECapabilityInfoIndication {
        var message = UECapabilityInfoIndication()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.ueRadioCapability = ueRadioCapability
        return message
    }

    public static var paging: Paging {
        var message = Paging()
        // UE identity index value: IMSI mod 1024 (TS 36.304 7.1).
        message.ueIdentityIndexValue = UInt32(123_456_789 % 1024)
        message.uePagingID = .sTMSI(STMSI(mmeC: 1, mTMSI: 0xC000_0001))
        message.cnDomain = .ps
        message.taiList = [TAIItem(tai: tai)]
        message.pagingDRX = .v128
        return message
    }

    public static var initialContextSetupRequest: InitialContextSetupRequest {
        var message = InitialContextSetupRequest()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.ueAggregateMaximumBitrate = ambr
        message.erabsToBeSetup = [ERABToBeSetupItemCtxtSUReq(
            erabID: 5, erabLevelQoSParameters: defaultBearerQoS, transportLayerAddress: sgwAddress,
            gtpTEID: 0x0000_0001, nasPDU: protectedNAS(sequence: 4, length: 60))]
        message.ueSecurityCapabilities = securityCapabilities
        message.securityKey = securityKey
        message.ueRadioCapability = ueRadioCapability
        message.gummeiID = gummei
        return message
    }

    public static var initialContextSetupResponse: InitialContextSetupResponse {
        var message = InitialContextSetupResponse()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsSetup = [ERABSetupItemCtxtSURes(erabID: 5, transportLayerAddress: enbAddress, gtpTEID: 0x0100_0001)]
        return message
    }

    public static var initialContextSetupFailure: InitialContextSetupFailure {
        var message = InitialContextSetupFailure()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = .radioNetwork(.radioConnectionWithUeLost)
        return message
    }

    public static var ueContextReleaseRequest: UEContextReleaseRequest {
        var message = UEContextReleaseRequest()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = .radioNetwork(.userInactivity)
        return message
    }

    public static var ueContextReleaseCommand: UEContextReleaseCommand {
        var message = UEContextReleaseCommand()
        message.ueS1APIDs = .ueS1APIDPair(UES1APIDPair(mmeUES1APID: mmeUES1APID, enbUES1APID: enbUES1APID))
        message.cause = .nas(.normalRelease)
        return message
    }

    public static var ueContextReleaseComplete: UEContextReleaseComplete {
        var message = UEContextReleaseComplete()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        return message
    }

    public static var ueContextModificationRequest: UEContextModificationRequest {
        var message = UEContextModificationRequest()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.ueAggregateMaximumBitrate = UEAggregateMaximumBitrate(ueAggregateMaximumBitRateDL: 2_000_000_000,
                                                                      ueAggregateMaximumBitRateUL: 1_000_000_000)
        message.csFallbackIndicator = .csFallbackRequired
        return message
    }

    public static var ueContextModificationResponse: UEContextModificationResponse {
        var message = UEContextModificationResponse()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        return message
    }

    public static var ueContextModificationFailure: UEContextModificationFailure {
        var message = UEContextModificationFailure()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = .radioNetwork(.interactionWithOtherProcedure)
        return message
    }
}
