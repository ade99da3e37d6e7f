import GTPv2C
import GatewayKit
import Wire

/// Create Session (TS 29.274 7.2.1/7.2.2, TS 23.401 5.3.2.1 steps 12-16): the MME's request is
/// relayed to the chosen PGW with the SGW's own F-TEIDs, and the PGW's answer goes back to the
/// MME with the SGW's S11 and S1-U F-TEIDs and the PGW's S5/S8 ones.
extension SGW {
    mutating func createSessionRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        let request = CreateSessionRequest(unchecked: message)
        // The decoder checked that the mandatory IEs are there and decode.
        guard let mmeFTEID = request.senderFTEID, let apn = request.apn,
              let bearerContext = request.bearerContextsToBeCreated.first, let ebi = bearerContext.ebi else { return }
        guard mmeFTEID.interfaceType == .s11MMEGTPC, mmeFTEID.address != nil else {
            reject(message, from: peer, cause: GTPv2Cause(.mandatoryIEIncorrect, offendingIE: GTPv2IEKey(.fteid)))
            return
        }
        var session: SGWSession
        if let teid = message.header.teid, teid != 0 {
            guard let existing = context.sessions[teid] else {
                reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
                return
            }
            guard existing.pdnConnections[ebi] == nil, existing.pdnConnection(holding: ebi) == nil else {
                reject(message, from: peer, cause: GTPv2Cause(.mandatoryIEIncorrect, offendingIE: GTPv2IEKey(.bearerContext)))
                return
            }
            session = existing
        } else {
            // A new session for a subscriber the SGW still has (a re-attach after the MME lost
            // the old one): the old one goes, at the PGW too (TS 23.401 5.3.2.1 step 12).
            if let imsi = request.imsi {
                for old in context.sessions.values.filter({ $0.imsi == imsi }).map(\.s11TEID).sorted() {
                    dropSession(old, reason: "replaced by a new Create Session")
                }
            }
            session = SGWSession(s11TEID: allocateTEID(), mmeControl: mmeFTEID, mme: peer, imsi: request.imsi,
                                 mmeRecovery: request.recovery)
        }
        guard let pgwAddress = selectPGW(apn: apn, imsi: request.imsi, proposed: request.pgwS5S8Address?.address) else {
            log(.warning, "no PGW for APN \(apn)", imsi: request.imsi)
            context.statistics.createSessionFailures += 1
            store(session)
            reject(message, from: peer, cause: GTPv2Cause(.noResourcesAvailable))
            return
        }
        let s5cTEID = allocateTEID()
        let bearer = SGWBearer(ebi: ebi, s1uTEID: allocateTEID(), s5uTEID: allocateTEID(), qos: bearerContext.bearerQoS)
        session.pdnConnections[ebi] = SGWPDNConnection(linkedEBI: ebi, apn: apn.name, s5cTEID: s5cTEID,
                                                       pgw: IPEndpoint(pgwAddress, settings.s5cPort), bearers: [:])
        context.pdnsByS5CTEID[s5cTEID] = (session.s11TEID, ebi)
        add(bearer, to: &session, linkedEBI: ebi)
        store(session)

        var relay = CreateSessionRequest(unchecked: message)
        relay.header = GTPv2Header(messageType: .createSessionRequest, teid: 0, sequenceNumber: nextSequence())
        relay.senderFTEID = s5cFTEID(s5cTEID)
        relay.pgwS5S8Address = nil
        relay.mmeFQCSID = nil
        relay.recovery = recoveryCounter
        var relayed = BearerContext()
        relayed.ebi = ebi
        relayed.bearerQoS = bearerContext.bearerQoS
        relayed.setFTEID(s5uFTEID(bearer.s5uTEID), instance: CreateSessionBearerFTEID.requestS5S8SGW)
        relay.bearerContextsToBeCreated = [relayed]
        log(.info, "Create Session for APN \(apn) (EBI \(ebi)) relayed to PGW \(pgwAddress)", imsi: request.imsi)
        self.request(relay.message, to: IPEndpoint(pgwAddress, settings.s5cPort),
                     purpose: .createSession(s11TEID: session.s11TEID, linkedEBI: ebi, mmeSequence: message.header.sequenceNumber))
    }

    mutating func createSessionResponse(_ message: GTPv2Message, s11TEID: UInt32, linkedEBI: UInt8, mmeSequence: UInt32) {
        let response = CreateSessionResponse(unchecked: message)
        let cause = response.cause ?? GTPv2Cause(.invalidReplyFromRemotePeer)
        guard cause.value.isAcceptance else {
            createSessionFailed(s11TEID: s11TEID, linkedEBI: linkedEBI, mmeSequence: mmeSequence, cause: cause)
            return
        }
        let created = response.bearerContextsCreated.first { $0.ebi == linkedEBI }
        guard let pgwControl = response.senderFTEID, let created, created.cause?.value.isAcceptance ?? true,
              let pgwUser = created.fteid(CreateSessionBearerFTEID.responseS5S8PGW) else {
            log(.warning, "Create Session Response from the PGW lacks its F-TEIDs or the bearer")
            createSessionFailed(s11TEID: s11TEID, linkedEBI: linkedEBI, mmeSequence: mmeSequence,
                                cause: created?.cause ?? GTPv2Cause(.invalidReplyFromRemotePeer))
            return
        }
        guard var session = context.sessions[s11TEID], var pdn = session.pdnConnections[linkedEBI],
              var bearer = pdn.bearers[linkedEBI] else { return }
        pdn.pgwControl = pgwControl
        pdn.established = true
        pdn.pgwRecovery = context.peerRestarts[pdn.pgw.address]
        bearer.pgw = pgwUser
        bearer.chargingID = created.chargingID
        pdn.bearers[linkedEBI] = bearer
        session.pdnConnections[linkedEBI] = pdn
        store(session)
        if let rule = forwarding(bearer, idle: false) { userPlane(.install(rule)) }
        context.statistics.sessionsCreated += 1
        perform(paths.arm(every: settings.timers.echoInterval))

        var answer = CreateSessionResponse(teid: session.mmeControl.teid, sequenceNumber: mmeSequence)
        answer.cause = cause
        answer.senderFTEID = s11FTEID(s11TEID)
        answer.pgwS5S8FTEID = pgwControl
        answer.paa = response.paa
        answer.apnRestriction = response.apnRestriction
        answer.apnAMBR = response.apnAMBR
        answer.pco = response.pco
        var context = BearerContext()
        context.ebi = linkedEBI
        context.cause = created.cause ?? GTPv2Cause(.requestAccepted)
        context.setFTEID(s1uFTEID(bearer.s1uTEID), instance: CreateSessionBearerFTEID.responseS1USGW)
        context.setFTEID(pgwUser, instance: CreateSessionBearerFTEID.responseS5S8PGW)
        context.bearerQoS = created.bearerQoS
        context.chargingID = created.chargingID
        answer.bearerContextsCreated = [context]
        answer.recovery = recoveryCounter
        log(.info, "session created for APN \(pdn.apn) (EBI \(linkedEBI))", imsi: session.imsi)
        self.answer(answer.message, to: session.mme)
    }

    /// The PGW refused or did not answer: the PDN connection goes, and the MME hears why.
    mutating func createSessionFailed(s11TEID: UInt32, linkedEBI: UInt8, mmeSequence: UInt32, cause: GTPv2Cause) {
        guard var session = context.sessions[s11TEID] else { return }
        context.statistics.createSessionFailures += 1
        removePDN(linkedEBI, from: &session)
        store(session)
        log(.warning, "Create Session for EBI \(linkedEBI) failed with cause \(cause.value)", imsi: session.imsi)
        var refusal = CreateSessionResponse(teid: session.mmeControl.teid, sequenceNumber: mmeSequence)
        refusal.cause = GTPv2Cause(cause.value, offendingIE: cause.offendingIE)
        answer(refusal.message, to: session.mme)
    }
}
