import Diameter
import GTPv2C
import GatewayKit
import Wire

/// Gx toward the PCRF (TS 29.212 4.5): CCR-I before a session is answered, the PCC rules of
/// CCA-I and RAR turned into dedicated bearers, CCR-U reporting rules that could not be
/// enforced, CCR-T when the session ends.
extension PGW {
    mutating func requestInitialPolicy(s5cTEID: UInt32, request: CreateSessionRequest, held: GTPv2Message) {
        guard let gx = settings.gx, var session = context.sessions[s5cTEID] else { return }
        let id = "\(gx.originHost);\(s5cTEID);\(teids.identifiers.nextSequence())"
        session.gxSessionID = id
        session.heldAnswer = held
        session.policyTimer = GatewayTimerID(kind: .policyResponse, owner: s5cTEID, generation: teids.identifiers.nextSequence())
        context.sessionsByGxID[id] = s5cTEID
        context.sessions[s5cTEID] = session
        actions.append(.sendPolicy(GxBuild.creditControlRequest(.initial, session: session, settings: gx,
                                                                identifier: teids.identifiers.nextSequence())))
        actions.append(.startTimer(session.policyTimer!, after: gx.responseTimeout))
    }

    mutating func policyTimerExpired(_ timer: GatewayTimerID) {
        guard let session = context.sessions[timer.owner], session.policyTimer == timer, session.heldAnswer != nil else { return }
        log(.warning, "the PCRF did not answer CCR-I", imsi: session.imsi)
        policyRefused(timer.owner, cause: .remotePeerNotResponding)
    }

    /// The PCRF refused or did not answer: the session goes, and the SGW hears why.
    private mutating func policyRefused(_ s5cTEID: UInt32, cause: GTPv2CauseValue) {
        guard var session = context.sessions[s5cTEID], let held = session.heldAnswer else { return }
        session.policyTimer = nil
        context.sessions[s5cTEID] = session
        context.statistics.policyFailures += 1
        context.statistics.createSessionRejections += 1
        removeSession(s5cTEID)
        var refusal = CreateSessionResponse(teid: held.header.teid, sequenceNumber: held.header.sequenceNumber)
        refusal.cause = GTPv2Cause(cause)
        answer(refusal.message, to: session.sgw)
    }

    mutating func receiveGx(_ message: DiameterMessage) {
        guard message.applicationID == DiameterApplication.gx.rawValue else {
            log(.info, "Diameter \(message.name) is not Gx: ignored")
            return
        }
        let s5cTEID = message.sessionID.flatMap { context.sessionsByGxID[$0] }
        switch (message.commandCode, message.isRequest) {
        case (258, true):
            reAuthRequest(message, s5cTEID: s5cTEID)
        case (272, false):
            guard let s5cTEID, message[.ccRequestType]?.value.unsigned32 == UInt32(GxBuild.RequestType.initial.rawValue) else {
                if let code = message.resultCode, code != 2001 { log(.warning, "Gx \(message.name) answered \(code)") }
                return
            }
            initialPolicyAnswer(message, s5cTEID: s5cTEID)
        default:
            log(.info, "unexpected Gx \(message.name) ignored")
        }
    }

    private mutating func initialPolicyAnswer(_ answer: DiameterMessage, s5cTEID: UInt32) {
        guard var session = context.sessions[s5cTEID], let held = session.heldAnswer else { return }
        if let timer = session.policyTimer { actions.append(.stopTimer(timer)) }
        let result = answer.resultCode ?? answer.experimentalResult?.code
        guard result == 2001 else {
            log(.warning, "the PCRF refused the session (result \(result.map { "\($0)" } ?? "none"))", imsi: session.imsi)
            session.policyTimer = nil
            context.sessions[s5cTEID] = session
            policyRefused(s5cTEID, cause: .requestRejected)
            return
        }
        session.heldAnswer = nil
        session.policyTimer = nil
        session.gxRequestNumber += 1
        let (installed, failed) = Self.policyRules(in: answer)
        for rule in installed { session.rules[rule.name] = rule }
        context.sessions[s5cTEID] = session
        sessionEstablished(s5cTEID, answer: held)
        for name in failed { reportRuleFailure(name, s5cTEID: s5cTEID) }
    }

    /// RAR: rules to remove and to install; the RAA goes first, the bearers follow.
    private mutating func reAuthRequest(_ request: DiameterMessage, s5cTEID: UInt32?) {
        guard let gx = settings.gx else { return }
        guard let s5cTEID, var session = context.sessions[s5cTEID], session.heldAnswer == nil else {
            actions.append(.sendPolicy(GxBuild.reAuthAnswer(to: request, resultCode: 5002, settings: gx)))
            return
        }
        actions.append(.sendPolicy(GxBuild.reAuthAnswer(to: request, resultCode: 2001, settings: gx)))
        for remove in request.all(.chargingRuleRemove) {
            for name in GxRules.children(remove, .chargingRuleName).compactMap(GxRules.name) {
                removePolicyRule(name, ueAddress: session.ueAddress)
                session = context.sessions[s5cTEID] ?? session
                session.rules[name] = nil
                context.sessions[s5cTEID] = session
            }
        }
        let (installed, failed) = Self.policyRules(in: request)
        for rule in installed {
            if session.rules[rule.name] == nil {
                session.rules[rule.name] = rule
                context.sessions[s5cTEID] = session
                requestDedicatedBearer(rule, s5cTEID: s5cTEID)
            } else if let bearer = session.bearers.values.first(where: { $0.rule == rule.name }) {
                // A rule installed again with other QoS or flows changes its bearer in place.
                requestBearerUpdate(rule, ebi: bearer.ebi, s5cTEID: s5cTEID)
            }
        }
        for name in failed { reportRuleFailure(name, s5cTEID: s5cTEID) }
    }

    /// The rules a CCA or RAR installs, and the names of those it describes in a way this PGW
    /// cannot enforce.
    public static func policyRules(in message: DiameterMessage) -> (installed: [PolicyRule], failed: [String]) {
        var installed: [PolicyRule] = []
        var failed: [String] = []
        for install in message.all(.chargingRuleInstall) {
            for definition in GxRules.children(install, .chargingRuleDefinition) {
                let (name, rule) = GxRules.rule(definition)
                if let rule { installed.append(rule) } else if let name { failed.append(name) }
            }
        }
        return (installed, failed)
    }

    /// A rule that could not be enforced: the PCRF hears it in a CCR-U (without Gx, the local
    /// rule stays, to be installed again on request). A rule whose bearer still runs with its
    /// earlier QoS (a refused update) stays in force (`forget` false).
    mutating func reportRuleFailure(_ name: String, s5cTEID: UInt32, forget: Bool = true) {
        guard let gx = settings.gx, var session = context.sessions[s5cTEID], session.gxSessionID != nil else { return }
        if forget { session.rules[name] = nil }
        actions.append(.sendPolicy(GxBuild.creditControlRequest(.update, session: session, settings: gx,
                                                                identifier: teids.identifiers.nextSequence(), failedRules: [name])))
        session.gxRequestNumber += 1
        context.sessions[s5cTEID] = session
    }

    /// CCR-T when a session with a Gx session ends; its answer changes nothing.
    mutating func terminatePolicy(_ session: PGWSession) {
        guard let gx = settings.gx, session.gxSessionID != nil else { return }
        actions.append(.sendPolicy(GxBuild.creditControlRequest(.termination, session: session, settings: gx,
                                                                identifier: teids.identifiers.nextSequence())))
    }
}
