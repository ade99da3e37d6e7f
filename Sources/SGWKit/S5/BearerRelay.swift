import GTPv2C
import GatewayKit
import Wire

/// A bearer request from the PGW that the SGW relayed to the MME: where the answer goes back,
/// and for Create Bearer the TEIDs the SGW set aside for the new bearers.
struct BearerRelay: Sendable {
    struct NewBearer: Sendable {
        var s1uTEID: UInt32
        var s5uTEID: UInt32
        var pgw: FTEID
        var qos: BearerQoS?
        var tft: TrafficFlowTemplate?
        var chargingID: UInt32?
    }

    var request: GTPv2MessageType
    var s11TEID: UInt32
    var linkedEBI: UInt8
    var pgw: IPEndpoint
    var pgwSequence: UInt32
    /// The PGW's S5/S8-C TEID: the header TEID of the answer.
    var pgwTEID: UInt32
    var newBearers: [NewBearer] = []
    /// Update Bearer: the QoS and TFTs asked for, applied when the MME accepts.
    var updates: [BearerContext] = []
}

/// Create, Update and Delete Bearer Request (TS 29.274 7.2.3-7.2.10, TS 23.401 5.4): relayed
/// PGW → MME with the SGW's S1-U F-TEIDs for new bearers, and the responses MME → PGW with its
/// S5/S8-U F-TEIDs; the user plane follows what the MME accepted.
extension SGW {
    mutating func bearerRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard let (session, linked) = pdn(forS5C: message.header.teid), let pdn = session.pdnConnections[linked] else {
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        var relay = BearerRelay(request: message.type, s11TEID: session.s11TEID, linkedEBI: linked, pgw: peer,
                                pgwSequence: message.header.sequenceNumber, pgwTEID: pdn.pgwControl?.teid ?? 0)
        var outgoing = SGWBuild.relay(message, teid: session.mmeControl.teid, sequence: nextSequence())
        switch message.type {
        case .createBearerRequest:
            var contexts: [BearerContext] = []
            for requested in CreateBearerRequest(unchecked: message).bearerContexts {
                guard let pgwUser = requested.fteid(1) else {
                    for bearer in relay.newBearers { releaseTEID(bearer.s1uTEID); releaseTEID(bearer.s5uTEID) }
                    reject(message, from: peer, cause: GTPv2Cause(.conditionalIEMissing, offendingIE: GTPv2IEKey(.fteid, instance: 1)))
                    return
                }
                let bearer = BearerRelay.NewBearer(s1uTEID: allocateTEID(), s5uTEID: allocateTEID(), pgw: pgwUser,
                                                   qos: requested.bearerQoS, tft: requested.tft, chargingID: requested.chargingID)
                relay.newBearers.append(bearer)
                var context = requested
                context.setFTEID(s1uFTEID(bearer.s1uTEID), instance: 0)
                contexts.append(context)
            }
            outgoing[bearerContexts: 0] = contexts
        case .updateBearerRequest:
            relay.updates = UpdateBearerRequest(unchecked: message).bearerContexts
        default:
            break
        }
        log(.info, "\(message.type) for EBI \(linked) relayed to the MME", imsi: session.imsi)
        request(outgoing, to: session.mme, purpose: .bearerRequest(relay))
    }

    mutating func bearerResponse(_ message: GTPv2Message, relay: BearerRelay) {
        switch relay.request {
        case .createBearerRequest: createBearerResponse(message, relay: relay)
        case .updateBearerRequest: updateBearerResponse(message, relay: relay)
        default: deleteBearerResponse(message, relay: relay)
        }
    }

    private mutating func createBearerResponse(_ message: GTPv2Message, relay: BearerRelay) {
        let response = CreateBearerResponse(unchecked: message)
        let accepted = response.cause?.value.isAcceptance ?? false
        var unclaimed = relay.newBearers
        var results: [BearerContext] = []
        var session = context.sessions[relay.s11TEID]
        for (index, answered) in response.bearerContexts.enumerated() {
            // The MME echoes the SGW's S1-U F-TEID (instance 1), which says which new bearer it is.
            let position = answered.fteid(1).flatMap { sgw in unclaimed.firstIndex { $0.s1uTEID == sgw.teid } }
                ?? (index < unclaimed.count ? index : nil)
            guard let position else { continue }
            let new = unclaimed.remove(at: position)
            var result = BearerContext()
            result.ebi = answered.ebi ?? 0
            let cause = answered.cause ?? GTPv2Cause(.invalidReplyFromRemotePeer)
            if accepted, cause.value.isAcceptance, let ebi = answered.ebi, let enb = answered.fteid(0),
               session?.pdnConnections[relay.linkedEBI] != nil, session?.pdnConnection(holding: ebi) == nil {
                let bearer = SGWBearer(ebi: ebi, s1uTEID: new.s1uTEID, s5uTEID: new.s5uTEID, enb: enb, pgw: new.pgw,
                                       qos: new.qos, tft: new.tft, chargingID: new.chargingID)
                add(bearer, to: &session!, linkedEBI: relay.linkedEBI)
                if let rule = forwarding(bearer, idle: false) { userPlane(.install(rule)) }
                result.cause = cause
                result.setFTEID(s5uFTEID(new.s5uTEID), instance: 2)
                result.setFTEID(new.pgw, instance: 3)
            } else {
                releaseTEID(new.s1uTEID)
                releaseTEID(new.s5uTEID)
                result.cause = cause.value.isAcceptance ? GTPv2Cause(.contextNotFound) : cause
            }
            results.append(result)
        }
        for new in unclaimed {
            releaseTEID(new.s1uTEID)
            releaseTEID(new.s5uTEID)
        }
        if let session { store(session) }
        var answer = CreateBearerResponse(teid: relay.pgwTEID, sequenceNumber: relay.pgwSequence)
        answer.cause = response.cause ?? GTPv2Cause(.invalidReplyFromRemotePeer)
        answer.bearerContexts = results
        answer.userLocation = response.userLocation
        answer.ueTimeZone = response.ueTimeZone
        self.answer(answer.message, to: relay.pgw)
    }

    private mutating func updateBearerResponse(_ message: GTPv2Message, relay: BearerRelay) {
        if var session = context.sessions[relay.s11TEID] {
            let accepted = Set(UpdateBearerResponse(unchecked: message).bearerContexts.compactMap { context in
                context.cause?.value.isAcceptance == true ? context.ebi : nil
            })
            for update in relay.updates {
                guard let ebi = update.ebi, accepted.contains(ebi),
                      var bearer = session.pdnConnections[relay.linkedEBI]?.bearers[ebi] else { continue }
                if let qos = update.bearerQoS { bearer.qos = qos }
                if let tft = update.tft { bearer.tft = tft }
                session.pdnConnections[relay.linkedEBI]?.bearers[ebi] = bearer
            }
            store(session)
        }
        answer(SGWBuild.relay(message, teid: relay.pgwTEID, sequence: relay.pgwSequence), to: relay.pgw)
    }

    private mutating func deleteBearerResponse(_ message: GTPv2Message, relay: BearerRelay) {
        let response = DeleteBearerResponse(unchecked: message)
        if var session = context.sessions[relay.s11TEID], response.cause?.value.isAcceptance == true {
            if let linked = response.linkedEBI, response.bearerContexts.isEmpty {
                removePDN(linked, from: &session)
            } else {
                for result in response.bearerContexts where result.cause?.value.isAcceptance == true {
                    guard let ebi = result.ebi else { continue }
                    if ebi == relay.linkedEBI { removePDN(ebi, from: &session) } else {
                        remove(bearer: ebi, from: &session, linkedEBI: relay.linkedEBI)
                    }
                }
            }
            store(session)
        }
        answer(SGWBuild.relay(message, teid: relay.pgwTEID, sequence: relay.pgwSequence), to: relay.pgw)
    }

    /// The MME did not answer (or answered what could not be read): the PGW hears the cause.
    mutating func bearerRequestFailed(_ relay: BearerRelay, cause: GTPv2Cause) {
        for bearer in relay.newBearers {
            releaseTEID(bearer.s1uTEID)
            releaseTEID(bearer.s5uTEID)
        }
        guard let refusal = GTPCReplies.rejection(relay.request, teid: relay.pgwTEID, sequence: relay.pgwSequence,
                                                  cause: cause) else { return }
        answer(refusal, to: relay.pgw)
    }
}
