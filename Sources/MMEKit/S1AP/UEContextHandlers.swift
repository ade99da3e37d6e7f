import GTPv2C
import S1AP
import Wire

/// UE context management on S1 (TS 36.413 8.3): Initial Context Setup answers, releases asked
/// for by the eNB or done by the MME, and connections lost with their eNB.
extension MME {
    mutating func initialContextSetupResponse(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let response = InitialContextSetupResponse(message),
              let id = ueID(for: message, association: association, stream: stream) else { return }
        withUE(id) { mme, ue in
            ue.connection?.contextSetUp = true
            for item in response.erabsSetup ?? [] {
                let ebi = UInt8(truncatingIfNeeded: item.erabID)
                guard let index = ue.pdnIndex(ebi: ebi), let bearer = ue.pdnConnections[index].bearers.firstIndex(where: { $0.ebi == ebi })
                else { continue }
                ue.pdnConnections[index].bearers[bearer].enbS1U = S1APBuild.enbFTEID(address: item.transportLayerAddress,
                                                                                    teid: item.gtpTEID)
            }
            switch ue.procedure {
            case .attach: mme.attachContextSetUp(&ue)
            case .serviceRequest: mme.serviceRequestContextSetUp(&ue)
            default: break
            }
        }
    }

    mutating func initialContextSetupFailure(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let id = ueID(for: message, association: association, stream: stream) else { return }
        withUE(id) { mme, ue in
            let cause = InitialContextSetupFailure(unchecked: message).cause
            mme.log(.warning, "Initial Context Setup failed: \(cause.map { "\($0)" } ?? "no cause")", imsi: ue.imsi)
            switch ue.procedure {
            case .attach:
                mme.abortAttach(&ue, reason: "initial-context-setup-failure", cause: .nas(.unspecified))
            default:
                ue.procedure = nil
                mme.releaseConnection(&ue, cause: .nas(.unspecified))
            }
        }
    }

    /// UE Context Release Request (TS 36.413 8.3.2), most often for user inactivity: the UE goes
    /// to ECM-IDLE through Release Access Bearers and UE Context Release.
    mutating func ueContextReleaseRequest(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let id = ueID(for: message, association: association, stream: stream) else { return }
        let cause = UEContextReleaseRequest(unchecked: message).cause ?? .radioNetwork(.unspecified)
        withUE(id) { mme, ue in
            switch ue.procedure {
            case .attach:
                mme.abortAttach(&ue, reason: "released-by-enb", cause: cause)
            case .detach(let procedure):
                // A UE's detach releases the connection itself once the sessions are gone; a
                // network detach waiting for a UE the eNB lost is done without it.
                if case .network = procedure.origin { mme.detachLocally(&ue, reason: "released by the eNB during detach") }
            default:
                ue.procedure = nil
                mme.stopNASRetransmission(&ue)
                mme.releaseConnection(&ue, cause: cause)
            }
        }
    }

    /// UE Context Release Complete: the connection is gone; a UE that is not registered (one
    /// answered and released, or detached) goes with it.
    mutating func ueContextReleaseComplete(_ message: S1APMessage, association: ENBAssociationID) {
        guard let id = ueID(for: message, association: association, stream: 0, answerUnknown: false) else { return }
        withUE(id) { mme, ue in
            mme.forgetConnection(&ue)
            mme.wentIdle(&ue)
        }
    }

    mutating func ueCapabilityInfoIndication(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let indication = UECapabilityInfoIndication(message),
              let id = ueID(for: message, association: association, stream: stream) else { return }
        withUE(id) { _, ue in ue.radioCapability = indication.ueRadioCapability }
    }

    /// The eNB lost the UE's connection (Reset, association down, Error Indication): ECM-IDLE
    /// without the release procedure, and the SGW stops sending downlink data to the eNB.
    mutating func connectionLost(_ ue: inout UEContext) {
        guard let connection = ue.connection else { return }
        forgetConnection(&ue)
        if case .attach = ue.procedure {
            abortAttach(&ue, reason: "connection-lost", cause: nil)
            return
        }
        if case .awaitingSGW = connection.release {
            // Release Access Bearers is out already.
        } else if ue.pdnConnections.contains(where: { $0.bearers.contains { $0.enbS1U != nil } }) {
            sendReleaseAccessBearers(&ue)
        }
        wentIdle(&ue)
    }

    /// After the connection is gone: a registered UE stays, idle; any other context is dropped.
    mutating func wentIdle(_ ue: inout UEContext) {
        stopNASRetransmission(&ue)
        switch ue.procedure {
        case .detach:
            detachLocally(&ue, reason: "connection released during detach")
            return
        case .serviceRequest, .attach:
            ue.procedure = nil
        case nil:
            break
        }
        guard ue.emmState == .registered else {
            discard(&ue)
            return
        }
        // ESM procedures need the connection: each ends as if the UE had refused.
        let procedures = ue.esmProcedures
        ue.esmProcedures.removeAll()
        for procedure in procedures {
            switch procedure {
            case .dedicatedActivation(var activation):
                for index in activation.bearers.indices where !activation.bearers[index].done {
                    activation.bearers[index].accepted = false
                }
                ue.esmProcedures.append(.dedicatedActivation(activation))
                completeDedicatedActivation(&ue, at: ue.esmProcedures.count - 1)
            case .pdnConnectivity(let activation):
                defaultBearerRejected(ebi: activation.ebi, ue: &ue)
            case .deactivation(let deactivation):
                ue.esmProcedures.append(procedure)
                for ebi in deactivation.waiting { bearerDeactivated(ebi: ebi, ue: &ue) }
            }
        }
        ue.esmProcedures.removeAll()
    }
}
