import NIOCore
import Wire

/// Every ESM message the codec models.
public enum ESMMessage: Hashable, Sendable {
    case activateDefaultEPSBearerContextRequest(ActivateDefaultEPSBearerContextRequest)
    case activateDefaultEPSBearerContextAccept(ActivateDefaultEPSBearerContextAccept)
    case activateDefaultEPSBearerContextReject(ActivateDefaultEPSBearerContextReject)
    case activateDedicatedEPSBearerContextRequest(ActivateDedicatedEPSBearerContextRequest)
    case activateDedicatedEPSBearerContextAccept(ActivateDedicatedEPSBearerContextAccept)
    case activateDedicatedEPSBearerContextReject(ActivateDedicatedEPSBearerContextReject)
    case modifyEPSBearerContextRequest(ModifyEPSBearerContextRequest)
    case modifyEPSBearerContextAccept(ModifyEPSBearerContextAccept)
    case modifyEPSBearerContextReject(ModifyEPSBearerContextReject)
    case deactivateEPSBearerContextRequest(DeactivateEPSBearerContextRequest)
    case deactivateEPSBearerContextAccept(DeactivateEPSBearerContextAccept)
    case pdnConnectivityRequest(PDNConnectivityRequest)
    case pdnConnectivityReject(PDNConnectivityReject)
    case pdnDisconnectRequest(PDNDisconnectRequest)
    case pdnDisconnectReject(PDNDisconnectReject)
    case bearerResourceAllocationRequest(BearerResourceAllocationRequest)
    case bearerResourceAllocationReject(BearerResourceAllocationReject)
    case bearerResourceModificationRequest(BearerResourceModificationRequest)
    case bearerResourceModificationReject(BearerResourceModificationReject)
    case esmInformationRequest(ESMInformationRequest)
    case esmInformationResponse(ESMInformationResponse)
    case esmStatus(ESMStatus)

    /// The message as the protocol it conforms to, for reading the shared header fields.
    public var body: any ESMMessageBody {
        switch self {
        case .activateDefaultEPSBearerContextRequest(let body): body
        case .activateDefaultEPSBearerContextAccept(let body): body
        case .activateDefaultEPSBearerContextReject(let body): body
        case .activateDedicatedEPSBearerContextRequest(let body): body
        case .activateDedicatedEPSBearerContextAccept(let body): body
        case .activateDedicatedEPSBearerContextReject(let body): body
        case .modifyEPSBearerContextRequest(let body): body
        case .modifyEPSBearerContextAccept(let body): body
        case .modifyEPSBearerContextReject(let body): body
        case .deactivateEPSBearerContextRequest(let body): body
        case .deactivateEPSBearerContextAccept(let body): body
        case .pdnConnectivityRequest(let body): body
        case .pdnConnectivityReject(let body): body
        case .pdnDisconnectRequest(let body): body
        case .pdnDisconnectReject(let body): body
        case .bearerResourceAllocationRequest(let body): body
        case .bearerResourceAllocationReject(let body): body
        case .bearerResourceModificationRequest(let body): body
        case .bearerResourceModificationReject(let body): body
        case .esmInformationRequest(let body): body
        case .esmInformationResponse(let body): body
        case .esmStatus(let body): body
        }
    }

    public var messageType: ESMMessageType { type(of: body).messageType }
    public var header: ESMHeader { body.header }

    /// Reads a whole ESM message (header included) that fills `reader`.
    static func decode(_ reader: inout WireReader) throws(NASDecodeError) -> ESMMessage {
        guard reader.remaining >= 3 else { throw NASDecodeError.tooShort(reader, "ESM message") }
        let first = reader.peekU8() ?? 0
        guard first & 0x0F == ProtocolDiscriminator.esm.rawValue else {
            throw NASDecodeError(.unknownProtocolDiscriminator(first & 0x0F),
                                 reader.error(.invalidValue("protocol discriminator \(first & 0x0F)"), "ESM message"))
        }
        _ = try? reader.skip(1, "ESM header")
        let pti = (try? reader.u8("PTI")) ?? 0
        let type = (try? reader.u8("ESM message type")) ?? 0
        let header = ESMHeader(bearerIdentity: first >> 4, procedureTransactionIdentity: pti)
        do {
            return try decodeBody(type: type, &reader, header: header)
        } catch {
            var error = error
            error.protocolDiscriminator = .esm
            error.messageType = type
            error.bearerIdentity = header.bearerIdentity
            error.procedureTransactionIdentity = header.procedureTransactionIdentity
            throw error
        }
    }

    static func decodeBody(type: UInt8, _ reader: inout WireReader, header: ESMHeader) throws(NASDecodeError) -> ESMMessage {
        switch type {
        case 0xC1: return .activateDefaultEPSBearerContextRequest(try .decodeBody(&reader, header: header))
        case 0xC2: return .activateDefaultEPSBearerContextAccept(try .decodeBody(&reader, header: header))
        case 0xC3: return .activateDefaultEPSBearerContextReject(try .decodeBody(&reader, header: header))
        case 0xC5: return .activateDedicatedEPSBearerContextRequest(try .decodeBody(&reader, header: header))
        case 0xC6: return .activateDedicatedEPSBearerContextAccept(try .decodeBody(&reader, header: header))
        case 0xC7: return .activateDedicatedEPSBearerContextReject(try .decodeBody(&reader, header: header))
        case 0xC9: return .modifyEPSBearerContextRequest(try .decodeBody(&reader, header: header))
        case 0xCA: return .modifyEPSBearerContextAccept(try .decodeBody(&reader, header: header))
        case 0xCB: return .modifyEPSBearerContextReject(try .decodeBody(&reader, header: header))
        case 0xCD: return .deactivateEPSBearerContextRequest(try .decodeBody(&reader, header: header))
        case 0xCE: return .deactivateEPSBearerContextAccept(try .decodeBody(&reader, header: header))
        case 0xD0: return .pdnConnectivityRequest(try .decodeBody(&reader, header: header))
        case 0xD1: return .pdnConnectivityReject(try .decodeBody(&reader, header: header))
        case 0xD2: return .pdnDisconnectRequest(try .decodeBody(&reader, header: header))
        case 0xD3: return .pdnDisconnectReject(try .decodeBody(&reader, header: header))
        case 0xD4: return .bearerResourceAllocationRequest(try .decodeBody(&reader, header: header))
        case 0xD5: return .bearerResourceAllocationReject(try .decodeBody(&reader, header: header))
        case 0xD6: return .bearerResourceModificationRequest(try .decodeBody(&reader, header: header))
        case 0xD7: return .bearerResourceModificationReject(try .decodeBody(&reader, header: header))
        case 0xD9: return .esmInformationRequest(try .decodeBody(&reader, header: header))
        case 0xDA: return .esmInformationResponse(try .decodeBody(&reader, header: header))
        case 0xE8: return .esmStatus(try .decodeBody(&reader, header: header))
        default:
            throw NASDecodeError(.unknownMessageType(type), reader.error(.unsupported("ESM message type"), "ESM message"))
        }
    }

    func encode(into writer: inout WireWriter) {
        switch self {
        case .activateDefaultEPSBearerContextRequest(let body): Self.encode(body, into: &writer)
        case .activateDefaultEPSBearerContextAccept(let body): Self.encode(body, into: &writer)
        case .activateDefaultEPSBearerContextReject(let body): Self.encode(body, into: &writer)
        case .activateDedicatedEPSBearerContextRequest(let body): Self.encode(body, into: &writer)
        case .activateDedicatedEPSBearerContextAccept(let body): Self.encode(body, into: &writer)
        case .activateDedicatedEPSBearerContextReject(let body): Self.encode(body, into: &writer)
        case .modifyEPSBearerContextRequest(let body): Self.encode(body, into: &writer)
        case .modifyEPSBearerContextAccept(let body): Self.encode(body, into: &writer)
        case .modifyEPSBearerContextReject(let body): Self.encode(body, into: &writer)
        case .deactivateEPSBearerContextRequest(let body): Self.encode(body, into: &writer)
        case .deactivateEPSBearerContextAccept(let body): Self.encode(body, into: &writer)
        case .pdnConnectivityRequest(let body): Self.encode(body, into: &writer)
        case .pdnConnectivityReject(let body): Self.encode(body, into: &writer)
        case .pdnDisconnectRequest(let body): Self.encode(body, into: &writer)
        case .pdnDisconnectReject(let body): Self.encode(body, into: &writer)
        case .bearerResourceAllocationRequest(let body): Self.encode(body, into: &writer)
        case .bearerResourceAllocationReject(let body): Self.encode(body, into: &writer)
        case .bearerResourceModificationRequest(let body): Self.encode(body, into: &writer)
        case .bearerResourceModificationReject(let body): Self.encode(body, into: &writer)
        case .esmInformationRequest(let body): Self.encode(body, into: &writer)
        case .esmInformationResponse(let body): Self.encode(body, into: &writer)
        case .esmStatus(let body): Self.encode(body, into: &writer)
        }
    }

    private static func encode<Body: ESMMessageBody>(_ body: Body, into writer: inout WireWriter) {
        writer.writeU8(body.header.bearerIdentity << 4 | ProtocolDiscriminator.esm.rawValue)
        writer.writeU8(body.header.procedureTransactionIdentity)
        writer.writeU8(Body.messageType.rawValue)
        body.encodeBody(into: &writer)
    }
}
