import NAS
import NIOCore
import S1AP
import Wire

/// Uplink NAS (TS 24.301): finding the UE an initial message is about, enforcing NAS security
/// (4.4.4.3: once secure exchange is established on a connection, only messages that pass the
/// integrity check are acted on), and handing each message to its procedure.
extension MME {
    /// Initial UE Message: a new signalling connection. The UE context it binds to is the one
    /// whose security context verifies the message; an unverified message never touches an
    /// existing context (anyone can claim a GUTI), it gets a fresh one.
    mutating func initialUEMessage(_ message: S1APMessage, association: ENBAssociationID) {
        guard let initial = InitialUEMessage(message), let enbID = initial.enbUES1APID, let octets = initial.nasPDU else { return }
        let tai = initial.tai?.tai
        let ecgi = initial.eutranCGI.flatMap { cgi in cgi.plmnIdentity.plmn.map { ECGI(plmn: $0, eci: cgi.cellID) } }
        let pdu: NASMessagePDU
        do {
            pdu = try NASMessagePDU.decode(ByteBuffer(bytes: octets), direction: .uplink)
        } catch {
            var ue = makeUE()
            connect(&ue, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
            refuseNAS(error, ue: &ue)
            releaseUnbound(&ue)
            putBack(ue)
            return
        }
        switch pdu {
        case .serviceRequest(let request):
            let candidate = initial.sTMSI.flatMap { sTMSI in
                sTMSI.mmeC == settings.mmeCode ? context.uesByMTMSI[sTMSI.mTMSI] : nil
            }
            guard let candidate, context.ues[candidate]?.security != nil else {
                unboundInitialMessage(nil, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
                return
            }
            withUE(candidate) { mme, ue in
                do throws(NASSecurityError) {
                    try ue.security!.verify(request)
                } catch {
                    mme.dropped(error, ue: ue)
                    mme.unboundInitialMessage(nil, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
                    return
                }
                mme.connect(&ue, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
                ue.connection?.secureExchange = true
                mme.serviceRequest(&ue)
            }
        case .protected(let envelope):
            // Initial messages are integrity protected, not ciphered (TS 24.301 4.4.5), so the
            // identity in them can be read before the MAC is checked.
            let inner = try? envelope.decodeInner(direction: .uplink)
            if let candidate = inner.flatMap(claimedUE), context.ues[candidate]?.security != nil {
                var verified: NASMessage?
                withUE(candidate) { mme, ue in
                    var security = ue.security!
                    guard let message = try? security.unprotectMessage(envelope) else { return }
                    verified = message
                    ue.security = security
                    mme.connect(&ue, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
                    ue.connection?.secureExchange = true
                    mme.dispatch(message, ue: &ue)
                }
                if verified != nil { return }
                context.statistics.drop(.macFailure)
            } else if inner == nil {
                context.statistics.drop(.noSecurityContext)
            }
            unboundInitialMessage(inner, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
        case .plain(let message):
            unboundInitialMessage(message, association: association, enbUES1APID: enbID, tai: tai, ecgi: ecgi)
        }
    }

    /// The UE context an initial message claims to be from (its GUTI, or its IMSI).
    func claimedUE(_ message: NASMessage) -> UEID? {
        let identity: EPSMobileIdentity
        switch message {
        case .emm(.attachRequest(let request)): identity = request.epsMobileIdentity
        case .emm(.trackingAreaUpdateRequest(let request)): identity = request.oldGUTI
        case .emm(.ueOriginatingDetachRequest(let request)): identity = request.epsMobileIdentity
        default: return nil
        }
        if let guti = identity.guti { return context.ueID(guti: guti) }
        if let imsi = identity.imsi { return context.uesByIMSI[imsi] }
        return nil
    }

    /// An initial message nobody's security context vouches for: a fresh context answers it.
    /// ATTACH REQUEST starts an attach (authentication will prove who it is), TRACKING AREA
    /// UPDATE REQUEST is rejected so that the UE attaches again, DETACH REQUEST of an unknown UE
    /// is accepted (TS 24.301 5.5.2.2.1); anything else is dropped.
    mutating func unboundInitialMessage(_ message: NASMessage?, association: ENBAssociationID, enbUES1APID: ENBUES1APID,
                                        tai: TAI?, ecgi: ECGI?) {
        var ue = makeUE()
        connect(&ue, association: association, enbUES1APID: enbUES1APID, tai: tai, ecgi: ecgi)
        switch message {
        case .emm(.attachRequest(let request)):
            startAttach(request, ue: &ue)
        case .emm(.trackingAreaUpdateRequest):
            context.statistics.trackingAreaUpdates += 1
            sendNAS(.emm(.trackingAreaUpdateReject(TrackingAreaUpdateReject(emmCause: .ueIdentityCannotBeDerived))), ue: &ue)
            releaseUnbound(&ue)
        case .emm(.ueOriginatingDetachRequest(let request)) where claimedUE(.emm(.ueOriginatingDetachRequest(request))) == nil:
            if !request.detachType.isSwitchOff { sendNAS(.emm(.detachAccept(DetachAccept())), ue: &ue) }
            releaseUnbound(&ue)
        case nil:
            releaseUnbound(&ue)
        case let message?:
            context.statistics.drop(.unprotected)
            log(.info, "unverified initial \(message.name) dropped")
            releaseUnbound(&ue)
        }
        putBack(ue)
    }

    /// Releases the connection of a context made for one answer; the context goes with it when
    /// the eNB confirms.
    mutating func releaseUnbound(_ ue: inout UEContext) {
        guard let connection = ue.connection else { return }
        ue.connection?.release = .commandSent
        send(S1APBuild.ueContextReleaseCommand(connection, cause: .nas(.unspecified)), to: ue)
    }

    /// Uplink NAS Transport: a NAS message on an existing connection.
    mutating func uplinkNASTransport(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let transport = S1APUplinkNASTransport(message), let octets = transport.nasPDU,
              let id = ueID(for: message, association: association, stream: stream) else { return }
        withUE(id) { mme, ue in
            if let tai = transport.tai?.tai {
                ue.tai = tai
                ue.connection?.tai = tai
            }
            mme.receiveNAS(octets, ue: &ue)
        }
    }

    /// A NAS-PDU on the UE's connection, checked against its security context.
    mutating func receiveNAS(_ octets: [UInt8], ue: inout UEContext) {
        let pdu: NASMessagePDU
        do {
            pdu = try NASMessagePDU.decode(ByteBuffer(bytes: octets), direction: .uplink)
        } catch {
            // Only before secure exchange: after it, an unprotected message (even a broken one)
            // is not answered either.
            if ue.connection?.secureExchange == true { context.statistics.drop(.unprotected) } else { refuseNAS(error, ue: &ue) }
            return
        }
        switch pdu {
        case .plain(let message):
            guard ue.connection?.secureExchange != true, message.isAllowedWithoutIntegrity else {
                context.statistics.drop(.unprotected)
                log(.info, "unprotected \(message.name) dropped", imsi: ue.imsi)
                return
            }
            dispatch(message, ue: &ue)
        case .protected(let envelope):
            // SECURITY MODE COMPLETE is protected with the context being established (header 4).
            let useNew = envelope.headerType.hasNewSecurityContext && ue.pendingSecurity != nil
            guard var security = useNew ? ue.pendingSecurity : ue.security else {
                context.statistics.drop(.noSecurityContext)
                return
            }
            let message: NASMessage
            do {
                message = try security.unprotectMessage(envelope)
            } catch {
                if case .undecodable(let decodeError) = error {
                    // Verified, so the UE is who it says: it hears what was wrong.
                    commit(security, new: useNew, ue: &ue)
                    refuseNAS(decodeError, ue: &ue)
                } else {
                    dropped(error, ue: ue)
                }
                return
            }
            commit(security, new: useNew, ue: &ue)
            dispatch(message, ue: &ue)
        case .serviceRequest:
            // SERVICE REQUEST only ever starts a connection.
            context.statistics.drop(.unexpected)
        }
    }

    private mutating func commit(_ security: NASSecurityContext, new: Bool, ue: inout UEContext) {
        if new { ue.pendingSecurity = security } else { ue.security = security }
        if !new { ue.connection?.secureExchange = true }
    }

    /// Counts a message that failed its integrity or replay check. It is not acted on.
    mutating func dropped(_ error: NASSecurityError, ue: UEContext) {
        switch error {
        case .replayed: context.statistics.drop(.replayed)
        case .macMismatch, .unsupportedHeaderType, .undecodable: context.statistics.drop(.macFailure)
        }
        log(.warning, "NAS message dropped: \(error)", imsi: ue.imsi)
    }

    /// Answers a NAS message that does not decode with EMM STATUS or ESM STATUS (TS 24.301 7),
    /// or drops it when the specification says to ignore it.
    mutating func refuseNAS(_ error: NASDecodeError, ue: inout UEContext) {
        context.statistics.malformed("nas")
        guard error.statusCause != nil else {
            context.statistics.drop(.undecodable)
            return
        }
        if let cause = error.esmCause {
            let header = ESMHeader(bearerIdentity: error.bearerIdentity ?? 0,
                                   procedureTransactionIdentity: error.procedureTransactionIdentity ?? 0)
            sendNAS(.esm(.esmStatus(ESMStatus(header: header, esmCause: cause))), ue: &ue)
        } else if let cause = error.emmCause {
            sendNAS(.emm(.emmStatus(EMMStatus(emmCause: cause))), ue: &ue)
        }
    }

    // MARK: dispatch

    /// Hands a message that passed the security checks to its procedure.
    mutating func dispatch(_ message: NASMessage, ue: inout UEContext) {
        switch message {
        case .emm(let emm): dispatchEMM(emm, ue: &ue)
        case .esm(let esm): dispatchESM(esm, ue: &ue)
        }
    }

    mutating func dispatchEMM(_ message: EMMMessage, ue: inout UEContext) {
        switch message {
        case .attachRequest(let request): startAttach(request, ue: &ue)
        case .identityResponse(let response): identityResponse(response, ue: &ue)
        case .authenticationResponse(let response): authenticationResponse(response, ue: &ue)
        case .authenticationFailure(let failure): authenticationFailure(failure, ue: &ue)
        case .securityModeComplete(let complete): securityModeComplete(complete, ue: &ue)
        case .securityModeReject(let reject): securityModeReject(reject, ue: &ue)
        case .attachComplete(let complete): attachComplete(complete, ue: &ue)
        case .ueOriginatingDetachRequest(let request): detachRequest(request, ue: &ue)
        case .detachAccept: detachAccepted(ue: &ue)
        case .trackingAreaUpdateRequest(let request): trackingAreaUpdate(request, ue: &ue)
        case .trackingAreaUpdateComplete, .gutiReallocationComplete:
            stopNASRetransmission(&ue)
        case .emmStatus(let status):
            log(.info, "EMM STATUS \(status.emmCause) from UE", imsi: ue.imsi)
        case .extendedServiceRequest, .uplinkNASTransport:
            // CS fallback and SMS over NAS need an MSC (SGs), which this core does not have.
            sendNAS(.emm(.emmStatus(EMMStatus(emmCause: .messageTypeNotCompatibleWithProtocolState))), ue: &ue)
        default:
            // A network-to-UE message type sent uplink.
            context.statistics.drop(.unexpected)
            sendNAS(.emm(.emmStatus(EMMStatus(emmCause: .messageTypeNotCompatibleWithProtocolState))), ue: &ue)
        }
    }
}

extension NASMessage {
    /// The messages the MME processes without integrity protection before secure exchange is
    /// established (TS 24.301 4.4.4.3).
    var isAllowedWithoutIntegrity: Bool {
        switch self {
        case .emm(.attachRequest), .emm(.identityResponse), .emm(.authenticationResponse), .emm(.authenticationFailure),
             .emm(.securityModeReject), .emm(.ueOriginatingDetachRequest), .emm(.detachAccept),
             .emm(.trackingAreaUpdateRequest):
            true
        default:
            false
        }
    }

}
