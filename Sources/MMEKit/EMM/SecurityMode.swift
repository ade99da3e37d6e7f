import MobileCrypto
import NAS

/// Security mode control (TS 24.301 5.4.3, TS 33.401 7.2.4.4): the algorithms are the first of
/// the operator's preference list the UE supports, EIA0 only for an emergency attach; SECURITY
/// MODE COMMAND is protected with the new context, which becomes current with SECURITY MODE
/// COMPLETE.
extension MME {
    /// The NAS algorithms for a UE, or nil when it supports none the MME allows.
    func selectAlgorithms(_ capability: UENetworkCapability, emergency: Bool) -> (IntegrityAlgorithm, CipheringAlgorithm)? {
        let integrity = settings.integrityPreference.first { algorithm in
            capability.eia.contains(algorithm.rawValue) && (algorithm != .eia0 || emergency)
        }
        let ciphering = settings.cipheringPreference.first { capability.eea.contains($0.rawValue) }
        guard let integrity, let ciphering else { return nil }
        return (integrity, ciphering)
    }

    mutating func startSecurityMode(_ ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, let vector = ue.vector, let capability = ue.ueNetworkCapability else { return }
        guard let (integrity, ciphering) = selectAlgorithms(capability, emergency: procedure.emergency) else {
            log(.warning, "no allowed NAS algorithm in the UE's capabilities (EEA \(capability.eea), EIA \(capability.eia))",
                imsi: ue.imsi)
            rejectAttach(&ue, cause: .ueSecurityCapabilitiesMismatch)
            return
        }
        var security = NASSecurityContext(kasme: vector.kasme, keySetIdentifier: vector.keySetIdentifier, integrity: integrity,
                                          ciphering: ciphering, role: .network)
        var command = SecurityModeCommand(
            selectedAlgorithms: NASSecurityAlgorithms(ciphering: CipheringAlgorithmID(ciphering),
                                                      integrity: IntegrityAlgorithmID(integrity)),
            nasKeySetIdentifier: NASKeySetIdentifier(value: vector.keySetIdentifier),
            replayedUESecurityCapability: UESecurityCapability(replaying: capability, msNetworkCapability: ue.msNetworkCapability))
        // The IMEISV goes to the SGW/PGW (MEI) and the HSS (Terminal-Information).
        command.imeisvRequest = .requested
        let envelope = security.protect(.emm(.securityModeCommand(command)), headerType: .integrityProtectedWithNewEPSSecurityContext)
        ue.pendingSecurity = security
        procedure.step = .securityMode
        ue.procedure = .attach(procedure)
        sendNASPDU(NASMessagePDU.protected(envelope).encodedBytes, ue: &ue, retransmit: .t3460)
    }

    /// SECURITY MODE COMPLETE, verified with the new context: it becomes the current one.
    mutating func securityModeComplete(_ complete: SecurityModeComplete, ue: inout UEContext) {
        guard case .attach(let procedure) = ue.procedure, procedure.step == .securityMode, let security = ue.pendingSecurity else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        ue.security = security
        ue.pendingSecurity = nil
        ue.connection?.secureExchange = true
        if let imeisv = complete.imeisv?.imei { ue.imeisv = imeisv }
        continueAttachAfterSecurity(&ue)
    }

    /// SECURITY MODE REJECT (TS 24.301 5.4.3.5): the procedure that needed security fails.
    mutating func securityModeReject(_ reject: SecurityModeReject, ue: inout UEContext) {
        guard case .attach(let procedure) = ue.procedure, procedure.step == .securityMode else {
            context.statistics.drop(.unexpected)
            return
        }
        ue.pendingSecurity = nil
        log(.warning, "security mode rejected: \(reject.emmCause)", imsi: ue.imsi)
        abortAttach(&ue, reason: "security-mode-rejected", cause: .nas(.unspecified))
    }
}
