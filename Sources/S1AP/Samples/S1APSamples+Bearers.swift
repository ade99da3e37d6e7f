import APER
import Wire

extension S1APSamples {
    /// E-RAB management (TS 36.413 8.2): a QCI 1 voice bearer set up, modified and released.
    static var erab: [Sample] {
        [Sample(erabSetupRequest), Sample(erabSetupResponse), Sample(erabModifyRequest), Sample(erabModifyResponse),
         Sample(erabReleaseCommand), Sample(erabReleaseResponse), Sample(erabReleaseIndication)]
    }

    public static var erabSetupRequest: ERABSetupRequest {
        var message = ERABSetupRequest()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsToBeSetup = [ERABToBeSetupItemBearerSUReq(
            erabID: 6, erabLevelQoSParameters: voiceBearerQoS, transportLayerAddress: sgwAddress,
            gtpTEID: 0x0000_0002, nasPDU: protectedNAS(sequence: 7, length: 48))]
        return message
    }

    public static var erabSetupResponse: ERABSetupResponse {
        var message = ERABSetupResponse()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsSetup = [ERABSetupItemBearerSURes(erabID: 6, transportLayerAddress: enbAddress, gtpTEID: 0x0100_0002)]
        return message
    }

    public static var erabModifyRequest: ERABModifyRequest {
        var message = ERABModifyRequest()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        var qos = voiceBearerQoS
        qos.gbrQosInformation?.erabGuaranteedBitrateDL = 64_000
        qos.gbrQosInformation?.erabGuaranteedBitrateUL = 64_000
        message.erabsToBeModified = [ERABToBeModifiedItemBearerModReq(
            erabID: 6, erabLevelQoSParameters: qos, nasPDU: protectedNAS(sequence: 8, length: 24))]
        return message
    }

    public static var erabModifyResponse: ERABModifyResponse {
        var message = ERABModifyResponse()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsModified = [ERABModifyItemBearerModRes(erabID: 6)]
        return message
    }

    public static var erabReleaseCommand: ERABReleaseCommand {
        var message = ERABReleaseCommand()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsToBeReleased = [ERABItem(erabID: 6, cause: .nas(.normalRelease))]
        message.nasPDU = protectedNAS(sequence: 9, length: 8)
        return message
    }

    public static var erabReleaseResponse: ERABReleaseResponse {
        var message = ERABReleaseResponse()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsReleased = [ERABReleaseItemBearerRelComp(erabID: 6)]
        return message
    }

    public static var erabReleaseIndication: ERABReleaseIndication {
        var message = ERABReleaseIndication()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.erabsReleased = [ERABItem(erabID: 6, cause: .radioNetwork(.radioConnectionWithUeLost))]
        return message
    }
}
