/// Which way a NAS-PDU inside an S1AP message travels.
public enum NASTransportDirection: Sendable, Hashable {
    /// UE to MME: Initial UE Message, Uplink NAS Transport.
    case uplink
    /// MME to UE: Downlink NAS Transport and the NAS-PDUs of E-RAB and context setup; a NAS Non
    /// Delivery Indication returns one of those.
    case downlink
}

extension S1APMessage {
    /// Every NAS-PDU the message carries, in order, with its direction: the ones in IEs and the
    /// ones nested in E-RAB items (a default bearer's ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST
    /// rides in Initial Context Setup, for one). Values that do not decode are left out.
    public var nasPDUs: [(direction: NASTransportDirection, pdu: NASPDU)] {
        guard kind == .initiatingMessage else { return [] }
        switch procedureCode {
        case .initialUEMessage:
            return InitialUEMessage(self)?.nasPDU.map { [(.uplink, $0)] } ?? []
        case .uplinkNASTransport:
            return UplinkNASTransport(self)?.nasPDU.map { [(.uplink, $0)] } ?? []
        case .downlinkNASTransport:
            return DownlinkNASTransport(self)?.nasPDU.map { [(.downlink, $0)] } ?? []
        case .nasNonDeliveryIndication:
            return NASNonDeliveryIndication(self)?.nasPDU.map { [(.downlink, $0)] } ?? []
        case .initialContextSetup:
            return (InitialContextSetupRequest(self)?.erabsToBeSetup ?? []).compactMap { $0.nasPDU.map { (.downlink, $0) } }
        case .erabSetup:
            return (ERABSetupRequest(self)?.erabsToBeSetup ?? []).map { (.downlink, $0.nasPDU) }
        case .erabModify:
            return (ERABModifyRequest(self)?.erabsToBeModified ?? []).map { (.downlink, $0.nasPDU) }
        case .erabRelease:
            return ERABReleaseCommand(self)?.nasPDU.map { [(.downlink, $0)] } ?? []
        default:
            return []
        }
    }
}
