import NIOCore
import S1AP
import Wire

/// S1AP from the eNBs (TS 36.413): decoding and its error answers, the non-UE-associated
/// procedures (S1 Setup, Reset, Error Indication, eNB Configuration Update) and the dispatch of
/// UE-associated messages to their handlers.
extension MME {
    mutating func associationUp(_ association: ENBAssociationID, outboundStreams: UInt16) {
        if let old = context.enbs[association] {
            // An SCTP restart on the same association: the eNB lost its UE contexts.
            releaseConnections(of: old.association)
        }
        context.enbs[association] = ENBContext(association: association, outboundStreams: max(outboundStreams, 1))
    }

    mutating func associationDown(_ association: ENBAssociationID) {
        guard context.enbs.removeValue(forKey: association) != nil else { return }
        releaseConnections(of: association)
        log(.notice, "\(association) down")
    }

    /// Every UE connected through an eNB that is gone or reset goes to ECM-IDLE, as if the eNB had
    /// released it (TS 23.401 5.3.5); attaches still running there are aborted.
    mutating func releaseConnections(of association: ENBAssociationID, only ids: Set<MMEUES1APID>? = nil) {
        let affected = context.ues.values.filter { ue in
            guard let connection = ue.connection, connection.association == association else { return false }
            return ids.map { $0.contains(connection.mmeUES1APID) } ?? true
        }.map(\.id)
        for id in affected {
            withUE(id) { mme, ue in mme.connectionLost(&ue) }
        }
    }

    // MARK: receiving

    mutating func receiveS1AP(_ bytes: ByteBuffer, association: ENBAssociationID, stream: UInt16) {
        if context.enbs[association] == nil {
            // Data before the transport reported the association: assume the minimum of streams.
            context.enbs[association] = ENBContext(association: association, outboundStreams: 2)
        }
        let message: S1APMessage
        do {
            message = try S1APMessage.decode(bytes)
        } catch {
            context.statistics.malformed("s1ap")
            log(.warning, "\(association): refused S1AP: \(error)")
            // No Error Indication about an Error Indication: two peers could ping-pong forever.
            guard error.context?.procedureCode != .errorIndication else { return }
            context.statistics.errorIndicationsSent += 1
            send(ErrorIndication(answering: error).message, to: association, stream: stream)
            return
        }
        if let ignored = message.notifications {
            context.statistics.errorIndicationsSent += 1
            send(ErrorIndication(notifying: message.errorContext, ies: ignored).message, to: association, stream: stream)
        }
        guard context.enbs[association]?.isSetUp == true || message.procedureCode == .s1Setup
            || message.procedureCode == .errorIndication else {
            // TS 36.413 8.7.3.1: S1 Setup is the first procedure on an association.
            refuse(message, association: association, stream: stream, cause: .protocol(.messageNotCompatibleWithReceiverState))
            return
        }
        switch (message.kind, message.procedureCode) {
        case (.initiatingMessage, .s1Setup): s1Setup(message, association: association)
        case (.initiatingMessage, .reset): reset(message, association: association, stream: stream)
        case (.initiatingMessage, .errorIndication): errorIndication(message, association: association)
        case (.initiatingMessage, .enbConfigurationUpdate): enbConfigurationUpdate(message, association: association)
        case (.initiatingMessage, .initialUEMessage): initialUEMessage(message, association: association)
        case (.initiatingMessage, .uplinkNASTransport): uplinkNASTransport(message, association: association, stream: stream)
        case (.successfulOutcome, .initialContextSetup): initialContextSetupResponse(message, association: association, stream: stream)
        case (.unsuccessfulOutcome, .initialContextSetup): initialContextSetupFailure(message, association: association, stream: stream)
        case (.initiatingMessage, .ueContextReleaseRequest): ueContextReleaseRequest(message, association: association, stream: stream)
        case (.successfulOutcome, .ueContextRelease): ueContextReleaseComplete(message, association: association)
        case (.initiatingMessage, .ueCapabilityInfoIndication): ueCapabilityInfoIndication(message, association: association, stream: stream)
        case (.successfulOutcome, .erabSetup): erabSetupResponse(message, association: association, stream: stream)
        case (.successfulOutcome, .erabRelease): erabReleaseResponse(message, association: association, stream: stream)
        case (.initiatingMessage, .nasNonDeliveryIndication), (.initiatingMessage, .erabReleaseIndication),
             (.successfulOutcome, .reset), (.successfulOutcome, .ueContextModification),
             (.unsuccessfulOutcome, .ueContextModification):
            log(.info, "\(association): \(message.name) noted")
        case (.initiatingMessage, _):
            // A procedure this MME does not run (handover, location reporting, ...).
            refuse(message, association: association, stream: stream, cause: .protocol(.messageNotCompatibleWithReceiverState))
        default:
            log(.info, "\(association): unexpected \(message.name) ignored")
        }
    }

    /// Answers a message with an Error Indication carrying its UE IDs and `cause`.
    mutating func refuse(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16, cause: Cause) {
        context.statistics.errorIndicationsSent += 1
        send(S1APBuild.errorIndication(cause, mmeUES1APID: message.mmeUES1APID, enbUES1APID: message.enbUES1APID),
             to: association, stream: stream)
    }

    /// The UE a UE-associated message is about: its MME-UE-S1AP-ID must be known, on this
    /// association, with the same eNB-UE-S1AP-ID. Otherwise the eNB hears why (TS 36.413 10.6).
    mutating func ueID(for message: S1APMessage, association: ENBAssociationID, stream: UInt16,
                       answerUnknown: Bool = true) -> UEID? {
        guard let mmeID = message.mmeUES1APID, let id = context.uesByMMEUES1APID[mmeID],
              let connection = context.ues[id]?.connection, connection.association == association else {
            if answerUnknown { refuse(message, association: association, stream: stream, cause: .radioNetwork(.unknownMmeUeS1apId)) }
            return nil
        }
        if let enbID = message.enbUES1APID, enbID != connection.enbUES1APID {
            if answerUnknown { refuse(message, association: association, stream: stream, cause: .radioNetwork(.unknownPairUeS1apId)) }
            return nil
        }
        return id
    }

    // MARK: non-UE-associated procedures

    /// S1 Setup (TS 36.413 8.7.3): accepted when the eNB broadcasts a served PLMN in a served
    /// tracking area; refused with "unknown PLMN" otherwise.
    mutating func s1Setup(_ message: S1APMessage, association: ENBAssociationID) {
        guard let request = S1SetupRequest(message), let globalID = request.globalENBID, let supported = request.supportedTAs else { return }
        let tais = supported.tais
        let servedPLMN = tais.contains { settings.plmns.contains($0.plmn) }
        guard servedPLMN, tais.contains(where: settings.serves) else {
            context.statistics.s1SetupFailures += 1
            let cause: Cause = servedPLMN ? .misc(.unspecified) : .misc(.unknownPLMN)
            log(.warning, "\(association): S1 Setup refused (\(cause)): eNB serves \(tais.map(\.description))")
            send(S1APBuild.s1SetupFailure(cause), to: association)
            return
        }
        // An eNB that sets up again on a new association has restarted: its old one is stale.
        for (other, enb) in context.enbs where other != association && enb.globalENBID == globalID {
            associationDown(other)
            actions.append(.closeAssociation(other))
        }
        context.enbs[association]?.globalENBID = globalID
        context.enbs[association]?.name = request.enbName
        context.enbs[association]?.trackingAreas = tais
        context.enbs[association]?.pagingDRX = request.defaultPagingDRX
        log(.info, "\(association): S1 Setup of eNB \(globalID.numericID.map { String($0, radix: 16) } ?? "?") \(request.enbName ?? "")")
        send(S1APBuild.s1SetupResponse(settings), to: association)
    }

    /// Reset (TS 36.413 8.7.1) from the eNB: the named UE connections, or all of them, are gone.
    mutating func reset(_ message: S1APMessage, association: ENBAssociationID, stream: UInt16) {
        guard let request = Reset(message), let type = request.resetType else { return }
        var acknowledge = ResetAcknowledge()
        switch type {
        case .s1Interface:
            releaseConnections(of: association)
        case .partOfS1Interface(let items):
            releaseConnections(of: association, only: Set(items.compactMap(\.mmeUES1APID)))
            acknowledge.ueAssociatedLogicalS1ConnectionListResAck = items
        case .unknownExtension:
            refuse(message, association: association, stream: stream, cause: .protocol(.semanticError))
            return
        }
        log(.notice, "\(association): Reset (\(request.cause.map { "\($0)" } ?? "no cause"))")
        send(acknowledge.message, to: association, stream: stream)
    }

    /// An Error Indication from the eNB: about a UE, that UE's connection no longer exists there.
    mutating func errorIndication(_ message: S1APMessage, association: ENBAssociationID) {
        context.statistics.errorIndicationsReceived += 1
        let indication = ErrorIndication(unchecked: message)
        log(.warning, "\(association): Error Indication \(indication.cause.map { "\($0)" } ?? "")")
        guard let id = indication.mmeUES1APID.flatMap({ context.uesByMMEUES1APID[$0] }),
              context.ues[id]?.connection?.association == association else { return }
        if case .radioNetwork(let cause) = indication.cause,
           cause == .unknownMmeUeS1apId || cause == .unknownEnbUeS1apId || cause == .unknownPairUeS1apId {
            withUE(id) { mme, ue in mme.connectionLost(&ue) }
        }
    }

    /// eNB Configuration Update (TS 36.413 8.7.4): new tracking areas, refused if none is served.
    mutating func enbConfigurationUpdate(_ message: S1APMessage, association: ENBAssociationID) {
        guard let update = ENBConfigurationUpdate(message) else { return }
        if let supported = update.supportedTAs {
            let tais = supported.tais
            guard tais.contains(where: settings.serves) else {
                var failure = ENBConfigurationUpdateFailure()
                failure.cause = .misc(.unknownPLMN)
                failure.timeToWait = .v10s
                send(failure.message, to: association)
                return
            }
            context.enbs[association]?.trackingAreas = tais
        }
        if let name = update.enbName { context.enbs[association]?.name = name }
        if let drx = update.defaultPagingDRX { context.enbs[association]?.pagingDRX = drx }
        send(ENBConfigurationUpdateAcknowledge().message, to: association)
    }
}
