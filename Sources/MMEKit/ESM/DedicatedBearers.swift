import GTPv2C
import NAS
import S1AP
import Wire

/// Dedicated bearers the SGW asks for in one Create Bearer Request, until each has the eNB's
/// and the UE's answer (TS 23.401 5.4.1 steps 4-8).
struct DedicatedActivation: Sendable {
    struct Pending: Sendable {
        var bearer: EPSBearer
        var erabSetUp: Bool?
        var accepted: Bool?
        var done: Bool { erabSetUp == false || accepted == false || (erabSetUp == true && accepted == true) }
        var succeeded: Bool { erabSetUp == true && accepted == true }
    }

    var linkedEBI: UInt8
    var bearers: [Pending]
    /// Bearers refused at once (no free EBI, IEs missing), answered with the others.
    var refused: [S11Build.BearerResult]
    var sgw: GTPPeer
    var sequence: UInt32
}

/// Bearers the SGW asked to delete in one Delete Bearer Request (TS 23.401 5.4.4.1).
struct BearerDeactivation: Sendable {
    var ebis: [UInt8]
    /// Set when the whole PDN connection of this default bearer goes.
    var linkedEBI: UInt8?
    var waiting: Set<UInt8>
    var unknown: [UInt8]
    var sgw: GTPPeer
    var sequence: UInt32
}

extension MME {
    /// Create or Delete Bearer Request from the SGW, for the UE its TEID names.
    mutating func bearerRequest(_ message: GTPv2Message, from peer: GTPPeer) {
        guard let id = ueID(forSGWRequest: message, from: peer) else { return }
        withUE(id) { mme, ue in mme.bearerRequest(message, from: peer, ue: &ue) }
    }

    mutating func bearerRequest(_ message: GTPv2Message, from peer: GTPPeer, ue: inout UEContext) {
        switch message.type {
        case .createBearerRequest: createBearers(message, from: peer, ue: &ue)
        case .deleteBearerRequest: deleteBearers(message, from: peer, ue: &ue)
        default: break
        }
    }

    // MARK: Create Bearer Request

    /// Activates the requested dedicated bearers, paging the UE first when it is idle.
    mutating func createBearers(_ message: GTPv2Message, from peer: GTPPeer, ue: inout UEContext) {
        let request = CreateBearerRequest(unchecked: message)
        let sequence = message.header.sequenceNumber
        let teid = ue.sgwS11TEID ?? 0
        guard let linked = request.linkedEBI, let pdnIndex = ue.pdnIndex(defaultEBI: linked),
              ue.pdnConnections[pdnIndex].state == .active else {
            actions.append(.sendGTP(S11Build.rejection(.createBearerResponse, teid: teid, sequence: sequence,
                                                       cause: GTPv2Cause(.contextNotFound)), to: peer))
            return
        }
        guard let connection = ue.connection, connection.release == nil else {
            ue.deferredSGWRequests.append(DeferredSGWRequest(message: message, peer: peer))
            page(&ue)
            return
        }
        var activation = DedicatedActivation(linkedEBI: linked, bearers: [], refused: [], sgw: peer, sequence: sequence)
        var items: [ERABToBeSetupItemBearerSUReq] = []
        var taken = ue.activeEBIs + ue.esmProcedures.flatMap(\.activatingEBIs)
        for context in request.bearerContexts {
            guard let qos = context.bearerQoS, let tft = context.tft, let sgwS1U = context.fteid(0) else {
                activation.refused.append(S11Build.BearerResult(ebi: context.ebi ?? 0, cause: .mandatoryIEMissing))
                continue
            }
            guard let ebi = (5...15).first(where: { !taken.contains($0) }) else {
                activation.refused.append(S11Build.BearerResult(ebi: context.ebi ?? 0, cause: .noResourcesAvailable))
                continue
            }
            taken.append(ebi)
            let bearer = EPSBearer(ebi: ebi, qos: qos, tft: tft, sgwS1U: sgwS1U, pgwS5S8U: context.fteid(1),
                                   chargingID: context.chargingID)
            var activate = ActivateDedicatedEPSBearerContextRequest(
                header: ESMHeader(bearerIdentity: ebi, procedureTransactionIdentity: request.pti ?? 0), linkedBearerIdentity: linked,
                epsQoS: Self.epsQoS(qos), tft: NASTrafficFlowTemplate(tft))
            activate.protocolConfigurationOptions = request.pco
            let pdu = protectNAS(.esm(.activateDedicatedEPSBearerContextRequest(activate)), ue: &ue)
            if let item = S1APBuild.bearerSetupItem(bearer, nasPDU: pdu) {
                items.append(item)
                activation.bearers.append(DedicatedActivation.Pending(bearer: bearer))
            } else {
                activation.refused.append(S11Build.BearerResult(ebi: ebi, cause: .mandatoryIEIncorrect))
            }
        }
        guard !items.isEmpty else {
            answerCreateBearer(activation, ue: &ue)
            return
        }
        ue.esmProcedures.append(.dedicatedActivation(activation))
        send(S1APBuild.erabSetupRequest(connection, items: items), to: ue)
    }

    /// EPS QoS for the UE (TS 24.301 9.9.4.3): the QCI, and for GBR bearers the rates in kbit/s.
    static func epsQoS(_ qos: BearerQoS) -> EPSQualityOfService {
        guard (1...4).contains(qos.qci) else { return EPSQualityOfService(qci: qos.qci) }
        return EPSQualityOfService(qci: qos.qci, bitRates: .init(
            maximumUplink: qos.maximumBitRateUplink, maximumDownlink: qos.maximumBitRateDownlink,
            guaranteedUplink: qos.guaranteedBitRateUplink, guaranteedDownlink: qos.guaranteedBitRateDownlink))
    }

    mutating func dedicatedBearerAnswered(ebi: UInt8, accepted: Bool, ue: inout UEContext) {
        guard let (position, bearer) = dedicatedActivation(ebi: ebi, ue: ue) else {
            context.statistics.drop(.unexpected)
            return
        }
        guard case .dedicatedActivation(var activation) = ue.esmProcedures[position] else { return }
        activation.bearers[bearer].accepted = accepted
        ue.esmProcedures[position] = .dedicatedActivation(activation)
        completeDedicatedActivation(&ue, at: position)
    }

    func dedicatedActivation(ebi: UInt8, ue: UEContext) -> (Int, Int)? {
        for (position, procedure) in ue.esmProcedures.enumerated() {
            if case .dedicatedActivation(let activation) = procedure,
               let bearer = activation.bearers.firstIndex(where: { $0.bearer.ebi == ebi }) {
                return (position, bearer)
            }
        }
        return nil
    }

    /// Every bearer of a Create Bearer Request answered: the accepted ones join the PDN
    /// connection and the SGW hears about each.
    mutating func completeDedicatedActivation(_ ue: inout UEContext, at position: Int) {
        guard case .dedicatedActivation(let activation) = ue.esmProcedures[position],
              activation.bearers.allSatisfy(\.done) else { return }
        ue.esmProcedures.remove(at: position)
        if let index = ue.pdnIndex(defaultEBI: activation.linkedEBI) {
            for pending in activation.bearers where pending.succeeded {
                ue.pdnConnections[index].bearers.append(pending.bearer)
                context.statistics.dedicatedBearersActivated += 1
            }
        }
        answerCreateBearer(activation, ue: &ue)
    }

    private mutating func answerCreateBearer(_ activation: DedicatedActivation, ue: inout UEContext) {
        let results = activation.bearers.map { pending in
            S11Build.BearerResult(ebi: pending.bearer.ebi, cause: pending.succeeded ? .requestAccepted : .ueRefuses,
                                  enbS1U: pending.succeeded ? pending.bearer.enbS1U : nil,
                                  sgwS1U: pending.succeeded ? pending.bearer.sgwS1U : nil)
        } + activation.refused
        let accepted = results.filter { $0.cause.isAcceptance }.count
        let cause: GTPv2CauseValue = accepted == results.count ? .requestAccepted : accepted > 0 ? .requestAcceptedPartially : .requestRejected
        let response = S11Build.createBearerResponse(teid: ue.sgwS11TEID ?? 0, sequence: activation.sequence, cause: cause,
                                                     bearers: results, userLocation: S11Build.userLocation(ue))
        actions.append(.sendGTP(response, to: activation.sgw))
    }

    // MARK: E-RAB answers from the eNB

    mutating func erabSetupResponse(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let response = ERABSetupResponse(message), let id = ueID(for: message, association: association, stream: stream) else { return }
        withUE(id) { mme, ue in
            for item in response.erabsSetup ?? [] {
                mme.erabAnswered(ebi: UInt8(truncatingIfNeeded: item.erabID),
                                 enbS1U: S1APBuild.enbFTEID(address: item.transportLayerAddress, teid: item.gtpTEID), ue: &ue)
            }
            for item in response.erabsFailedToSetup ?? [] {
                mme.erabAnswered(ebi: UInt8(truncatingIfNeeded: item.erabID), enbS1U: nil, ue: &ue)
            }
        }
    }

    /// One E-RAB set up (with the eNB's F-TEID) or not (nil): for a new PDN connection's default
    /// bearer or a dedicated bearer.
    mutating func erabAnswered(ebi: UInt8, enbS1U: FTEID?, ue: inout UEContext) {
        if let position = ue.esmProcedures.firstIndex(where: { $0.defaultEBI == ebi }),
           case .pdnConnectivity(var activation) = ue.esmProcedures[position] {
            guard let enbS1U, let index = ue.pdnIndex(defaultEBI: ebi) else {
                defaultBearerRejected(ebi: ebi, ue: &ue)
                return
            }
            ue.pdnConnections[index].bearers[0].enbS1U = enbS1U
            activation.erabSetUp = true
            ue.esmProcedures[position] = .pdnConnectivity(activation)
            completePDNActivation(&ue, at: position)
        } else if let (position, bearer) = dedicatedActivation(ebi: ebi, ue: ue),
                  case .dedicatedActivation(var activation) = ue.esmProcedures[position] {
            activation.bearers[bearer].erabSetUp = enbS1U != nil
            activation.bearers[bearer].bearer.enbS1U = enbS1U
            ue.esmProcedures[position] = .dedicatedActivation(activation)
            completeDedicatedActivation(&ue, at: position)
        }
    }

    mutating func erabReleaseResponse(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        // The bearers are gone once the UE accepted their deactivation; the eNB's answer adds nothing.
        _ = ueID(for: message, association: association, stream: stream)
    }

    // MARK: Delete Bearer Request

    /// Deactivates dedicated bearers (EBIs) or a whole PDN connection (linked EBI); the last
    /// PDN connection cannot go without the UE, so that becomes a detach (TS 23.401 5.4.4.1).
    mutating func deleteBearers(_ message: GTPv2Message, from peer: GTPPeer, ue: inout UEContext) {
        let request = DeleteBearerRequest(unchecked: message)
        let sequence = message.header.sequenceNumber
        let linked = request.epsBearerIDs.isEmpty ? request.linkedEBI : nil
        if let linked, ue.pdnIndex(defaultEBI: linked) != nil, ue.pdnConnections.count == 1 {
            actions.append(.sendGTP(S11Build.deleteBearerResponse(teid: ue.sgwS11TEID ?? 0, sequence: sequence, cause: .requestAccepted,
                                                                  linkedEBI: linked, bearers: []), to: peer))
            ue.pdnConnections.removeAll()
            detachByNetwork(&ue, reattachRequired: true)
            return
        }
        guard let connection = ue.connection, connection.release == nil else {
            ue.deferredSGWRequests.append(DeferredSGWRequest(message: message, peer: peer))
            page(&ue)
            return
        }
        let requested = linked.map { [$0] } ?? request.epsBearerIDs
        let known = requested.filter { ue.pdnIndex(ebi: $0) != nil }
        var deactivation = BearerDeactivation(ebis: known, linkedEBI: linked, waiting: Set(known),
                                              unknown: requested.filter { !known.contains($0) }, sgw: peer, sequence: sequence)
        for ebi in known {
            let deactivate = DeactivateEPSBearerContextRequest(header: ESMHeader(bearerIdentity: ebi, procedureTransactionIdentity: request.pti ?? 0),
                                                               esmCause: .regularDeactivation)
            let pdu = protectNAS(.esm(.deactivateEPSBearerContextRequest(deactivate)), ue: &ue)
            // The E-RABs to release: the bearer, or every bearer of the PDN connection it is the default of.
            let released = ue.pdnIndex(defaultEBI: ebi).map { ue.pdnConnections[$0].bearers.map(\.ebi) } ?? [ebi]
            send(S1APBuild.erabReleaseCommand(connection, ebis: released, nasPDU: pdu), to: ue)
        }
        guard !known.isEmpty else {
            deactivation.waiting = []
            answerDeleteBearer(deactivation, ue: &ue)
            return
        }
        ue.esmProcedures.append(.deactivation(deactivation))
    }

    /// DEACTIVATE EPS BEARER CONTEXT ACCEPT: the bearer (or PDN connection) is gone.
    mutating func bearerDeactivated(ebi: UInt8, ue: inout UEContext) {
        guard let position = ue.esmProcedures.firstIndex(where: { procedure in
            if case .deactivation(let deactivation) = procedure { return deactivation.waiting.contains(ebi) }
            return false
        }), case .deactivation(var deactivation) = ue.esmProcedures[position] else {
            context.statistics.drop(.unexpected)
            return
        }
        deactivation.waiting.remove(ebi)
        if let index = ue.pdnIndex(defaultEBI: ebi) {
            ue.pdnConnections.remove(at: index)
            context.statistics.sessionsDeleted += 1
        } else if let index = ue.pdnIndex(ebi: ebi) {
            ue.pdnConnections[index].bearers.removeAll { $0.ebi == ebi }
        }
        guard deactivation.waiting.isEmpty else {
            ue.esmProcedures[position] = .deactivation(deactivation)
            return
        }
        ue.esmProcedures.remove(at: position)
        answerDeleteBearer(deactivation, ue: &ue)
    }

    private mutating func answerDeleteBearer(_ deactivation: BearerDeactivation, ue: inout UEContext) {
        let results = (deactivation.linkedEBI == nil ? deactivation.ebis.map { S11Build.BearerResult(ebi: $0, cause: .requestAccepted) } : [])
            + deactivation.unknown.map { S11Build.BearerResult(ebi: $0, cause: .contextNotFound) }
        let cause: GTPv2CauseValue = deactivation.ebis.isEmpty ? .contextNotFound : .requestAccepted
        let response = S11Build.deleteBearerResponse(teid: ue.sgwS11TEID ?? 0, sequence: deactivation.sequence, cause: cause,
                                                     linkedEBI: deactivation.linkedEBI, bearers: results)
        actions.append(.sendGTP(response, to: deactivation.sgw))
    }

    // MARK: requests held during paging

    /// The UE answered paging: what the SGW asked while it was idle is done now.
    mutating func runDeferredSGWRequests(_ ue: inout UEContext) {
        let deferred = ue.deferredSGWRequests
        ue.deferredSGWRequests = []
        for request in deferred { bearerRequest(request.message, from: request.peer, ue: &ue) }
    }

    /// Paging failed: the held requests are refused, the UE cannot be reached (TS 29.274 8.4).
    mutating func refuseDeferredSGWRequests(_ ue: inout UEContext) {
        for request in ue.deferredSGWRequests {
            guard let type = S11Build.responseType(to: request.message.type) else { continue }
            actions.append(.sendGTP(S11Build.rejection(type, teid: ue.sgwS11TEID ?? 0, sequence: request.message.header.sequenceNumber,
                                                       cause: GTPv2Cause(.unableToPageUE)), to: request.peer))
        }
        ue.deferredSGWRequests = []
    }
}

extension ESMProcedure {
    /// EBIs handed out to bearers still being activated.
    var activatingEBIs: [UInt8] {
        switch self {
        case .pdnConnectivity: []
        case .dedicatedActivation(let activation): activation.bearers.map(\.bearer.ebi)
        case .deactivation: []
        }
    }
}
