import GTPv2C
import NAS
import S1AP

/// An ESM procedure in progress: several may run at once, each with its own bearers.
enum ESMProcedure: Sendable {
    /// UE-requested PDN connectivity after attach (TS 23.401 5.10.2): E-RAB Setup with ACTIVATE
    /// DEFAULT EPS BEARER CONTEXT REQUEST; Modify Bearer once the eNB and the UE have answered.
    case pdnConnectivity(PDNActivation)
    /// Dedicated bearers the SGW asked for (TS 23.401 5.4.1).
    case dedicatedActivation(DedicatedActivation)
    /// Bearers or a PDN connection the SGW asked to delete (TS 23.401 5.4.4.1).
    case deactivation(BearerDeactivation)

    var defaultEBI: UInt8? {
        if case .pdnConnectivity(let activation) = self { return activation.ebi }
        return nil
    }
}

struct PDNActivation: Sendable {
    var ebi: UInt8
    var erabSetUp = false
    var accepted = false
}

/// ESM from the UE: PDN connectivity, default and dedicated bearer answers, ESM STATUS.
extension MME {
    mutating func dispatchESM(_ message: ESMMessage, ue: inout UEContext) {
        let ebi = message.header.bearerIdentity
        switch message {
        case .esmInformationResponse(let response):
            esmInformationResponse(response, ue: &ue)
        case .pdnConnectivityRequest(let request):
            additionalPDNConnectivity(request, ue: &ue)
        case .activateDefaultEPSBearerContextAccept:
            defaultBearerAccepted(ebi: ebi, ue: &ue)
        case .activateDefaultEPSBearerContextReject:
            defaultBearerRejected(ebi: ebi, ue: &ue)
        case .activateDedicatedEPSBearerContextAccept:
            dedicatedBearerAnswered(ebi: ebi, accepted: true, ue: &ue)
        case .activateDedicatedEPSBearerContextReject:
            dedicatedBearerAnswered(ebi: ebi, accepted: false, ue: &ue)
        case .deactivateEPSBearerContextAccept:
            bearerDeactivated(ebi: ebi, ue: &ue)
        case .esmStatus(let status):
            log(.info, "ESM STATUS \(status.esmCause) for bearer \(ebi) from UE", imsi: ue.imsi)
        case .pdnDisconnectRequest(let request):
            // Not offered: the UE keeps its connections until it detaches (TS 24.301 6.5.2.4).
            let reject = PDNDisconnectReject(header: request.header, esmCause: .serviceOptionNotSupported)
            sendNAS(.esm(.pdnDisconnectReject(reject)), ue: &ue)
        case .bearerResourceAllocationRequest(let request):
            let reject = BearerResourceAllocationReject(header: request.header, esmCause: .serviceOptionNotSupported)
            sendNAS(.esm(.bearerResourceAllocationReject(reject)), ue: &ue)
        case .bearerResourceModificationRequest(let request):
            let reject = BearerResourceModificationReject(header: request.header, esmCause: .serviceOptionNotSupported)
            sendNAS(.esm(.bearerResourceModificationReject(reject)), ue: &ue)
        case .modifyEPSBearerContextAccept, .modifyEPSBearerContextReject:
            context.statistics.drop(.unexpected)
        default:
            context.statistics.drop(.unexpected)
            sendNAS(.esm(.esmStatus(ESMStatus(header: message.header, esmCause: .messageTypeNotCompatibleWithProtocolState))), ue: &ue)
        }
    }

    /// PDN CONNECTIVITY REQUEST from a registered UE, e.g. for the `ims` APN.
    mutating func additionalPDNConnectivity(_ request: PDNConnectivityRequest, ue: inout UEContext) {
        let header = ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: request.procedureTransactionIdentity)
        guard ue.emmState == .registered, ue.procedure == nil, ue.connection != nil else {
            let reject = PDNConnectivityReject(header: header, esmCause: .requestRejectedUnspecified)
            sendNAS(.esm(.pdnConnectivityReject(reject)), ue: &ue)
            return
        }
        switch createSession(&ue, apn: request.accessPointName?.name, requestedType: request.pdnType,
                             pco: request.protocolConfigurationOptions, pti: request.procedureTransactionIdentity) {
        case .success:
            ue.esmProcedures.append(.pdnConnectivity(PDNActivation(ebi: ue.pdnConnections[ue.pdnConnections.count - 1].defaultEBI)))
        case .failure(let failure):
            sendNAS(.esm(.pdnConnectivityReject(PDNConnectivityReject(header: header, esmCause: failure.cause))), ue: &ue)
        }
    }

    /// The session exists: the default bearer goes to the eNB with the UE's ESM message.
    mutating func activateAdditionalPDN(_ ue: inout UEContext, pdn index: Int) {
        let pdn = ue.pdnConnections[index]
        guard let connection = ue.connection else {
            // The UE went idle meanwhile: it learns nothing, the session goes.
            defaultBearerRejected(ebi: pdn.defaultEBI, ue: &ue)
            return
        }
        let pdu = protectNAS(.esm(.activateDefaultEPSBearerContextRequest(activateDefaultBearerRequest(pdn))), ue: &ue)
        guard let item = S1APBuild.bearerSetupItem(pdn.bearers[0], nasPDU: pdu) else { return }
        send(S1APBuild.erabSetupRequest(connection, items: [item]), to: ue)
    }

    mutating func defaultBearerAccepted(ebi: UInt8, ue: inout UEContext) {
        guard let position = ue.esmProcedures.firstIndex(where: { $0.defaultEBI == ebi }),
              case .pdnConnectivity(var activation) = ue.esmProcedures[position] else {
            context.statistics.drop(.unexpected)
            return
        }
        activation.accepted = true
        ue.esmProcedures[position] = .pdnConnectivity(activation)
        completePDNActivation(&ue, at: position)
    }

    /// The UE (or the eNB) refused the default bearer: the session goes.
    mutating func defaultBearerRejected(ebi: UInt8, ue: inout UEContext) {
        ue.esmProcedures.removeAll { $0.defaultEBI == ebi }
        guard let index = ue.pdnIndex(defaultEBI: ebi), let sgw = ue.sgw else { return }
        ue.pdnConnections[index].state = .deleting
        let request = S11Build.deleteSessionRequest(ue, ue.pdnConnections[index], sequence: context.identifiers.nextSequence())
        sendGTPRequest(request, to: sgw, purpose: .deleteSession(ebi: ebi), ue: ue.id)
    }

    /// Both the eNB and the UE have the bearer: the SGW gets the eNB's F-TEID.
    mutating func completePDNActivation(_ ue: inout UEContext, at position: Int) {
        guard case .pdnConnectivity(let activation) = ue.esmProcedures[position], activation.erabSetUp, activation.accepted,
              let index = ue.pdnIndex(defaultEBI: activation.ebi) else { return }
        ue.esmProcedures.remove(at: position)
        modifyBearers(&ue, pdn: index)
    }
}
