import APER
import Wire

extension S1APSamples {
    /// S1 Setup, Reset, Error Indication, eNB and MME Configuration Update (TS 36.413 8.7).
    static var management: [Sample] {
        [Sample(s1SetupRequest), Sample(s1SetupResponse), Sample(s1SetupFailure), Sample(reset),
         Sample(resetAcknowledge), Sample(errorIndication), Sample(enbConfigurationUpdate),
         Sample(enbConfigurationUpdateAcknowledge), Sample(enbConfigurationUpdateFailure),
         Sample(mmeConfigurationUpdate), Sample(mmeConfigurationUpdateAcknowledge),
         Sample(mmeConfigurationUpdateFailure)]
    }

    public static var s1SetupRequest: S1SetupRequest {
        var message = S1SetupRequest()
        message.globalENBID = globalENBID
        message.enbName = "vcore-enb-1"
        message.supportedTAs = [SupportedTAsItem(tac: 1, broadcastPLMNs: [plmn])]
        message.defaultPagingDRX = .v128
        return message
    }

    public static var servedGUMMEIs: ServedGUMMEIs {
        [ServedGUMMEIsItem(servedPLMNs: [plmn], servedGroupIDs: [0x8001], servedMMECs: [1])]
    }

    public static var s1SetupResponse: S1SetupResponse {
        var message = S1SetupResponse()
        message.mmeName = "vcore-mme"
        message.servedGUMMEIs = servedGUMMEIs
        message.relativeMMECapacity = 255
        return message
    }

    public static var s1SetupFailure: S1SetupFailure {
        var message = S1SetupFailure()
        message.cause = .misc(.unknownPLMN)
        message.timeToWait = .v10s
        return message
    }

    public static var reset: Reset {
        var message = Reset()
        message.cause = .misc(.omIntervention)
        message.resetType = .partOfS1Interface([
            UEAssociatedLogicalS1ConnectionItem(mmeUES1APID: mmeUES1APID, enbUES1APID: enbUES1APID),
            UEAssociatedLogicalS1ConnectionItem(mmeUES1APID: 2),
        ])
        return message
    }

    public static var resetAcknowledge: ResetAcknowledge {
        var message = ResetAcknowledge()
        message.ueAssociatedLogicalS1ConnectionListResAck = [
            UEAssociatedLogicalS1ConnectionItem(mmeUES1APID: mmeUES1APID, enbUES1APID: enbUES1APID),
            UEAssociatedLogicalS1ConnectionItem(mmeUES1APID: 2),
        ]
        return message
    }

    /// The Error Indication an MME sends for an Initial Context Setup Response that lacked its
    /// E-RAB list, built from the decoder's error.
    public static var errorIndication: ErrorIndication {
        let context = S1APErrorContext(procedureCode: .initialContextSetup, kind: .successfulOutcome,
                                       procedureCriticality: .reject, mmeUES1APID: mmeUES1APID,
                                       enbUES1APID: enbUES1APID, messageName: "InitialContextSetupResponse")
        return ErrorIndication(answering: .rejected(
            context: context, ies: [S1APIEDiagnostic(id: .erabSetupListCtxtSURes, criticality: .ignore, typeOfError: .missing)],
            message: S1APMessage(kind: .successfulOutcome, procedureCode: .initialContextSetup, criticality: .reject)))
    }

    public static var enbConfigurationUpdate: ENBConfigurationUpdate {
        var message = ENBConfigurationUpdate()
        message.enbName = "vcore-enb-1"
        message.supportedTAs = [SupportedTAsItem(tac: 1, broadcastPLMNs: [plmn]), SupportedTAsItem(tac: 2, broadcastPLMNs: [plmn])]
        message.defaultPagingDRX = .v64
        return message
    }

    public static var enbConfigurationUpdateAcknowledge: ENBConfigurationUpdateAcknowledge {
        ENBConfigurationUpdateAcknowledge()
    }

    public static var enbConfigurationUpdateFailure: ENBConfigurationUpdateFailure {
        var message = ENBConfigurationUpdateFailure()
        message.cause = .protocol(.semanticError)
        message.timeToWait = .v5s
        return message
    }

    public static var mmeConfigurationUpdate: MMEConfigurationUpdate {
        var message = MMEConfigurationUpdate()
        message.mmeName = "vcore-mme"
        message.servedGUMMEIs = servedGUMMEIs
        message.relativeMMECapacity = 128
        return message
    }

    public static var mmeConfigurationUpdateAcknowledge: MMEConfigurationUpdateAcknowledge {
        MMEConfigurationUpdateAcknowledge()
    }

    public static var mmeConfigurationUpdateFailure: MMEConfigurationUpdateFailure {
        var message = MMEConfigurationUpdateFailure()
        message.cause = .misc(.controlProcessingOverload)
        message.timeToWait = .v20s
        return message
    }
}
