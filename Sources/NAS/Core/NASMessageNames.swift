/// Names and contents for logs, reports and tools.
extension EMMMessage {
    /// The message as the protocol it conforms to.
    public var body: any EMMMessageBody {
        switch self {
        case .attachRequest(let body): body
        case .attachAccept(let body): body
        case .attachComplete(let body): body
        case .attachReject(let body): body
        case .ueOriginatingDetachRequest(let body): body
        case .ueTerminatedDetachRequest(let body): body
        case .detachAccept(let body): body
        case .trackingAreaUpdateRequest(let body): body
        case .trackingAreaUpdateAccept(let body): body
        case .trackingAreaUpdateComplete(let body): body
        case .trackingAreaUpdateReject(let body): body
        case .extendedServiceRequest(let body): body
        case .serviceReject(let body): body
        case .gutiReallocationCommand(let body): body
        case .gutiReallocationComplete(let body): body
        case .authenticationRequest(let body): body
        case .authenticationResponse(let body): body
        case .authenticationReject(let body): body
        case .authenticationFailure(let body): body
        case .identityRequest(let body): body
        case .identityResponse(let body): body
        case .securityModeCommand(let body): body
        case .securityModeComplete(let body): body
        case .securityModeReject(let body): body
        case .emmStatus(let body): body
        case .emmInformation(let body): body
        case .downlinkNASTransport(let body): body
        case .uplinkNASTransport(let body): body
        }
    }

    /// The ESM message container of ATTACH REQUEST, ACCEPT, COMPLETE and REJECT, when present.
    public var esmMessageContainer: ESMMessageContainer? {
        switch self {
        case .attachRequest(let message): message.esmMessageContainer
        case .attachAccept(let message): message.esmMessageContainer
        case .attachComplete(let message): message.esmMessageContainer
        case .attachReject(let message): message.esmMessageContainer
        default: nil
        }
    }
}

extension NASMessage {
    /// The message type's name as the codec spells it ("AttachRequest", "UETerminatedDetachRequest").
    public var name: String {
        switch self {
        case .emm(let message): String(describing: type(of: message.body))
        case .esm(let message): String(describing: type(of: message.body))
        }
    }

    /// Which way a message of this type travels (TS 24.301 8.2, 8.3: "direction"); nil for EMM
    /// STATUS and ESM STATUS, which both sides send.
    public var direction: NASDirection? {
        switch self {
        case .emm(let emm):
            switch emm {
            case .emmStatus: return nil
            case .attachRequest, .attachComplete, .ueOriginatingDetachRequest, .trackingAreaUpdateRequest,
                 .trackingAreaUpdateComplete, .extendedServiceRequest, .gutiReallocationComplete, .authenticationResponse,
                 .authenticationFailure, .identityResponse, .securityModeComplete, .securityModeReject, .uplinkNASTransport:
                return .uplink
            case .detachAccept:
                // Both sides accept a detach: DETACH ACCEPT answers whichever side asked.
                return nil
            default:
                return .downlink
            }
        case .esm(let esm):
            switch esm {
            case .esmStatus: return nil
            case .activateDefaultEPSBearerContextAccept, .activateDefaultEPSBearerContextReject,
                 .activateDedicatedEPSBearerContextAccept, .activateDedicatedEPSBearerContextReject,
                 .modifyEPSBearerContextAccept, .modifyEPSBearerContextReject, .deactivateEPSBearerContextAccept,
                 .pdnConnectivityRequest, .pdnDisconnectRequest, .bearerResourceAllocationRequest,
                 .bearerResourceModificationRequest, .esmInformationResponse:
                return .uplink
            default:
                return .downlink
            }
        }
    }

    /// The ESM message container of an EMM message that has one.
    public var esmMessageContainer: ESMMessageContainer? {
        guard case .emm(let message) = self else { return nil }
        return message.esmMessageContainer
    }

    /// The ESM message an EMM message carries in its container, when it decoded.
    public var containedESMMessage: ESMMessage? { esmMessageContainer?.message }
}
