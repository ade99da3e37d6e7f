import GTPv2C
import GatewayKit
import Wire

/// Create Session on S5/S8 (TS 29.274 7.2.1/7.2.2, TS 23.401 5.3.2.1 step 15): an address from
/// the APN's pool, the PCO answer, the default bearer with the QoS and APN-AMBR the request
/// carries, and then the dedicated bearers of the APN's local policy.
extension PGW {
    mutating func createSessionRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        let request = CreateSessionRequest(unchecked: message)
        guard let sgwControl = request.senderFTEID, let apnName = request.apn,
              let bearerContext = request.bearerContextsToBeCreated.first, let ebi = bearerContext.ebi else { return }
        guard message.header.teid ?? 0 == 0 else {
            // A Create Session naming an existing PDN connection (a handover) is not served here.
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        guard sgwControl.interfaceType == .s5s8SGWGTPC, sgwControl.address != nil else {
            reject(message, from: peer, cause: GTPv2Cause(.mandatoryIEIncorrect, offendingIE: GTPv2IEKey(.fteid)))
            return
        }
        guard let sgwUser = bearerContext.fteid(CreateSessionBearerFTEID.requestS5S8SGW) else {
            reject(message, from: peer, cause: GTPv2Cause(.conditionalIEMissing,
                                                          offendingIE: GTPv2IEKey(.fteid, instance: CreateSessionBearerFTEID.requestS5S8SGW)))
            return
        }
        guard let qos = bearerContext.bearerQoS else {
            reject(message, from: peer, cause: GTPv2Cause(.mandatoryIEMissing, offendingIE: GTPv2IEKey(.bearerQoS)))
            return
        }
        let key = apnName.networkIdentifier.lowercased()
        guard let apn = settings.apns[key] else {
            context.statistics.createSessionRejections += 1
            reject(message, from: peer, cause: GTPv2Cause(.missingOrUnknownAPN))
            return
        }
        let requestedType = request.pdnType ?? request.paa?.type ?? .ipv4
        guard requestedType == .ipv4 || requestedType == .ipv4v6 else {
            context.statistics.createSessionRejections += 1
            reject(message, from: peer, cause: GTPv2Cause(.preferredPDNTypeNotSupported))
            return
        }
        guard let address = allocateAddress(apn: key, requested: request.paa?.ipv4) else {
            context.statistics.createSessionRejections += 1
            log(.warning, "APN \(apn.name): every address of \(apn.pool) is in use", imsi: request.imsi)
            reject(message, from: peer, cause: GTPv2Cause(.allDynamicAddressesAreOccupied))
            return
        }
        // IPv4v6 gets a /64 too when the APN has IPv6 prefixes; when they are all taken, IPv4 only.
        let v6Prefix = requestedType == .ipv4v6 ? context.ipv6Pools[key]?.allocate() : nil
        let s5cTEID = allocateTEID()
        let bearer = PGWBearer(ebi: ebi, s5uTEID: allocateTEID(), sgw: sgwUser, qos: qos,
                               chargingID: teids.identifiers.nextChargingID(), packetFilters: [])
        var session = PGWSession(s5cTEID: s5cTEID, sgwControl: sgwControl, sgw: peer, imsi: request.imsi, apn: apn.name,
                                 ueAddress: address, ueIPv6Prefix: v6Prefix, defaultEBI: ebi, apnAMBR: request.apnAMBR)
        session.bearers[ebi] = bearer
        session.sgwRecovery = request.recovery
        session.ratType = request.ratType
        if settings.gx == nil { session.rules = Dictionary(apn.policy.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }) }
        context.sessions[s5cTEID] = session
        context.sessionsByAddress[address] = s5cTEID

        // An IPv4v6 request without an IPv6 prefix gets IPv4 only (TS 29.274 cause 19).
        let cause = requestedType == .ipv4v6 && v6Prefix == nil ? GTPv2CauseValue.newPDNTypeDueToSingleAddressBearerOnly : .requestAccepted
        var response = CreateSessionResponse(teid: sgwControl.teid, sequenceNumber: message.header.sequenceNumber)
        response.cause = GTPv2Cause(cause)
        response.senderFTEID = s5cFTEID(s5cTEID)
        // The PAA's IPv6 part is the /64 with an interface identifier, which the UE uses for its
        // link-local address (TS 29.274 8.14, TS 23.401 5.3.1.2.2).
        response.paa = v6Prefix.map { PDNAddressAllocation(ipv6Prefix: IPv6Address(high: $0.high, low: 1), prefixLength: 64, ipv4: address) }
            ?? PDNAddressAllocation(ipv4: address)
        response.apnRestriction = 0
        response.apnAMBR = request.apnAMBR
        response.pco = PCOAnswer.answer(request.pco, apn: apn)
        var created = BearerContext()
        created.ebi = ebi
        created.cause = GTPv2Cause(.requestAccepted)
        created.setFTEID(s5uFTEID(bearer.s5uTEID), instance: CreateSessionBearerFTEID.responseS5S8PGW)
        created.bearerQoS = qos
        created.chargingID = bearer.chargingID
        response.bearerContextsCreated = [created]
        response.recovery = recoveryCounter
        if settings.gx != nil {
            // The PCRF decides first (TS 29.212 4.5.1): the answer waits for CCA-I.
            requestInitialPolicy(s5cTEID: s5cTEID, request: request, held: response.message)
            return
        }
        sessionEstablished(s5cTEID, answer: response.message)
    }

    /// The session is accepted: the SGW gets the answer, the user plane the session, and the
    /// policy's dedicated bearers are requested.
    mutating func sessionEstablished(_ s5cTEID: UInt32, answer response: GTPv2Message) {
        guard let session = context.sessions[s5cTEID] else { return }
        context.statistics.sessionsCreated += 1
        install(session)
        perform(paths.arm(every: settings.timers.echoInterval))
        log(.info, "session on APN \(session.apn): UE address \(session.ueAddress), EBI \(session.defaultEBI)", imsi: session.imsi)
        answer(response, to: session.sgw)
        for name in session.rules.keys.sorted() {
            if let rule = session.rules[name] { requestDedicatedBearer(rule, s5cTEID: s5cTEID) }
        }
    }

    /// A static address from the request when it is the pool's and free, else the next free one.
    private mutating func allocateAddress(apn: String, requested: IPv4Address?) -> IPv4Address? {
        if let requested, requested.value != 0, context.pools[apn]?.take(requested) == true { return requested }
        return context.pools[apn]?.allocate()
    }

    /// Modify Bearer on S5/S8: new SGW F-TEIDs (SGW relocation, or the S5 part of a handover).
    mutating func modifyBearerRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard let teid = message.header.teid, var session = context.sessions[teid] else {
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        let request = ModifyBearerRequest(unchecked: message)
        if let sgwControl = request.senderFTEID {
            session.sgwControl = sgwControl
            session.sgw = peer
        }
        var results: [BearerContext] = []
        for requested in request.bearerContextsToBeModified {
            guard let ebi = requested.ebi else { continue }
            var result = BearerContext()
            result.ebi = ebi
            if var bearer = session.bearers[ebi] {
                if let sgwUser = requested.fteid(1) { bearer.sgw = sgwUser }
                session.bearers[ebi] = bearer
                result.cause = GTPv2Cause(.requestAccepted)
                result.setFTEID(s5uFTEID(bearer.s5uTEID), instance: 2)
                result.chargingID = bearer.chargingID
            } else {
                result.cause = GTPv2Cause(.contextNotFound)
            }
            results.append(result)
        }
        context.sessions[teid] = session
        install(session)
        var response = ModifyBearerResponse(teid: session.sgwControl.teid, sequenceNumber: message.header.sequenceNumber)
        let accepted = results.filter { $0.cause?.value == .requestAccepted }.count
        response.cause = GTPv2Cause(accepted == results.count ? .requestAccepted : accepted == 0 ? .contextNotFound : .requestAcceptedPartially)
        response.linkedEBI = session.defaultEBI
        response.bearerContextsModified = results
        answer(response.message, to: peer)
    }

    /// Delete Session on S5/S8: the PDN connection goes, its address back to the pool.
    mutating func deleteSessionRequest(_ message: GTPv2Message, from peer: IPEndpoint) {
        guard let teid = message.header.teid, let session = context.sessions[teid] else {
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        if let linked = DeleteSessionRequest(unchecked: message).linkedEBI, linked != session.defaultEBI {
            reject(message, from: peer, cause: GTPv2Cause(.contextNotFound))
            return
        }
        removeSession(teid)
        log(.info, "session on APN \(session.apn) deleted, \(session.ueAddress) released", imsi: session.imsi)
        var response = DeleteSessionResponse(teid: session.sgwControl.teid, sequenceNumber: message.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        answer(response.message, to: peer)
    }
}
