import GTPv2C
import NIOCore
import Wire

/// What an S11 request was for.
enum S11Purpose: Sendable, Hashable {
    case createSession(ebi: UInt8)
    /// Modify Bearer Request for the bearers of the PDN connection with this default EBI.
    case modifyBearer(ebi: UInt8)
    case deleteSession(ebi: UInt8)
    case releaseAccessBearers
}

/// S11 towards the SGW (TS 29.274): requests with their timers, matching responses, requests
/// from the SGW, answers to what does not decode, and SGW restarts seen in the Recovery IE.
extension MME {
    mutating func sendGTPRequest(_ message: GTPv2Message, to peer: GTPPeer, purpose: S11Purpose, ue: UEID) {
        let sequence = message.header.sequenceNumber
        let timer = startTimer(.s11Response, owner: sequence, after: settings.s11Timeout)
        context.gtpRequests[sequence] = PendingGTPRequest(ue: ue, purpose: purpose,
                                                          message: AddressedGTPMessage(message: message, peer: peer), timer: timer)
        actions.append(.sendGTP(message, to: peer))
    }

    mutating func s11TimerExpired(_ timer: MMETimerID) {
        guard var pending = context.gtpRequests[timer.owner], pending.timer == timer else { return }
        if retransmits(&pending, retries: settings.s11Retries, counter: \.s11Retransmissions) {
            context.gtpRequests[timer.owner] = pending
            actions.append(.sendGTP(pending.message.message, to: pending.message.peer))
            return
        }
        context.gtpRequests[timer.owner] = nil
        log(.warning, "SGW \(pending.message.peer) did not answer \(pending.message.message.type)")
        withUE(pending.ue) { mme, ue in mme.s11RequestFailed(pending.purpose, cause: nil, ue: &ue) }
    }

    // MARK: receiving

    mutating func receiveGTP(_ bytes: ByteBuffer, from peer: GTPPeer) {
        let message: GTPv2Message
        do {
            message = try GTPv2Message.decode(bytes)
        } catch {
            context.statistics.malformed("gtpv2c")
            log(.warning, "refused GTPv2-C from \(peer): \(error)")
            refuseGTP(error, from: peer)
            return
        }
        if let recovery = message[.recovery()] { noteRecovery(recovery, of: peer) }
        switch message.type {
        case .echoRequest:
            actions.append(.sendGTP(S11Build.echoResponse(sequence: message.header.sequenceNumber,
                                                          recovery: context.recoveryCounter), to: peer))
        case .echoResponse:
            break
        case .createSessionResponse, .modifyBearerResponse, .deleteSessionResponse, .releaseAccessBearersResponse:
            gtpResponse(message, from: peer)
        case .downlinkDataNotification:
            downlinkDataNotification(message, from: peer)
        case .createBearerRequest, .deleteBearerRequest:
            bearerRequest(message, from: peer)
        default:
            if let type = S11Build.responseType(to: message.type) {
                let teid = sgwTEID(forMMETEID: message.header.teid)
                actions.append(.sendGTP(S11Build.rejection(type, teid: teid, sequence: message.header.sequenceNumber,
                                                           cause: GTPv2Cause(.serviceNotSupported)), to: peer))
            } else {
                log(.info, "unexpected \(message.type) from \(peer) ignored")
            }
        }
    }

    /// The UE an SGW request names by the MME's S11 TEID; an unknown TEID gets "Context not
    /// found" (TS 29.274 cause 64) in the response to the request.
    mutating func ueID(forSGWRequest message: GTPv2Message, from peer: GTPPeer) -> UEID? {
        if let id = message.header.teid.flatMap({ context.uesByS11TEID[$0] }), context.ues[id] != nil { return id }
        if let type = S11Build.responseType(to: message.type) {
            actions.append(.sendGTP(S11Build.rejection(type, teid: 0, sequence: message.header.sequenceNumber,
                                                       cause: GTPv2Cause(.contextNotFound)), to: peer))
        }
        return nil
    }

    /// The SGW's S11 TEID for the UE that the MME's S11 TEID in a header names; 0 when unknown.
    func sgwTEID(forMMETEID teid: UInt32?) -> UInt32 {
        teid.flatMap { context.uesByS11TEID[$0] }.flatMap { context.ues[$0]?.sgwS11TEID } ?? 0
    }

    /// A message that did not decode: a request gets its response with the cause the decoder
    /// names (TS 29.274 7.7), a response fails the request it answers.
    mutating func refuseGTP(_ error: GTPv2DecodeError, from peer: GTPPeer) {
        switch error {
        case .unsupportedVersion:
            // TS 29.274 7.1.3: the sender learns which version this node speaks.
            actions.append(.sendGTP(GTPv2Message(.versionNotSupportedIndication, teid: nil, sequenceNumber: 0), to: peer))
        case .malformedHeader:
            break
        case .malformed(_, let header), .mandatoryIEMissing(_, let header), .mandatoryIEIncorrect(_, let header):
            if let type = S11Build.responseType(to: header.messageType) {
                actions.append(.sendGTP(S11Build.rejection(type, teid: sgwTEID(forMMETEID: header.teid),
                                                           sequence: header.sequenceNumber, cause: error.cause), to: peer))
            } else if let pending = context.gtpRequests.removeValue(forKey: header.sequenceNumber) {
                stopTimer(pending.timer)
                withUE(pending.ue) { mme, ue in mme.s11RequestFailed(pending.purpose, cause: error.cause.value, ue: &ue) }
            }
        }
    }

    mutating func gtpResponse(_ message: GTPv2Message, from peer: GTPPeer) {
        let sequence = message.header.sequenceNumber
        guard let pending = context.gtpRequests[sequence], pending.message.peer.address == peer.address else {
            log(.info, "\(message.type) from \(peer) answers no pending request")
            return
        }
        // A response names the UE by the MME's S11 TEID, or by 0 when the SGW found no context.
        let teid = message.header.teid ?? 0
        if teid != 0, let owner = context.uesByS11TEID[teid], owner != pending.ue {
            log(.warning, "\(message.type) from \(peer) with sequence \(sequence) names another UE's tunnel")
            return
        }
        context.gtpRequests[sequence] = nil
        stopTimer(pending.timer)
        guard context.ues[pending.ue] != nil else {
            // The UE context went while its request was out (a detach or an aborted attach that
            // deleted its sessions on the way): nothing waits for the answer any more.
            if case .deleteSession = pending.purpose { context.statistics.sessionsDeleted += 1 }
            return
        }
        withUE(pending.ue) { mme, ue in
            switch pending.purpose {
            case .createSession(let ebi): mme.createSessionResponse(message, ebi: ebi, from: peer, ue: &ue)
            case .modifyBearer(let ebi): mme.modifyBearerResponse(message, ebi: ebi, ue: &ue)
            case .deleteSession(let ebi): mme.deleteSessionResponse(ebi: ebi, ue: &ue)
            case .releaseAccessBearers: mme.releaseAccessBearersResponse(ue: &ue)
            }
        }
    }

    /// A request that got no usable response: what waited for it goes on without it or fails.
    mutating func s11RequestFailed(_ purpose: S11Purpose, cause: GTPv2CauseValue?, ue: inout UEContext) {
        switch purpose {
        case .createSession(let ebi): sessionCreationFailed(ebi: ebi, cause: cause, ue: &ue)
        case .modifyBearer(let ebi): modificationFailed(ebi: ebi, ue: &ue)
        case .deleteSession(let ebi): deleteSessionResponse(ebi: ebi, ue: &ue)
        case .releaseAccessBearers: releaseAccessBearersResponse(ue: &ue)
        }
    }

    // MARK: SGW restarts

    /// A new restart counter from an SGW means it restarted and lost every session (TS 23.007
    /// 18): the UEs it served are detached, re-attach required, so that they get new sessions.
    mutating func noteRecovery(_ counter: UInt8, of peer: GTPPeer) {
        let previous = context.sgwRestartCounters.updateValue(counter, forKey: peer)
        guard let previous, previous != counter else { return }
        context.statistics.sgwRestarts += 1
        log(.warning, "SGW \(peer) restarted (restart counter \(previous) -> \(counter))")
        let affected = context.ues.values.filter { ue in
            ue.sgw == peer && ue.sgwRecovery != nil && ue.sgwRecovery != counter
        }.map(\.id)
        for id in affected {
            withUE(id) { mme, ue in
                // The sessions are gone with the SGW: nothing to delete there.
                ue.pdnConnections.removeAll()
                ue.esmProcedures.removeAll()
                ue.sgwS11TEID = nil
                ue.sgwRecovery = nil
                if case .attach = ue.procedure {
                    mme.abortAttach(&ue, reason: "sgw-restart", cause: .nas(.unspecified))
                } else {
                    mme.detachByNetwork(&ue, reattachRequired: true)
                }
            }
        }
    }
}
