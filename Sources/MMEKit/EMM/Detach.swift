import NAS
import S1AP
import Wire

/// Detach (TS 23.401 5.3.8, TS 24.301 5.5.2): UE-initiated (switch-off or not), network-
/// initiated with DETACH REQUEST and T3422, and local (implicit) detach.
extension MME {
    /// DETACH REQUEST from the UE: DETACH ACCEPT unless it is switching off, Delete Session for
    /// each PDN connection, then the connection is released.
    mutating func detachRequest(_ request: UEOriginatingDetachRequest, ue: inout UEContext) {
        context.statistics.detaches += 1
        stopNASRetransmission(&ue)
        stopPaging(&ue)
        if case .attach = ue.procedure { context.statistics.attachFailed("detached") }
        let switchOff = request.detachType.isSwitchOff
        if !switchOff { sendNAS(.emm(.detachAccept(DetachAccept())), ue: &ue) }
        log(.info, switchOff ? "detach (switch off)" : "detach", imsi: ue.imsi)
        ue.emmState = .deregistered
        let pending = deleteAllSessions(&ue)
        ue.procedure = .detach(DetachProcedure(origin: .ue(switchOff: switchOff), pendingDeletions: pending))
        if pending == 0 { finishDetach(&ue) }
    }

    /// A detach the network decides (HSS withdrawal, operator, SGW restart). A connected UE is
    /// told; an idle one is detached implicitly and learns it at its next TAU or service request.
    mutating func detachByNetwork(_ ue: inout UEContext, reattachRequired: Bool) {
        stopPaging(&ue)
        guard ue.connection != nil, ue.emmState == .registered else {
            detachLocally(&ue, reason: "network-initiated detach of an idle UE")
            return
        }
        context.statistics.detaches += 1
        let type = DetachType(reattachRequired ? DetachType.reattachRequired : DetachType.reattachNotRequired)
        ue.procedure = .detach(DetachProcedure(origin: .network(reattachRequired: reattachRequired), pendingDeletions: 0))
        sendNAS(.emm(.ueTerminatedDetachRequest(UETerminatedDetachRequest(detachType: type))), ue: &ue, retransmit: .t3422)
    }

    /// DETACH ACCEPT from the UE for a network-initiated detach.
    mutating func detachAccepted(ue: inout UEContext) {
        guard case .detach(var procedure) = ue.procedure, case .network = procedure.origin, ue.nasRetransmission != nil else {
            context.statistics.drop(.unexpected)
            return
        }
        stopNASRetransmission(&ue)
        ue.emmState = .deregistered
        procedure.pendingDeletions = deleteAllSessions(&ue)
        ue.procedure = .detach(procedure)
        if procedure.pendingDeletions == 0 { finishDetach(&ue) }
    }

    /// T3422 expired for the last time: the detach is done without the UE (TS 24.301 5.5.2.3.4).
    mutating func networkDetachTimedOut(_ ue: inout UEContext) {
        detachLocally(&ue, reason: "T3422 expired")
    }

    /// The sessions are deleted: the connection is released (cause "detach") and the context goes.
    mutating func finishDetach(_ ue: inout UEContext) {
        ue.procedure = nil
        if ue.connection != nil { dropConnection(&ue, cause: .nas(.detach)) }
        discard(&ue)
    }

    /// Detach without signalling to the UE: sessions deleted, connection released, context gone.
    mutating func detachLocally(_ ue: inout UEContext, reason: String) {
        log(.info, "detached locally: \(reason)", imsi: ue.imsi)
        stopNASRetransmission(&ue)
        stopPaging(&ue)
        refuseDeferredSGWRequests(&ue)
        if case .attach = ue.procedure { context.statistics.attachFailed("detached") }
        ue.procedure = nil
        ue.emmState = .deregistered
        deleteAllSessions(&ue)
        if ue.connection != nil { dropConnection(&ue, cause: .nas(.detach)) }
        discard(&ue)
    }

    /// The network-initiated detach event: an operator's or the HSS's.
    mutating func detachSubscriber(_ imsi: IMSI, reattachRequired: Bool) {
        guard let id = context.uesByIMSI[imsi] else {
            log(.info, "detach of \(imsi): no such UE")
            return
        }
        withUE(id) { mme, ue in mme.detachByNetwork(&ue, reattachRequired: reattachRequired) }
    }
}
