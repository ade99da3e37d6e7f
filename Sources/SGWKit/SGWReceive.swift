import GTPv2C
import GatewayKit
import NIOCore
import Wire

/// Receiving GTPv2-C on S11 and S5/S8-C: decoding (and answering what does not decode),
/// duplicate detection, restart counters, and dispatch to the procedure handlers.
extension SGW {
    mutating func receive(_ bytes: ByteBuffer, from peer: IPEndpoint) {
        let message: GTPv2Message
        do {
            message = try GTPv2Message.decode(bytes)
        } catch {
            context.statistics.malformedMessages += 1
            log(.warning, "refused GTPv2-C from \(peer): \(error)")
            refuse(error, from: peer)
            return
        }
        if let recovery = message[.recovery()] { noteRecovery(recovery, of: peer.address) }
        switch message.type {
        case .echoRequest:
            // Echo is answered every time: it carries no state to protect.
            actions.append(.sendGTP(GTPCReplies.echoResponse(sequence: message.header.sequenceNumber,
                                                             recovery: recoveryCounter), to: peer))
        case .echoResponse:
            _ = transactions.take(responseTo: message, from: peer).map { perform($0.1) }
        case .createSessionRequest, .modifyBearerRequest, .deleteSessionRequest, .releaseAccessBearersRequest,
             .createBearerRequest, .updateBearerRequest, .deleteBearerRequest:
            switch transactions.admit(message, from: peer) {
            case .new:
                dispatchRequest(message, from: peer)
            case .answeredAgain(let effects):
                context.statistics.duplicateRequests += 1
                log(.info, "\(message) from \(peer) again: answered from the cache")
                perform(effects)
            case .stillInProgress:
                context.statistics.duplicateRequests += 1
                log(.info, "\(message) from \(peer) again while still in progress: dropped")
            }
        case .downlinkDataNotificationFailureIndication:
            downlinkDataNotificationFailed(teid: message.header.teid ?? 0, cause: message[.cause()])
        case .createSessionResponse, .deleteSessionResponse, .downlinkDataNotificationAcknowledge,
             .createBearerResponse, .updateBearerResponse, .deleteBearerResponse:
            guard let (pending, effects) = transactions.take(responseTo: message, from: peer) else {
                log(.info, "\(message) from \(peer) answers no pending request")
                return
            }
            perform(effects)
            responseArrived(message, for: pending.purpose)
        default:
            if let refusal = GTPCReplies.rejection(message.type, teid: peerTEID(forLocal: message.header.teid),
                                                   sequence: message.header.sequenceNumber,
                                                   cause: GTPv2Cause(.serviceNotSupported)) {
                actions.append(.sendGTP(refusal, to: peer))
            } else {
                log(.info, "unexpected \(message.type) from \(peer) ignored")
            }
        }
    }

    private mutating func dispatchRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        switch message.type {
        case .createSessionRequest: createSessionRequest(message, from: peer)
        case .modifyBearerRequest: modifyBearerRequest(message, from: peer)
        case .deleteSessionRequest: deleteSessionRequest(message, from: peer)
        case .releaseAccessBearersRequest: releaseAccessBearersRequest(message, from: peer)
        default: bearerRequest(message, from: peer)
        }
    }

    private mutating func responseArrived(_ message: GTPv2Message, for purpose: SGWPurpose) {
        switch purpose {
        case .createSession(let s11TEID, let ebi, let sequence):
            createSessionResponse(message, s11TEID: s11TEID, linkedEBI: ebi, mmeSequence: sequence)
        case .deleteSession(let s11TEID, let ebi, let sequence):
            deleteSessionFinished(s11TEID: s11TEID, linkedEBI: ebi, mmeSequence: sequence, cause: message[.cause()])
        case .bearerRequest(let relay):
            bearerResponse(message, relay: relay)
        case .localDeleteBearer, .echo:
            break
        case .downlinkDataNotification(let s11TEID):
            downlinkDataNotificationAcknowledged(s11TEID: s11TEID, cause: message[.cause()])
        }
    }

    /// A request of the SGW's that got no usable answer.
    mutating func requestFailed(_ purpose: SGWPurpose, cause: GTPv2Cause) {
        switch purpose {
        case .createSession(let s11TEID, let ebi, let sequence):
            createSessionFailed(s11TEID: s11TEID, linkedEBI: ebi, mmeSequence: sequence, cause: cause)
        case .deleteSession(let s11TEID, let ebi, let sequence):
            // The SGW's part goes anyway; the MME's session is gone too, so it hears "accepted"
            // rather than a cause that would make it retry against nothing.
            deleteSessionFinished(s11TEID: s11TEID, linkedEBI: ebi, mmeSequence: sequence, cause: GTPv2Cause(.requestAccepted))
        case .bearerRequest(let relay):
            bearerRequestFailed(relay, cause: cause)
        case .localDeleteBearer:
            break
        case .echo:
            // A path failure: the peer's sessions stay until it answers with a new Recovery
            // or the MME deletes them; the operator sees it in the log and the counter.
            context.statistics.pathFailures += 1
        case .downlinkDataNotification(let s11TEID):
            downlinkDataNotificationFailed(teid: s11TEID, cause: cause)
        }
    }

    // MARK: refusals

    /// Answers a request with only a Cause (TS 29.274 7.7); the header names the peer's TEID
    /// for the context when the SGW knows it, else 0.
    mutating func reject(_ message: GTPv2Message, from peer: IPEndpoint, cause: GTPv2Cause) {
        guard let refusal = GTPCReplies.rejection(message.type, teid: peerTEID(forLocal: message.header.teid),
                                                  sequence: message.header.sequenceNumber, cause: cause) else { return }
        log(.info, "\(message.type) from \(peer) refused with cause \(cause.value)")
        answer(refusal, to: peer)
    }

    /// The peer's TEID for the context a local TEID names: the MME's S11 TEID for an S11 TEID,
    /// the PGW's S5/S8-C TEID for an S5/S8-C TEID; 0 when unknown.
    func peerTEID(forLocal teid: UInt32?) -> UInt32 {
        guard let teid, teid != 0 else { return 0 }
        if let session = context.sessions[teid] { return session.mmeControl.teid }
        if let (s11, ebi) = context.pdnsByS5CTEID[teid] {
            return context.sessions[s11]?.pdnConnections[ebi]?.pgwControl?.teid ?? 0
        }
        return 0
    }

    /// A message that did not decode: a request gets its response with the cause the decoder
    /// names, a response fails the request it answers.
    private mutating func refuse(_ error: GTPv2DecodeError, from peer: IPEndpoint) {
        switch GTPCRefusal(error, peerTEID: { peerTEID(forLocal: $0) }) {
        case .answer(let refusal):
            actions.append(.sendGTP(refusal, to: peer))
        case .failPending(let header, let cause):
            guard let (pending, effects) = transactions.take(responseTo: GTPv2Message(header: header), from: peer) else { return }
            perform(effects)
            requestFailed(pending.purpose, cause: cause)
        case .drop:
            break
        }
    }
}
