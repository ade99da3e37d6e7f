import NIOCore
import Wire

/// Every plain EMM message the codec models.
public enum EMMMessage: Hashable, Sendable {
    case attachRequest(AttachRequest)
    case attachAccept(AttachAccept)
    case attachComplete(AttachComplete)
    case attachReject(AttachReject)
    case ueOriginatingDetachRequest(UEOriginatingDetachRequest)
    case ueTerminatedDetachRequest(UETerminatedDetachRequest)
    case detachAccept(DetachAccept)
    case trackingAreaUpdateRequest(TrackingAreaUpdateRequest)
    case trackingAreaUpdateAccept(TrackingAreaUpdateAccept)
    case trackingAreaUpdateComplete(TrackingAreaUpdateComplete)
    case trackingAreaUpdateReject(TrackingAreaUpdateReject)
    case extendedServiceRequest(ExtendedServiceRequest)
    case serviceReject(ServiceReject)
    case gutiReallocationCommand(GUTIReallocationCommand)
    case gutiReallocationComplete(GUTIReallocationComplete)
    case authenticationRequest(AuthenticationRequest)
    case authenticationResponse(AuthenticationResponse)
    case authenticationReject(AuthenticationReject)
    case authenticationFailure(AuthenticationFailure)
    case identityRequest(IdentityRequest)
    case identityResponse(IdentityResponse)
    case securityModeCommand(SecurityModeCommand)
    case securityModeComplete(SecurityModeComplete)
    case securityModeReject(SecurityModeReject)
    case emmStatus(EMMStatus)
    case emmInformation(EMMInformation)
    case downlinkNASTransport(DownlinkNASTransport)
    case uplinkNASTransport(UplinkNASTransport)

    public var messageType: EMMMessageType {
        switch self {
        case .attachRequest: .attachRequest
        case .attachAccept: .attachAccept
        case .attachComplete: .attachComplete
        case .attachReject: .attachReject
        case .ueOriginatingDetachRequest, .ueTerminatedDetachRequest: .detachRequest
        case .detachAccept: .detachAccept
        case .trackingAreaUpdateRequest: .trackingAreaUpdateRequest
        case .trackingAreaUpdateAccept: .trackingAreaUpdateAccept
        case .trackingAreaUpdateComplete: .trackingAreaUpdateComplete
        case .trackingAreaUpdateReject: .trackingAreaUpdateReject
        case .extendedServiceRequest: .extendedServiceRequest
        case .serviceReject: .serviceReject
        case .gutiReallocationCommand: .gutiReallocationCommand
        case .gutiReallocationComplete: .gutiReallocationComplete
        case .authenticationRequest: .authenticationRequest
        case .authenticationResponse: .authenticationResponse
        case .authenticationReject: .authenticationReject
        case .authenticationFailure: .authenticationFailure
        case .identityRequest: .identityRequest
        case .identityResponse: .identityResponse
        case .securityModeCommand: .securityModeCommand
        case .securityModeComplete: .securityModeComplete
        case .securityModeReject: .securityModeReject
        case .emmStatus: .emmStatus
        case .emmInformation: .emmInformation
        case .downlinkNASTransport: .downlinkNASTransport
        case .uplinkNASTransport: .uplinkNASTransport
        }
    }

    /// Reads the body of a message of type `type`; `reader` is just past the message type.
    static func decodeBody(type: UInt8, _ reader: inout WireReader, direction: NASDirection?) throws(NASDecodeError) -> EMMMessage {
        switch type {
        case 0x41: return .attachRequest(try .decodeBody(&reader))
        case 0x42: return .attachAccept(try .decodeBody(&reader))
        case 0x43: return .attachComplete(try .decodeBody(&reader))
        case 0x44: return .attachReject(try .decodeBody(&reader))
        case 0x45:
            let fromNetwork = direction.map { $0 == .downlink } ?? UETerminatedDetachRequest.looksLikeNetworkForm(reader)
            return fromNetwork ? .ueTerminatedDetachRequest(try .decodeBody(&reader))
                               : .ueOriginatingDetachRequest(try .decodeBody(&reader))
        case 0x46: return .detachAccept(try .decodeBody(&reader))
        case 0x48: return .trackingAreaUpdateRequest(try .decodeBody(&reader))
        case 0x49: return .trackingAreaUpdateAccept(try .decodeBody(&reader))
        case 0x4A: return .trackingAreaUpdateComplete(try .decodeBody(&reader))
        case 0x4B: return .trackingAreaUpdateReject(try .decodeBody(&reader))
        case 0x4C: return .extendedServiceRequest(try .decodeBody(&reader))
        case 0x4E: return .serviceReject(try .decodeBody(&reader))
        case 0x50: return .gutiReallocationCommand(try .decodeBody(&reader))
        case 0x51: return .gutiReallocationComplete(try .decodeBody(&reader))
        case 0x52: return .authenticationRequest(try .decodeBody(&reader))
        case 0x53: return .authenticationResponse(try .decodeBody(&reader))
        case 0x54: return .authenticationReject(try .decodeBody(&reader))
        case 0x55: return .identityRequest(try .decodeBody(&reader))
        case 0x56: return .identityResponse(try .decodeBody(&reader))
        case 0x5C: return .authenticationFailure(try .decodeBody(&reader))
        case 0x5D: return .securityModeCommand(try .decodeBody(&reader))
        case 0x5E: return .securityModeComplete(try .decodeBody(&reader))
        case 0x5F: return .securityModeReject(try .decodeBody(&reader))
        case 0x60: return .emmStatus(try .decodeBody(&reader))
        case 0x61: return .emmInformation(try .decodeBody(&reader))
        case 0x62: return .downlinkNASTransport(try .decodeBody(&reader))
        case 0x63: return .uplinkNASTransport(try .decodeBody(&reader))
        default:
            throw NASDecodeError(.unknownMessageType(type), reader.error(.unsupported("EMM message type"), "EMM message"))
        }
    }

    func encode(into writer: inout WireWriter) {
        switch self {
        case .attachRequest(let body): Self.encode(body, into: &writer)
        case .attachAccept(let body): Self.encode(body, into: &writer)
        case .attachComplete(let body): Self.encode(body, into: &writer)
        case .attachReject(let body): Self.encode(body, into: &writer)
        case .ueOriginatingDetachRequest(let body): Self.encode(body, into: &writer)
        case .ueTerminatedDetachRequest(let body): Self.encode(body, into: &writer)
        case .detachAccept(let body): Self.encode(body, into: &writer)
        case .trackingAreaUpdateRequest(let body): Self.encode(body, into: &writer)
        case .trackingAreaUpdateAccept(let body): Self.encode(body, into: &writer)
        case .trackingAreaUpdateComplete(let body): Self.encode(body, into: &writer)
        case .trackingAreaUpdateReject(let body): Self.encode(body, into: &writer)
        case .extendedServiceRequest(let body): Self.encode(body, into: &writer)
        case .serviceReject(let body): Self.encode(body, into: &writer)
        case .gutiReallocationCommand(let body): Self.encode(body, into: &writer)
        case .gutiReallocationComplete(let body): Self.encode(body, into: &writer)
        case .authenticationRequest(let body): Self.encode(body, into: &writer)
        case .authenticationResponse(let body): Self.encode(body, into: &writer)
        case .authenticationReject(let body): Self.encode(body, into: &writer)
        case .authenticationFailure(let body): Self.encode(body, into: &writer)
        case .identityRequest(let body): Self.encode(body, into: &writer)
        case .identityResponse(let body): Self.encode(body, into: &writer)
        case .securityModeCommand(let body): Self.encode(body, into: &writer)
        case .securityModeComplete(let body): Self.encode(body, into: &writer)
        case .securityModeReject(let body): Self.encode(body, into: &writer)
        case .emmStatus(let body): Self.encode(body, into: &writer)
        case .emmInformation(let body): Self.encode(body, into: &writer)
        case .downlinkNASTransport(let body): Self.encode(body, into: &writer)
        case .uplinkNASTransport(let body): Self.encode(body, into: &writer)
        }
    }

    private static func encode<Body: EMMMessageBody>(_ body: Body, into writer: inout WireWriter) {
        writer.writeU8(SecurityHeaderType.plain.rawValue << 4 | ProtocolDiscriminator.emm.rawValue)
        writer.writeU8(Body.messageType.rawValue)
        body.encodeBody(into: &writer)
    }
}
