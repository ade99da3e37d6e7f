import GTPv2C
import GatewayKit
import Wire

/// Modify Bearer, Delete Session and Release Access Bearers from the MME (TS 29.274 7.2.7-7.2.10,
/// 7.2.21), each naming the session by the SGW's S11 TEID.
extension SGW {
    /// The session an MME request names, or nil after answering "Context not found" (cause 64).
    mutating func session(for message: GTPv2Message, from peer: IPEndpoint) -> SGWSession? {
        if let teid = message.header.teid, let session = context.sessions[teid] { return session }
        reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
        return nil
    }

    /// Modify Bearer Request: the eNB's S1-U F-TEIDs after attach, service request or handover.
    /// A new eNB F-TEID for a bearer that had another one is a path switch: the old eNB gets an
    /// End Marker first. An idle session becomes connected and its buffered packets are delivered.
    mutating func modifyBearerRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard var session = session(for: message, from: peer) else { return }
        let request = ModifyBearerRequest(unchecked: message)
        let wasIdle = session.idle
        var results: [BearerContext] = []
        var accepted = 0
        for requested in request.bearerContextsToBeModified {
            guard let ebi = requested.ebi else { continue }
            var result = BearerContext()
            result.ebi = ebi
            guard let linked = session.pdnConnection(holding: ebi), var bearer = session.pdnConnections[linked]?.bearers[ebi] else {
                result.cause = GTPv2Cause(.contextNotFound)
                results.append(result)
                continue
            }
            if let enb = requested.fteid(0) {
                if let old = bearer.enb, old != enb, !wasIdle { userPlane(.endMarker(old)) }
                bearer.enb = enb
                session.pdnConnections[linked]?.bearers[ebi] = bearer
                if let rule = forwarding(bearer, idle: false) { userPlane(.modify(rule)) }
                if wasIdle { userPlane(.deliverBuffered(s5uTEID: bearer.s5uTEID)) }
            }
            accepted += 1
            result.cause = GTPv2Cause(.requestAccepted)
            result.setFTEID(s1uFTEID(bearer.s1uTEID), instance: 0)
            result.chargingID = bearer.chargingID
            results.append(result)
        }
        if accepted > 0 {
            session.idle = false
            session.notificationPending = nil
        }
        store(session)
        var response = ModifyBearerResponse(teid: session.mmeControl.teid, sequenceNumber: message.header.sequenceNumber)
        switch accepted {
        case results.count: response.cause = GTPv2Cause(.requestAccepted)
        case 0: response.cause = GTPv2Cause(.contextNotFound, bce: true)
        default: response.cause = GTPv2Cause(.requestAcceptedPartially)
        }
        response.bearerContextsModified = results
        answer(response.message, to: peer)
    }

    /// Delete Session Request: relayed to the PGW; the session goes when the PGW answers.
    mutating func deleteSessionRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard let session = session(for: message, from: peer) else { return }
        let request = DeleteSessionRequest(unchecked: message)
        let only = session.pdnConnections.count == 1 ? session.pdnConnections.keys.first : nil
        guard let linked = request.linkedEBI ?? only else {
            reject(message, from: peer, cause: GTPv2Cause(.conditionalIEMissing, offendingIE: GTPv2IEKey(.ebi)))
            return
        }
        guard let pdn = session.pdnConnections[linked] else {
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        let purpose = SGWPurpose.deleteSession(s11TEID: session.s11TEID, linkedEBI: linked, mmeSequence: message.header.sequenceNumber)
        guard pdn.established, let pgwControl = pdn.pgwControl else {
            // Nothing at the PGW yet (its answer to Create Session is still out): delete here only.
            deleteSessionFinished(s11TEID: session.s11TEID, linkedEBI: linked, mmeSequence: message.header.sequenceNumber,
                                  cause: GTPv2Cause(.requestAccepted))
            return
        }
        self.request(SGWBuild.deleteSessionRequest(pgwTEID: pgwControl.teid, linkedEBI: linked, sequence: nextSequence(),
                                                   from: request),
                     to: pdn.pgw, purpose: purpose)
    }

    /// The PGW answered Delete Session (or never did): the PDN connection goes, and the MME
    /// (when one asked) hears the PGW's cause.
    mutating func deleteSessionFinished(s11TEID: UInt32, linkedEBI: UInt8, mmeSequence: UInt32?, cause: GTPv2Cause?) {
        guard var session = context.sessions[s11TEID] else { return }
        removePDN(linkedEBI, from: &session)
        store(session)
        context.statistics.sessionsDeleted += 1
        log(.info, "session for EBI \(linkedEBI) deleted", imsi: session.imsi)
        guard let mmeSequence else { return }
        var response = DeleteSessionResponse(teid: session.mmeControl.teid, sequenceNumber: mmeSequence)
        response.cause = cause ?? GTPv2Cause(.requestAccepted)
        answer(response.message, to: session.mme)
    }

    /// Release Access Bearers Request: the UE went ECM-IDLE; the eNB tunnels go and downlink
    /// is buffered until a Modify Bearer gives new ones (TS 23.401 5.3.5).
    mutating func releaseAccessBearersRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard var session = session(for: message, from: peer) else { return }
        for (linked, pdn) in session.pdnConnections {
            for (ebi, var bearer) in pdn.bearers {
                bearer.enb = nil
                session.pdnConnections[linked]?.bearers[ebi] = bearer
                if let rule = forwarding(bearer, idle: true) { userPlane(.modify(rule)) }
            }
        }
        session.idle = true
        store(session)
        var response = ReleaseAccessBearersResponse(teid: session.mmeControl.teid, sequenceNumber: message.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        answer(response.message, to: peer)
    }
}
