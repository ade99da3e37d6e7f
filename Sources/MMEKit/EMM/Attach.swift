import GTPv2C
import MobileCrypto
import NAS
import S1AP
import Wire

/// Attach (TS 23.401 5.3.2.1, TS 24.301 5.5.1.2): identity, authentication and security mode,
/// Update Location, the default bearer through Create Session, ATTACH ACCEPT inside Initial
/// Context Setup, and Modify Bearer once both the eNB and the UE have answered.
extension MME {
    mutating func startAttach(_ request: AttachRequest, ue: inout UEContext) {
        context.statistics.attachAttempts += 1
        if case .attach = ue.procedure { stopNASRetransmission(&ue) }
        if ue.emmState == .registered || !ue.pdnConnections.isEmpty {
            // A registered UE attaching again lost its state (TS 24.301 5.5.1.2.7 e): its old
            // sessions go first.
            deleteAllSessions(&ue)
            ue.emmState = .deregistered
        }
        guard case .pdnConnectivityRequest(let pdnRequest)? = request.esmMessageContainer.message else {
            let error = request.esmMessageContainer.decodingError
            let reject = PDNConnectivityReject(
                header: ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: error?.procedureTransactionIdentity ?? 0),
                esmCause: error?.esmCause ?? .semanticallyIncorrectMessage)
            ue.procedure = nil
            rejectAttach(&ue, cause: .esmFailure, esm: .pdnConnectivityReject(reject))
            return
        }
        ue.ueNetworkCapability = request.ueNetworkCapability
        ue.msNetworkCapability = request.msNetworkCapability
        var procedure = AttachProcedure(step: .authenticationInformation, request: request, pdnRequest: pdnRequest,
                                        requestedAPN: pdnRequest.accessPointName?.name,
                                        requestedPCO: pdnRequest.protocolConfigurationOptions,
                                        emergency: request.attachType.value == EPSAttachType.epsEmergencyAttach.value)
        if let imsi = request.epsMobileIdentity.imsi {
            ue.imsi = imsi
        } else if ue.imsi == nil {
            // A GUTI from another MME, or one this MME forgot (TS 24.301 5.4.4): ask for the IMSI.
            procedure.step = .identification
            ue.procedure = .attach(procedure)
            sendNAS(.emm(.identityRequest(IdentityRequest(identityType: .imsi))), ue: &ue, retransmit: .t3470)
            return
        }
        ue.procedure = .attach(procedure)
        requestAuthenticationVector(&ue, resynchronisation: nil)
    }

    /// IDENTITY RESPONSE with the IMSI the attach asked for.
    mutating func identityResponse(_ response: IdentityResponse, ue: inout UEContext) {
        guard case .attach(let procedure) = ue.procedure, procedure.step == .identification else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        guard let imsi = response.mobileIdentity.imsi else {
            rejectAttach(&ue, cause: .ueIdentityCannotBeDerived)
            return
        }
        ue.imsi = imsi
        requestAuthenticationVector(&ue, resynchronisation: nil)
    }

    /// After security mode: the APN and PCO the UE held back, then Update Location.
    mutating func continueAttachAfterSecurity(_ ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure else { return }
        if procedure.pdnRequest.esmInformationTransferFlag?.isRequired == true {
            procedure.step = .esmInformation
            ue.procedure = .attach(procedure)
            let header = ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: procedure.pdnRequest.procedureTransactionIdentity)
            sendNAS(.esm(.esmInformationRequest(ESMInformationRequest(header: header))), ue: &ue, retransmit: .t3489)
            return
        }
        procedure.step = .updateLocation
        ue.procedure = .attach(procedure)
        sendUpdateLocation(&ue)
    }

    /// ESM INFORMATION RESPONSE (TS 24.301 6.6.1.2): the APN and PCO for the default bearer.
    mutating func esmInformationResponse(_ response: ESMInformationResponse, ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, procedure.step == .esmInformation else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        if let apn = response.accessPointName { procedure.requestedAPN = apn.name }
        if let pco = response.protocolConfigurationOptions { procedure.requestedPCO = pco }
        procedure.step = .updateLocation
        ue.procedure = .attach(procedure)
        sendUpdateLocation(&ue)
    }

    /// The subscription is in: the default bearer's session, on the APN the UE asked for or the
    /// subscription's default.
    mutating func createDefaultBearer(_ ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure else { return }
        let pti = procedure.pdnRequest.procedureTransactionIdentity
        switch createSession(&ue, apn: procedure.requestedAPN, requestedType: procedure.pdnRequest.pdnType,
                             pco: procedure.requestedPCO, pti: pti) {
        case .success:
            procedure.step = .createSession
            ue.procedure = .attach(procedure)
        case .failure(let failure):
            let header = ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: pti)
            let reject = PDNConnectivityReject(header: header, esmCause: failure.cause)
            rejectAttach(&ue, cause: .esmFailure, esm: .pdnConnectivityReject(reject))
        }
    }

    /// The default bearer's session exists: ATTACH ACCEPT with ACTIVATE DEFAULT EPS BEARER
    /// CONTEXT REQUEST, inside Initial Context Setup with KeNB from the uplink NAS COUNT.
    mutating func sendAttachAccept(_ ue: inout UEContext, pdn index: Int) {
        guard case .attach(var procedure) = ue.procedure, let connection = ue.connection, let security = ue.security else { return }
        let pdn = ue.pdnConnections[index]
        allocateGUTI(&ue)
        ue.taiList = taiList(for: ue)
        var accept = AttachAccept(attachResult: .epsOnly, t3412: GPRSTimer(seconds: periodicTAUTimer(ue)),
                                  taiList: TrackingAreaIdentityList(ue.taiList),
                                  esmMessageContainer: ESMMessageContainer(.activateDefaultEPSBearerContextRequest(
                                      activateDefaultBearerRequest(pdn))))
        accept.guti = ue.guti.map(EPSMobileIdentity.guti)
        // IMS voice over PS session supported: the network runs VoLTE (TS 24.301 9.9.3.12A).
        accept.epsNetworkFeatureSupport = EPSNetworkFeatureSupport(firstOctet: 0x01)
        if procedure.combined {
            // No SGs towards an MSC: EPS services only, and the UE learns why (TS 24.301 5.5.1.3.4.3).
            accept.emmCause = .csDomainNotAvailable
        }
        let pdu = protectNAS(.emm(.attachAccept(accept)), ue: &ue)
        let kenb = KeyDerivation.kenb(kasme: security.kasme, uplinkNASCount: security.uplinkCount.value)
        let items = [S1APBuild.contextSetupItem(pdn.bearers[0], nasPDU: pdu)].compactMap { $0 }
        send(S1APBuild.initialContextSetupRequest(connection, ue: ue, kenb: kenb, erabs: items), to: ue)
        armNASRetransmission(.t3450, pdu: pdu, ue: &ue)
        procedure.step = .contextSetup
        ue.procedure = .attach(procedure)
    }

    /// ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST for a PDN connection whose session exists.
    func activateDefaultBearerRequest(_ pdn: PDNConnection) -> ActivateDefaultEPSBearerContextRequest {
        var request = ActivateDefaultEPSBearerContextRequest(
            header: ESMHeader(bearerIdentity: pdn.defaultEBI, procedureTransactionIdentity: pdn.pti),
            epsQoS: EPSQualityOfService(qci: pdn.bearers[0].qos.qci),
            accessPointName: AccessPointName(pdn.apn) ?? AccessPointName("apn")!,
            pdnAddress: PDNAddress(pdn.paa))
        request.apnAMBR = APNAggregateMaximumBitRate(downlink: UInt64(pdn.ambr.downlink), uplink: UInt64(pdn.ambr.uplink))
        request.protocolConfigurationOptions = pdn.grantedPCO
        request.esmCause = pdn.pdnTypeCause
        return request
    }

    /// ATTACH COMPLETE, with ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT: the UE is registered.
    mutating func attachComplete(_ complete: AttachComplete, ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, procedure.step == .contextSetup else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        ue.emmState = .registered
        procedure.completed = true
        ue.procedure = .attach(procedure)
        if let name = settings.networkName {
            var information = EMMInformation()
            information.fullNetworkName = NetworkName(name)
            information.shortNetworkName = NetworkName(name)
            sendNAS(.emm(.emmInformation(information)), ue: &ue)
        }
        if procedure.contextSetUp { modifyAttachBearer(&ue) }
    }

    /// Initial Context Setup Response during attach: the eNB's S1-U F-TEID is known.
    mutating func attachContextSetUp(_ ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, procedure.step == .contextSetup else { return }
        procedure.contextSetUp = true
        ue.procedure = .attach(procedure)
        if procedure.completed { modifyAttachBearer(&ue) }
    }

    private mutating func modifyAttachBearer(_ ue: inout UEContext) {
        guard case .attach(var procedure) = ue.procedure, let index = ue.pdnConnections.indices.first else { return }
        procedure.step = .modifyBearer
        ue.procedure = .attach(procedure)
        modifyBearers(&ue, pdn: index)
    }

    /// Modify Bearer Response for the attach's default bearer: the attach is done.
    mutating func attachFinished(_ ue: inout UEContext) {
        guard case .attach(let procedure) = ue.procedure, procedure.step == .modifyBearer else { return }
        ue.procedure = nil
        context.statistics.attachSuccesses += 1
        log(.info, "attached, GUTI \(ue.guti.map { "\($0)" } ?? "-")", imsi: ue.imsi)
    }

    // MARK: ending an attach that failed

    /// ATTACH REJECT with `cause` (TS 24.301 5.5.1.2.5), then the UE context goes.
    mutating func rejectAttach(_ ue: inout UEContext, cause: EMMCause, esm: ESMMessage? = nil) {
        stopNASRetransmission(&ue)
        var reject = AttachReject(emmCause: cause)
        if let esm { reject.esmMessageContainer = ESMMessageContainer(esm) }
        sendNAS(.emm(.attachReject(reject)), ue: &ue)
        log(.notice, "attach rejected: \(cause)", imsi: ue.imsi)
        abortAttach(&ue, reason: "emm-\(cause.rawValue)", cause: .nas(.unspecified))
    }

    /// Abandons an attach (or the context of a UE that never finished one): sessions deleted,
    /// connection released, context forgotten.
    mutating func abortAttach(_ ue: inout UEContext, reason: String, cause: Cause?) {
        if case .attach = ue.procedure { context.statistics.attachFailed(reason) }
        stopNASRetransmission(&ue)
        ue.procedure = nil
        deleteAllSessions(&ue)
        if ue.connection != nil { dropConnection(&ue, cause: cause ?? .nas(.unspecified)) }
        discard(&ue)
    }

    // MARK: values

    /// The tracking areas the UE may roam without updating: every served TAC of its PLMN, its
    /// own TAI first (TS 24.301 5.3.4 wants the current one in the list).
    func taiList(for ue: UEContext) -> [TAI] {
        guard let current = ue.tai else { return Array(settings.trackingAreas.prefix(16)) }
        return [current] + settings.trackingAreas(of: current.plmn).filter { $0 != current }.prefix(15)
    }

    /// T3412: the subscription's periodic TAU timer when the HSS gives one, else the configured one.
    func periodicTAUTimer(_ ue: UEContext) -> Int {
        ue.subscription?.periodicTAUTimer.map(Int.init) ?? settings.t3412
    }
}

extension PDNAddress {
    /// The UE's address as NAS carries it, from the PAA the PGW allocated.
    init(_ paa: PDNAddressAllocation?) {
        let identifier = paa?.ipv6Prefix.map { UInt64(truncatingIfNeeded: $0.low) } ?? 0
        switch (paa?.ipv4, paa?.type) {
        case (let v4?, GTPPDNType.ipv4v6?): self.init(ipv6InterfaceIdentifier: identifier, ipv4: v4)
        case (nil, GTPPDNType.ipv6?): self.init(ipv6InterfaceIdentifier: identifier)
        case (let v4?, _): self.init(ipv4: v4)
        default: self.init(ipv4: IPv4Address(0))
        }
    }
}
