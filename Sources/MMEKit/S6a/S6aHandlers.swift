import Diameter
import MobileCrypto
import NAS
import NIOCore
import Wire

/// What an S6a request was for.
enum S6aPurpose: Sendable {
    case authenticationInformation
    case updateLocation
}

/// S6a towards the HSS (TS 29.272): sending requests with their timeouts, matching answers,
/// mapping the HSS's errors to EMM causes, Cancel Location, and answers to what does not decode.
extension MME {
    mutating func nextDiameterSession() -> S6aBuild.Session {
        let (hopByHop, endToEnd) = context.identifiers.nextHopByHop()
        let id = "\(settings.originHost);\(context.identifiers.seed);\(context.identifiers.nextSession())"
        return S6aBuild.Session(id: id, hopByHop: hopByHop, endToEnd: endToEnd)
    }

    mutating func sendDiameterRequest(_ message: DiameterMessage, purpose: S6aPurpose, ue: UEID) {
        let hopByHop = message.header.hopByHop
        let timer = startTimer(.s6aResponse, owner: hopByHop, after: settings.s6aTimeout)
        context.diameterRequests[hopByHop] = PendingDiameterRequest(ue: ue, purpose: purpose, message: message, timer: timer)
        actions.append(.sendDiameter(message))
    }

    mutating func sendUpdateLocation(_ ue: inout UEContext) {
        guard let imsi = ue.imsi else { return }
        let request = S6aBuild.updateLocationRequest(settings: settings, session: nextDiameterSession(), imsi: imsi,
                                                     plmn: servingPLMN(ue), imeisv: ue.imeisv)
        sendDiameterRequest(request, purpose: .updateLocation, ue: ue.id)
    }

    /// An S6a request went unanswered: send it again, or fail what waited for it.
    mutating func s6aTimerExpired(_ timer: MMETimerID) {
        guard var pending = context.diameterRequests[timer.owner], pending.timer == timer else { return }
        if retransmits(&pending, retries: settings.s6aRetries, counter: \.s6aRetransmissions) {
            pending.message.header.flags.insert(.retransmitted)
            context.diameterRequests[timer.owner] = pending
            actions.append(.sendDiameter(pending.message))
            return
        }
        context.diameterRequests[timer.owner] = nil
        withUE(pending.ue) { mme, ue in
            mme.log(.warning, "HSS did not answer \(pending.purpose)", imsi: ue.imsi)
            mme.rejectAttach(&ue, cause: .networkFailure)
        }
    }

    // MARK: receiving

    mutating func receiveDiameter(_ bytes: ByteBuffer) {
        do {
            receiveDiameter(try DiameterMessage.decode(bytes))
        } catch {
            context.statistics.malformed("diameter")
            log(.warning, "refused Diameter message: \(error)")
            switch error {
            case .invalidAVP(_, let header, let avp):
                if header.isRequest {
                    let request = DiameterMessage(header: header)
                    actions.append(.sendDiameter(S6aBuild.answer(to: request, settings: settings, resultCode: error.resultCode.rawValue,
                                                                  failedAVP: avp)))
                } else {
                    answerFailed(hopByHop: header.hopByHop, cause: .networkFailure)
                }
            case .unknownMandatoryAVP(let avp, let message):
                if message.isRequest {
                    actions.append(.sendDiameter(S6aBuild.answer(to: message, settings: settings, resultCode: error.resultCode.rawValue,
                                                                  failedAVP: avp)))
                } else {
                    answerFailed(hopByHop: message.header.hopByHop, cause: .networkFailure)
                }
            case .malformed, .unsupportedVersion:
                // No header to answer to: the transport closes such a peer (RFC 6733 3).
                break
            }
        }
    }

    mutating func receiveDiameter(_ message: DiameterMessage) {
        if message.isRequest {
            switch message.commandCode {
            case DiameterCommand.cancelLocation.code: cancelLocation(message)
            default:
                // DIAMETER_COMMAND_UNSUPPORTED (RFC 6733 7.1.3).
                actions.append(.sendDiameter(S6aBuild.answer(to: message, settings: settings, resultCode: 3001)))
            }
            return
        }
        guard let pending = context.diameterRequests.removeValue(forKey: message.header.hopByHop) else {
            log(.info, "Diameter answer to no pending request (hop-by-hop \(message.header.hopByHop))")
            return
        }
        stopTimer(pending.timer)
        withUE(pending.ue) { mme, ue in
            switch pending.purpose {
            case .authenticationInformation: mme.authenticationInformationAnswer(message, ue: &ue)
            case .updateLocation: mme.updateLocationAnswer(message, ue: &ue)
            }
        }
    }

    /// An answer that did not decode: the request it answers failed.
    private mutating func answerFailed(hopByHop: UInt32, cause: EMMCause) {
        guard let pending = context.diameterRequests.removeValue(forKey: hopByHop) else { return }
        stopTimer(pending.timer)
        withUE(pending.ue) { mme, ue in mme.rejectAttach(&ue, cause: cause) }
    }

    /// The EMM cause for an unsuccessful S6a answer (TS 29.272 5.2, TS 24.301 5.5.1.2.5; the
    /// mapping Open5GS uses), nil for success.
    static func attachCause(for answer: DiameterMessage) -> EMMCause? {
        if let result = answer.resultCode {
            return result == 2001 ? nil : .networkFailure
        }
        switch answer.experimentalResult?.code {
        case ExperimentalResultCode.userUnknown.rawValue: return .epsAndNonEPSServicesNotAllowed
        case ExperimentalResultCode.roamingNotAllowed.rawValue: return .plmnNotAllowed
        case ExperimentalResultCode.unknownEPSSubscription.rawValue, ExperimentalResultCode.ratNotAllowed.rawValue:
            return .noSuitableCellsInTrackingArea
        default: return .networkFailure
        }
    }

    /// Whether an answer may go on: the attach is at `step` and the HSS said yes. A refusal
    /// ends the attach with the EMM cause it maps to.
    private mutating func accepted(_ answer: DiameterMessage, at step: AttachProcedure.Step, ue: inout UEContext) -> Bool {
        guard case .attach(let procedure) = ue.procedure, procedure.step == step else { return false }
        guard let cause = Self.attachCause(for: answer) else { return true }
        log(.notice, "\(answer.name) refused: \(answer.experimentalResult?.code ?? answer.resultCode ?? 0)", imsi: ue.imsi)
        rejectAttach(&ue, cause: cause)
        return false
    }

    mutating func authenticationInformationAnswer(_ answer: DiameterMessage, ue: inout UEContext) {
        guard accepted(answer, at: .authenticationInformation, ue: &ue) else { return }
        guard let vector = answer[.authenticationInfo]?[.eutranVector],
              let rand = vector[.rand]?.value.octets.map(Array.init(buffer:)), rand.count == 16,
              let xres = vector[.xres]?.value.octets.map(Array.init(buffer:)), (4...16).contains(xres.count),
              let autn = vector[.autn]?.value.octets.map(Array.init(buffer:)), autn.count == 16,
              let kasme = vector[.kasme]?.value.octets.flatMap(Key256.init(octets:)) else {
            log(.warning, "Authentication-Information-Answer without a usable E-UTRAN vector", imsi: ue.imsi)
            rejectAttach(&ue, cause: .networkFailure)
            return
        }
        authenticate(&ue, rand: rand, xres: xres, autn: autn, kasme: kasme)
    }

    mutating func updateLocationAnswer(_ answer: DiameterMessage, ue: inout UEContext) {
        guard accepted(answer, at: .updateLocation, ue: &ue) else { return }
        guard let data = answer[.subscriptionData] else {
            rejectAttach(&ue, cause: .networkFailure)
            return
        }
        do {
            ue.subscription = try Subscription(data)
        } catch {
            log(.warning, "unusable subscription: \(error)", imsi: ue.imsi)
            rejectAttach(&ue, cause: .networkFailure)
            return
        }
        createDefaultBearer(&ue)
    }

    /// Cancel-Location-Request (TS 29.272 7.2.7): the subscriber moved to another MME, or its
    /// subscription was withdrawn (then the UE is detached and told not to come back).
    mutating func cancelLocation(_ request: DiameterMessage) {
        actions.append(.sendDiameter(S6aBuild.answer(to: request, settings: settings, resultCode: 2001)))
        guard let imsi = request[.userName]?.value.text.flatMap(IMSI.init), let id = context.uesByIMSI[imsi] else { return }
        // Cancellation-Type: 0 MME update, 2 subscription withdrawal, 4 initial attach elsewhere.
        let type = request[.cancellationType]?.value.unsigned32 ?? 0
        withUE(id) { mme, ue in
            mme.log(.notice, "Cancel-Location type \(type)", imsi: ue.imsi)
            switch type {
            case 2: mme.detachByNetwork(&ue, reattachRequired: false)
            case 0:
                // The new MME took the sessions over: only the context goes.
                ue.pdnConnections.removeAll()
                mme.detachLocally(&ue, reason: "cancelled by the HSS")
            default: mme.detachLocally(&ue, reason: "cancelled by the HSS")
            }
        }
    }
}

extension Key256 {
    /// A key from exactly 32 octets, read as four words (the generic byte-collection
    /// initializer costs more than the rest of the answer's handling).
    init?(octets: ByteBuffer) {
        guard octets.readableBytes == 32 else { return nil }
        let start = octets.readerIndex
        guard let a = octets.getInteger(at: start, as: UInt64.self), let b = octets.getInteger(at: start + 8, as: UInt64.self),
              let c = octets.getInteger(at: start + 16, as: UInt64.self), let d = octets.getInteger(at: start + 24, as: UInt64.self)
        else { return nil }
        self.init(first128: Key128(high: a, low: b), last128: Key128(high: c, low: d))
    }
}
