import GTPv2C
import NAS
import S1AP
import Wire

/// PDN connections on S11 (TS 23.401 5.3.2.1, 5.10): Create Session from the subscription,
/// Modify Bearer with the eNB's F-TEIDs, Delete Session, Release Access Bearers.
extension MME {
    /// Starts a PDN connection: the APN from the subscription, the PDN type both allow, the
    /// SGW chosen for the UE, one Create Session Request. Fails with the ESM cause for the UE.
    mutating func createSession(_ ue: inout UEContext, apn requested: String?, requestedType: NASPDNType,
                                pco: ProtocolConfigurationOptions?, pti: UInt8) -> Result<Void, ESMFailure> {
        guard let subscription = ue.subscription, let imsi = ue.imsi else { return .failure(ESMFailure(.networkFailure)) }
        guard let apn = subscription.apn(for: requested) else {
            log(.notice, "APN \(requested ?? "(default)") is not subscribed", imsi: ue.imsi)
            return .failure(ESMFailure(.missingOrUnknownAPN))
        }
        if ue.pdnConnections.contains(where: { $0.apn.lowercased() == apn.name.lowercased() }) {
            return .failure(ESMFailure(.multiplePDNConnectionsForAGivenAPNNotAllowed))
        }
        guard let (pdnType, typeCause) = Self.pdnType(requested: requestedType, subscribed: apn.pdnType) else {
            return .failure(ESMFailure(.unknownPDNType))
        }
        guard let ebi = ue.freeEBI else { return .failure(ESMFailure(.insufficientResources)) }
        if ue.sgw == nil { ue.sgw = sgwSelection.select(from: context.sgwCandidates, for: imsi) }
        guard let sgw = ue.sgw, !context.pgwCandidates.isEmpty else {
            log(.error, "no SGW or PGW is ready", imsi: ue.imsi)
            return .failure(ESMFailure(.serviceOptionTemporarilyOutOfOrder))
        }
        // One PGW per subscriber, spread by S11 TEID so that PGW replicas share the load.
        let pgw = context.pgwCandidates[Int(ue.mmeS11TEID % UInt32(context.pgwCandidates.count))]
        let qos = BearerQoS(qci: apn.qci, arp: apn.arp)
        let pdn = PDNConnection(apn: apn.name, pdnType: pdnType, state: .creating, pti: pti, paa: nil,
                                ambr: AMBR(uplink: Self.kilobits(apn.ambrUplink), downlink: Self.kilobits(apn.ambrDownlink)),
                                bearers: [EPSBearer(ebi: ebi, qos: qos)], requestedPCO: pco, pdnTypeCause: typeCause)
        ue.pdnConnections.append(pdn)
        let request = S11Build.createSessionRequest(ue, pdn, settings: settings, pgw: pgw,
                                                    sequence: context.identifiers.nextSequence(),
                                                    recovery: context.recoveryCounter)
        sendGTPRequest(request, to: sgw, purpose: .createSession(ebi: ebi), ue: ue.id)
        return .success(())
    }

    /// The PDN type to ask for: what the UE wants if the subscription allows it, else the one
    /// family the subscription allows, with the ESM cause that tells the UE (TS 24.301 6.5.1.3).
    static func pdnType(requested: NASPDNType, subscribed: APNConfiguration.PDNType) -> (GTPPDNType, ESMCause?)? {
        let wantsV4 = requested.value == NASPDNType.ipv4.value || requested.value == NASPDNType.ipv4v6.value
        let wantsV6 = requested.value == NASPDNType.ipv6.value || requested.value == NASPDNType.ipv4v6.value
        switch subscribed {
        case .ipv4v6:
            if wantsV4 && wantsV6 { return (.ipv4v6, nil) }
            return wantsV4 ? (.ipv4, nil) : wantsV6 ? (.ipv6, nil) : nil
        case .ipv4OrIPv6:
            if wantsV4 && wantsV6 { return (.ipv4, .singleAddressBearersOnlyAllowed) }
            return wantsV4 ? (.ipv4, nil) : wantsV6 ? (.ipv6, nil) : nil
        case .ipv4:
            return wantsV4 ? (.ipv4, wantsV6 ? .pdnTypeIPv4OnlyAllowed : nil) : nil
        case .ipv6:
            return wantsV6 ? (.ipv6, wantsV4 ? .pdnTypeIPv6OnlyAllowed : nil) : nil
        }
    }

    /// bit/s (Diameter) to kbit/s (GTPv2 AMBR), saturating.
    static func kilobits(_ bitsPerSecond: UInt64) -> UInt32 { UInt32(min(bitsPerSecond / 1000, UInt64(UInt32.max))) }

    mutating func createSessionResponse(_ message: GTPv2Message, ebi: UInt8, from peer: GTPPeer, ue: inout UEContext) {
        guard let index = ue.pdnIndex(defaultEBI: ebi), ue.pdnConnections[index].state == .creating else { return }
        let response = CreateSessionResponse(unchecked: message)
        let cause = response.cause?.value ?? .systemFailure
        guard cause.isAcceptance, let sender = response.senderFTEID,
              let created = response.bearerContextsCreated.first(where: { $0.ebi == ebi }),
              created.cause?.value.isAcceptance ?? true, let s1u = created.fteid(CreateSessionBearerFTEID.responseS1USGW) else {
            log(.notice, "Create Session refused with cause \(cause)", imsi: ue.imsi)
            sessionCreationFailed(ebi: ebi, cause: cause.isAcceptance ? .mandatoryIEMissing : cause, ue: &ue)
            return
        }
        ue.sgwS11TEID = sender.teid
        ue.sgwRecovery = context.sgwRestartCounters[peer]
        context.statistics.sessionsCreated += 1
        var pdn = ue.pdnConnections[index]
        pdn.state = .activating
        pdn.paa = response.paa
        pdn.pgwS5S8C = response.pgwS5S8FTEID
        pdn.grantedPCO = response.pco
        if let ambr = response.apnAMBR { pdn.ambr = ambr }
        pdn.bearers[0].sgwS1U = s1u
        pdn.bearers[0].pgwS5S8U = created.fteid(CreateSessionBearerFTEID.responseS5S8PGW)
        pdn.bearers[0].chargingID = created.chargingID
        ue.pdnConnections[index] = pdn
        if case .attach = ue.procedure {
            sendAttachAccept(&ue, pdn: index)
        } else {
            activateAdditionalPDN(&ue, pdn: index)
        }
    }

    /// The ESM cause for an SGW/PGW refusal (TS 29.274 8.4 to TS 24.301 9.9.4.4).
    static func esmCause(for cause: GTPv2CauseValue?) -> ESMCause {
        switch cause {
        case nil: .networkFailure
        case GTPv2CauseValue.missingOrUnknownAPN: .missingOrUnknownAPN
        case GTPv2CauseValue.noResourcesAvailable, GTPv2CauseValue.allDynamicAddressesAreOccupied: .insufficientResources
        case GTPv2CauseValue.preferredPDNTypeNotSupported: .unknownPDNType
        default: .requestRejectedBySGWOrPGW
        }
    }

    mutating func sessionCreationFailed(ebi: UInt8, cause: GTPv2CauseValue?, ue: inout UEContext) {
        guard let index = ue.pdnIndex(defaultEBI: ebi) else { return }
        let pdn = ue.pdnConnections.remove(at: index)
        let reject = PDNConnectivityReject(header: ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: pdn.pti),
                                           esmCause: Self.esmCause(for: cause))
        if case .attach = ue.procedure {
            rejectAttach(&ue, cause: .esmFailure, esm: .pdnConnectivityReject(reject))
        } else {
            ue.esmProcedures.removeAll { $0.defaultEBI == ebi }
            sendNAS(.esm(.pdnConnectivityReject(reject)), ue: &ue)
        }
    }

    /// Modify Bearer Request with the eNB's F-TEIDs of one PDN connection's bearers.
    mutating func modifyBearers(_ ue: inout UEContext, pdn index: Int) {
        guard let sgw = ue.sgw else { return }
        let pdn = ue.pdnConnections[index]
        let bearers = pdn.bearers.filter { $0.enbS1U != nil }
        let request = S11Build.modifyBearerRequest(ue, bearers: bearers, sequence: context.identifiers.nextSequence())
        sendGTPRequest(request, to: sgw, purpose: .modifyBearer(ebi: pdn.defaultEBI), ue: ue.id)
    }

    mutating func modifyBearerResponse(_ message: GTPv2Message, ebi: UInt8, ue: inout UEContext) {
        let cause = ModifyBearerResponse(unchecked: message).cause?.value ?? .systemFailure
        guard cause.isAcceptance else {
            log(.warning, "Modify Bearer refused with cause \(cause)", imsi: ue.imsi)
            modificationFailed(ebi: ebi, ue: &ue)
            return
        }
        if let index = ue.pdnIndex(defaultEBI: ebi), ue.pdnConnections[index].state == .activating {
            ue.pdnConnections[index].state = .active
        }
        switch ue.procedure {
        case .attach: attachFinished(&ue)
        case .serviceRequest(let pending): serviceRequestModified(&ue, pending: pending)
        default: break
        }
    }

    /// The SGW would not take the eNB's F-TEIDs: the user plane cannot work, so the connection
    /// is released (the UE comes back with a service request) or the attach fails.
    mutating func modificationFailed(ebi: UInt8, ue: inout UEContext) {
        switch ue.procedure {
        case .attach: abortAttach(&ue, reason: "modify-bearer-failed", cause: .nas(.unspecified))
        case .serviceRequest:
            ue.procedure = nil
            releaseConnection(&ue, cause: .nas(.unspecified))
        default: break
        }
    }

    /// Delete Session Request for every PDN connection the SGW has; returns how many were sent.
    @discardableResult
    mutating func deleteAllSessions(_ ue: inout UEContext) -> Int {
        var sent = 0
        if let sgw = ue.sgw, ue.sgwS11TEID != nil {
            for index in ue.pdnConnections.indices where ue.pdnConnections[index].state != .creating
                && ue.pdnConnections[index].state != .deleting {
                ue.pdnConnections[index].state = .deleting
                let request = S11Build.deleteSessionRequest(ue, ue.pdnConnections[index], sequence: context.identifiers.nextSequence())
                sendGTPRequest(request, to: sgw, purpose: .deleteSession(ebi: ue.pdnConnections[index].defaultEBI), ue: ue.id)
                sent += 1
            }
        }
        ue.esmProcedures.removeAll()
        return sent
    }

    mutating func deleteSessionResponse(ebi: UInt8, ue: inout UEContext) {
        if let index = ue.pdnIndex(defaultEBI: ebi) {
            ue.pdnConnections.remove(at: index)
            context.statistics.sessionsDeleted += 1
        }
        if case .detach(var procedure) = ue.procedure {
            procedure.pendingDeletions -= 1
            ue.procedure = .detach(procedure)
            if procedure.pendingDeletions <= 0 { finishDetach(&ue) }
        }
    }

    // MARK: S1 release

    /// Takes the UE to ECM-IDLE (TS 23.401 5.3.5): Release Access Bearers first when it has
    /// bearers on the SGW, then UE Context Release Command.
    mutating func releaseConnection(_ ue: inout UEContext, cause: Cause) {
        guard let connection = ue.connection, connection.release == nil else { return }
        if ue.sgwS11TEID != nil, ue.pdnConnections.contains(where: { $0.state == .active }) {
            ue.connection?.release = .awaitingSGW(cause)
            sendReleaseAccessBearers(&ue)
        } else {
            ue.connection?.release = .commandSent
            send(S1APBuild.ueContextReleaseCommand(connection, cause: cause), to: ue)
        }
    }

    /// Release Access Bearers Request: the SGW drops the eNB's tunnels and buffers downlink data.
    mutating func sendReleaseAccessBearers(_ ue: inout UEContext) {
        guard let sgw = ue.sgw else { return }
        let request = S11Build.releaseAccessBearersRequest(ue, sequence: context.identifiers.nextSequence())
        sendGTPRequest(request, to: sgw, purpose: .releaseAccessBearers, ue: ue.id)
    }

    mutating func releaseAccessBearersResponse(ue: inout UEContext) {
        for pdn in ue.pdnConnections.indices {
            for bearer in ue.pdnConnections[pdn].bearers.indices { ue.pdnConnections[pdn].bearers[bearer].enbS1U = nil }
        }
        guard let connection = ue.connection, case .awaitingSGW(let cause) = connection.release else { return }
        ue.connection?.release = .commandSent
        send(S1APBuild.ueContextReleaseCommand(connection, cause: cause), to: ue)
    }
}

/// Why a PDN connection could not be made, as the UE hears it.
struct ESMFailure: Error {
    var cause: ESMCause
    init(_ cause: ESMCause) { self.cause = cause }
}
