import NIOCore
import Wire
@testable import NAS

extension PycrateSummary {
    static func esmFields(_ message: ESMMessage, _ add: inout Adder) {
        let header = message.header
        add["type"] = String(message.messageType.rawValue)
        add.byte("ebi", header.bearerIdentity)
        add.byte("pti", header.procedureTransactionIdentity)
        if let carrier = message.body as? any CarriesProtocolConfigurationOptions {
            add["ProtConfig"] = carrier.protocolConfigurationOptions.map(pco)
        }
        add.optional(message.body.optionalIEs)
        switch message {
        case .activateDefaultEPSBearerContextRequest(let m):
            add["EPSQoS"] = qos(m.epsQoS)
            add["APN"] = m.accessPointName.name
            add["PDNAddr"] = pdnAddress(m.pdnAddress)
            add["APN_AMBR"] = m.apnAMBR.map { $0.octets.hex }
            add.byte("ESMCause", m.esmCause?.rawValue)
        case .activateDefaultEPSBearerContextReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
        case .activateDedicatedEPSBearerContextRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("LinkedEPSBearerId", m.linkedBearerIdentity)
            add["EPSQoS"] = qos(m.epsQoS)
            add["TFT"] = tft(m.tft)
        case .activateDedicatedEPSBearerContextReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
        case .modifyEPSBearerContextRequest(let m):
            add["EPSQoS"] = m.newEPSQoS.map(qos)
            add["TFT"] = m.tft.map(tft)
            add["APN_AMBR"] = m.apnAMBR.map { $0.octets.hex }
        case .modifyEPSBearerContextReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
        case .deactivateEPSBearerContextRequest(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
            add.byte("BackOffTimer", m.t3396?.rawValue)
        case .pdnConnectivityRequest(let m):
            add.byte("PDNType", m.pdnType.rawValue)
            add.byte("RequestType", m.requestType.rawValue)
            add.byte("ESMInfoTransferFlag", m.esmInformationTransferFlag?.rawValue)
            add["APN"] = m.accessPointName?.name
        case .pdnConnectivityReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
            add.byte("BackOffTimer", m.backOffTimer?.rawValue)
        case .pdnDisconnectRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("LinkedEPSBearerId", m.linkedBearerIdentity)
        case .pdnDisconnectReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
        case .bearerResourceAllocationRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("LinkedEPSBearerId", m.linkedBearerIdentity)
            add["TFAggregate"] = tft(m.trafficFlowAggregate)
            add["EPSQoS"] = qos(m.requiredTrafficFlowQoS)
        case .bearerResourceAllocationReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
            add.byte("BackOffTimer", m.backOffTimer?.rawValue)
        case .bearerResourceModificationRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("LinkedEPSBearerId", m.bearerIdentityForPacketFilter)
            add["TFAggregate"] = tft(m.trafficFlowAggregate)
            add["EPSQoS"] = m.requiredTrafficFlowQoS.map(qos)
            add.byte("ESMCause", m.esmCause?.rawValue)
        case .bearerResourceModificationReject(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
            add.byte("BackOffTimer", m.backOffTimer?.rawValue)
        case .esmInformationResponse(let m):
            add["APN"] = m.accessPointName?.name
        case .esmStatus(let m):
            add.byte("ESMCause", m.esmCause.rawValue)
        case .activateDefaultEPSBearerContextAccept, .activateDedicatedEPSBearerContextAccept, .modifyEPSBearerContextAccept,
             .deactivateEPSBearerContextAccept, .esmInformationRequest:
            break
        }
    }
}
