import APER
import Wire

extension S1APSamples {
    /// Path switch, S1 handover and status transfer (TS 36.413 8.4): the UE moves from the
    /// sample eNB to a second one (macro eNB ID 0x19B02, cell 0x19B0201, S1-U 10.0.0.3).
    static var mobility: [Sample] {
        [Sample(pathSwitchRequest), Sample(pathSwitchRequestAcknowledge), Sample(pathSwitchRequestFailure),
         Sample(handoverRequired), Sample(handoverCommand), Sample(handoverPreparationFailure),
         Sample(handoverRequest), Sample(handoverRequestAcknowledge), Sample(handoverFailure),
         Sample(handoverNotify), Sample(handoverCancel), Sample(handoverCancelAcknowledge),
         Sample(enbStatusTransfer), Sample(mmeStatusTransfer)]
    }

    static let targetCell = EUTRANCGI(plmnIdentity: plmn, cellID: 0x19B_0201)
    /// The target eNB's UE S1AP ID.
    static let targetENBUES1APID: ENBUES1APID = 200
    static let nextHop = SecurityContext(nextHopChainingCount: 1, nextHopParameter: (0..<32).map { UInt8($0 &* 3 &+ 0x40) })

    public static var pathSwitchRequest: PathSwitchRequest {
        var message = PathSwitchRequest()
        message.enbUES1APID = targetENBUES1APID
        message.erabToBeSwitchedDLList = [ERABToBeSwitchedDLItem(erabID: 5, transportLayerAddress: targetENBAddress,
                                                                 gtpTEID: 0x0200_0001)]
        message.sourceMMEUES1APID = mmeUES1APID
        message.eutranCGI = targetCell
        message.tai = tai
        message.ueSecurityCapabilities = securityCapabilities
        return message
    }

    public static var pathSwitchRequestAcknowledge: PathSwitchRequestAcknowledge {
        var message = PathSwitchRequestAcknowledge()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = targetENBUES1APID
        message.securityContext = nextHop
        return message
    }

    public static var pathSwitchRequestFailure: PathSwitchRequestFailure {
        var message = PathSwitchRequestFailure()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = targetENBUES1APID
        message.cause = .radioNetwork(.unknownERABID)
        return message
    }

    public static var handoverRequired: HandoverRequired {
        var message = HandoverRequired()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.handoverType = .intralte
        message.cause = .radioNetwork(.handoverDesirableForRadioReason)
        message.targetID = .targeteNBID(TargeteNBID(globalENBID: targetENBID, selectedTAI: tai))
        message.sourceToTargetTransparentContainer = sourceToTargetContainer
        return message
    }

    public static var handoverCommand: HandoverCommand {
        var message = HandoverCommand()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.handoverType = .intralte
        message.erabSubjecttoDataForwardingList = [ERABDataForwardingItem(
            erabID: 5, dlTransportLayerAddress: sgwAddress, dlGTPTEID: 0x0000_0101)]
        message.targetToSourceTransparentContainer = targetToSourceContainer
        return message
    }

    public static var handoverPreparationFailure: HandoverPreparationFailure {
        var message = HandoverPreparationFailure()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = .radioNetwork(.hoTargetNotAllowed)
        return message
    }

    public static var handoverRequest: HandoverRequest {
        var message = HandoverRequest()
        message.mmeUES1APID = mmeUES1APID
        message.handoverType = .intralte
        message.cause = .radioNetwork(.handoverDesirableForRadioReason)
        message.ueAggregateMaximumBitrate = ambr
        message.erabToBeSetupListHOReq = [ERABToBeSetupItemHOReq(
            erabID: 5, transportLayerAddress: sgwAddress, gtpTEID: 0x0000_0001, erabLevelQosParameters: defaultBearerQoS)]
        message.sourceToTargetTransparentContainer = sourceToTargetContainer
        message.ueSecurityCapabilities = securityCapabilities
        message.securityContext = nextHop
        return message
    }

    public static var handoverRequestAcknowledge: HandoverRequestAcknowledge {
        var message = HandoverRequestAcknowledge()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = targetENBUES1APID
        message.erabAdmittedList = [ERABAdmittedItem(erabID: 5, transportLayerAddress: targetENBAddress, gtpTEID: 0x0200_0001,
                                                     dlTransportLayerAddress: targetENBAddress, dlGTPTEID: 0x0200_0101)]
        message.targetToSourceTransparentContainer = targetToSourceContainer
        return message
    }

    public static var handoverFailure: HandoverFailure {
        var message = HandoverFailure()
        message.mmeUES1APID = mmeUES1APID
        message.cause = .radioNetwork(.noRadioResourcesAvailableInTargetCell)
        return message
    }

    public static var handoverNotify: HandoverNotify {
        var message = HandoverNotify()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = targetENBUES1APID
        message.eutranCGI = targetCell
        message.tai = tai
        return message
    }

    public static var handoverCancel: HandoverCancel {
        var message = HandoverCancel()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.cause = .radioNetwork(.handoverCancelled)
        return message
    }

    public static var handoverCancelAcknowledge: HandoverCancelAcknowledge {
        var message = HandoverCancelAcknowledge()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        return message
    }

    /// PDCP sequence numbers of the bearer the source eNB hands over.
    static var statusTransferContainer: ENBStatusTransferTransparentContainer {
        ENBStatusTransferTransparentContainer(bearersSubjectToStatusTransferList: [BearersSubjectToStatusTransferItem(
            erabID: 5, ulCOUNTValue: COUNTValue(pdcpSN: 1234, hfn: 7), dlCOUNTValue: COUNTValue(pdcpSN: 2345, hfn: 9))])
    }

    public static var enbStatusTransfer: ENBStatusTransfer {
        var message = ENBStatusTransfer()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = enbUES1APID
        message.enbStatusTransferTransparentContainer = statusTransferContainer
        return message
    }

    public static var mmeStatusTransfer: MMEStatusTransfer {
        var message = MMEStatusTransfer()
        message.mmeUES1APID = mmeUES1APID
        message.enbUES1APID = targetENBUES1APID
        message.enbStatusTransferTransparentContainer = statusTransferContainer
        return message
    }
}
