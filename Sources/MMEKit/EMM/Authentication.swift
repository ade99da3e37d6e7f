import MobileCrypto
import NAS
import S1AP
import Wire

/// EPS AKA (TS 33.401 6.1, TS 24.301 5.4.2): a vector from the HSS, the challenge, RES against
/// XRES, re-synchronisation on a synch failure, AUTHENTICATION REJECT on a MAC failure.
extension MME {
    /// Asks the HSS for a vector; with `resynchronisation` (RAND and AUTS) the HSS first
    /// re-synchronises its SQN with the USIM's.
    mutating func requestAuthenticationVector(_ ue: inout UEContext, resynchronisation: [UInt8]?) {
        guard case .attach(var procedure) = ue.procedure, let imsi = ue.imsi else { return }
        procedure.step = .authenticationInformation
        ue.procedure = .attach(procedure)
        let request = S6aBuild.authenticationInformationRequest(settings: settings, session: nextDiameterSession(),
                                                                imsi: imsi, plmn: servingPLMN(ue),
                                                                resynchronisation: resynchronisation)
        sendDiameterRequest(request, purpose: .authenticationInformation, ue: ue.id)
    }

    /// The HSS's vector: AUTHENTICATION REQUEST with a fresh eKSI.
    mutating func authenticate(_ ue: inout UEContext, rand: [UInt8], xres: [UInt8], autn: [UInt8], kasme: Key256) {
        guard case .attach(var procedure) = ue.procedure, let nasRAND = NASOctets(rand), let nasAUTN = NASOctets(autn) else { return }
        let ksi = (ue.lastKeySetIdentifier + 1) % 7
        ue.lastKeySetIdentifier = ksi
        ue.vector = AuthenticationVector(rand: rand, xres: xres, autn: autn, kasme: kasme, keySetIdentifier: ksi)
        procedure.step = .authentication
        ue.procedure = .attach(procedure)
        let request = AuthenticationRequest(nasKeySetIdentifier: NASKeySetIdentifier(value: ksi), rand: nasRAND, autn: nasAUTN)
        sendNAS(.emm(.authenticationRequest(request)), ue: &ue, retransmit: .t3460)
    }

    mutating func authenticationResponse(_ response: AuthenticationResponse, ue: inout UEContext) {
        guard case .attach(let procedure) = ue.procedure, procedure.step == .authentication, let vector = ue.vector else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        guard Array(response.res) == vector.xres else {
            log(.warning, "RES does not match XRES", imsi: ue.imsi)
            rejectAuthentication(&ue, reason: "res-mismatch")
            return
        }
        // The UE proved it holds the subscriber's key: this context is now the subscriber's.
        claimIMSI(&ue)
        startSecurityMode(&ue)
    }

    /// AUTHENTICATION FAILURE (TS 24.301 5.4.2.6): a synch failure gets one re-synchronisation,
    /// anything else ends the attach.
    mutating func authenticationFailure(_ failure: AuthenticationFailure, ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, procedure.step == .authentication, let vector = ue.vector else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        log(.notice, "authentication failure \(failure.emmCause)", imsi: ue.imsi)
        if failure.emmCause == .synchFailure, let auts = failure.auts, !procedure.resynchronised {
            procedure.resynchronised = true
            ue.procedure = .attach(procedure)
            requestAuthenticationVector(&ue, resynchronisation: vector.rand + Array(auts))
            return
        }
        rejectAuthentication(&ue, reason: "emm-\(failure.emmCause.rawValue)")
    }

    /// AUTHENTICATION REJECT (TS 24.301 5.4.2.5) and the end of the attach.
    mutating func rejectAuthentication(_ ue: inout UEContext, reason: String) {
        sendNAS(.emm(.authenticationReject(AuthenticationReject())), ue: &ue)
        abortAttach(&ue, reason: reason, cause: .nas(.authenticationFailure))
    }

    /// The serving PLMN: the one of the UE's tracking area, else the MME's first.
    func servingPLMN(_ ue: UEContext) -> PLMN {
        ue.tai?.plmn ?? settings.plmns[0]
    }
}
