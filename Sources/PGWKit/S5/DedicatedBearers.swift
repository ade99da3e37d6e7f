import GTPv2C
import GatewayKit
import Wire

/// Dedicated bearers by policy (TS 23.401 5.4.1, 5.4.4.1; TS 29.274 7.2.3, 7.2.9.2): the PGW
/// asks the SGW for a bearer with the rule's QoS and TFT, and installs it in the user plane
/// when the SGW (and through it the MME and UE) accepted it.
extension PGW {
    mutating func requestDedicatedBearer(_ rule: PolicyRule, s5cTEID: UInt32) {
        guard let session = context.sessions[s5cTEID] else { return }
        let s5uTEID = allocateTEID()
        let chargingID = teids.identifiers.nextChargingID()
        var request = CreateBearerRequest(teid: session.sgwControl.teid, sequenceNumber: teids.identifiers.nextSequence())
        request.linkedEBI = session.defaultEBI
        var bearer = BearerContext()
        // The MME assigns the EBI; the request carries 0 (TS 29.274 7.2.3).
        bearer.ebi = 0
        bearer.tft = TrafficFlowTemplate(operation: .createNew, packetFilters: rule.packetFilters)
        bearer.setFTEID(s5uFTEID(s5uTEID), instance: 1)
        bearer.bearerQoS = rule.qos
        bearer.chargingID = chargingID
        request.bearerContexts = [bearer]
        log(.info, "dedicated bearer \(rule.name) (QCI \(rule.qos.qci)) requested", imsi: session.imsi)
        self.request(request.message, to: session.sgw,
                     purpose: .createBearer(s5cTEID: s5cTEID, rule: rule.name, s5uTEID: s5uTEID, chargingID: chargingID))
    }

    /// The SGW's answer (nil: none came, or it could not be read): an accepted bearer joins the
    /// session and its user-plane rule.
    mutating func createBearerResponse(_ message: GTPv2Message?, s5cTEID: UInt32, rule: String, s5uTEID: UInt32, chargingID: UInt32) {
        let response = message.flatMap { CreateBearerResponse($0) }
        let result = response?.bearerContexts.first
        guard var session = context.sessions[s5cTEID], let response, response.cause?.value.isAcceptance == true,
              let result, result.cause?.value.isAcceptance == true, let ebi = result.ebi, session.bearers[ebi] == nil,
              let sgwUser = result.fteid(2), let policy = session.rules[rule] else {
            releaseTEID(s5uTEID)
            let cause = result?.cause?.value ?? response?.cause?.value
            log(.warning, "dedicated bearer \(rule) not established (cause \(cause.map { "\($0)" } ?? "none"))",
                imsi: context.sessions[s5cTEID]?.imsi)
            reportRuleFailure(rule, s5cTEID: s5cTEID)
            return
        }
        session.bearers[ebi] = PGWBearer(ebi: ebi, s5uTEID: s5uTEID, sgw: sgwUser, qos: policy.qos, chargingID: chargingID,
                                         rule: rule, packetFilters: policy.packetFilters)
        context.sessions[s5cTEID] = session
        context.statistics.dedicatedBearersCreated += 1
        log(.info, "dedicated bearer \(rule) established as EBI \(ebi)", imsi: session.imsi)
        install(session)
    }

    mutating func installPolicyRule(_ name: String, ueAddress: IPv4Address) {
        guard let session = context.session(of: ueAddress), let rule = session.rules[name] else {
            log(.warning, "no session at \(ueAddress) or no rule \(name) for its APN")
            return
        }
        guard !session.bearers.values.contains(where: { $0.rule == name }) else { return }
        requestDedicatedBearer(rule, s5cTEID: session.s5cTEID)
    }

    mutating func removePolicyRule(_ name: String, ueAddress: IPv4Address) {
        guard let session = context.session(of: ueAddress),
              let bearer = session.bearers.values.first(where: { $0.rule == name }) else {
            log(.info, "no dedicated bearer for rule \(name) at \(ueAddress)")
            return
        }
        var request = DeleteBearerRequest(teid: session.sgwControl.teid, sequenceNumber: teids.identifiers.nextSequence())
        request.epsBearerIDs = [bearer.ebi]
        self.request(request.message, to: session.sgw, purpose: .deleteBearer(s5cTEID: session.s5cTEID, ebis: [bearer.ebi]))
    }

    /// The SGW's answer to Delete Bearer (nil: none came). The bearers go either way: the PGW
    /// decided they end, and a bearer the UE still had would be cleaned by the next procedure.
    mutating func deleteBearerResponse(_ message: GTPv2Message?, s5cTEID: UInt32, ebis: [UInt8]) {
        guard var session = context.sessions[s5cTEID] else { return }
        if message == nil { log(.warning, "Delete Bearer for EBIs \(ebis) unanswered: deleted anyway", imsi: session.imsi) }
        for ebi in ebis {
            guard let bearer = session.bearers.removeValue(forKey: ebi) else { continue }
            releaseTEID(bearer.s5uTEID)
            context.statistics.dedicatedBearersDeleted += 1
        }
        context.sessions[s5cTEID] = session
        install(session)
    }

    /// Update Bearer Request (TS 29.274 7.2.15): the bearer gets the rule's QoS and its TFT's
    /// filters are replaced by the rule's.
    mutating func requestBearerUpdate(_ rule: PolicyRule, ebi: UInt8, s5cTEID: UInt32) {
        guard let session = context.sessions[s5cTEID] else { return }
        var request = UpdateBearerRequest(teid: session.sgwControl.teid, sequenceNumber: teids.identifiers.nextSequence())
        var bearer = BearerContext()
        bearer.ebi = ebi
        bearer.tft = TrafficFlowTemplate(operation: .replacePacketFilters, packetFilters: rule.packetFilters)
        bearer.bearerQoS = rule.qos
        request.bearerContexts = [bearer]
        // The APN-AMBR is mandatory in the request; it does not change here.
        request.apnAMBR = session.apnAMBR ?? AMBR(uplink: 0, downlink: 0)
        self.request(request.message, to: session.sgw, purpose: .updateBearer(s5cTEID: s5cTEID, ebi: ebi, rule: rule))
    }

    /// The SGW's answer (nil: none came): an accepted update takes effect in the user plane; a
    /// refused one leaves the bearer as it was, and the PCRF hears of it.
    mutating func updateBearerResponse(_ message: GTPv2Message?, s5cTEID: UInt32, ebi: UInt8, rule: PolicyRule) {
        guard var session = context.sessions[s5cTEID], var bearer = session.bearers[ebi] else { return }
        let response = message.flatMap { UpdateBearerResponse($0) }
        let accepted = response?.cause?.value.isAcceptance == true
            && response?.bearerContexts.first(where: { $0.ebi == ebi })?.cause?.value.isAcceptance == true
        guard accepted else {
            log(.warning, "update of bearer \(ebi) for rule \(rule.name) not accepted", imsi: session.imsi)
            reportRuleFailure(rule.name, s5cTEID: s5cTEID, forget: false)
            return
        }
        bearer.qos = rule.qos
        bearer.packetFilters = rule.packetFilters
        session.bearers[ebi] = bearer
        session.rules[rule.name] = rule
        context.sessions[s5cTEID] = session
        install(session)
    }
}
