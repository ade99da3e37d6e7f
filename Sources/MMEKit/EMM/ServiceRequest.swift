import GTPv2C
import MobileCrypto
import NAS
import S1AP
import Wire

/// Service request and paging (TS 23.401 5.3.4, TS 24.301 5.6): a UE in ECM-IDLE gets its
/// bearers back through Initial Context Setup and Modify Bearer; downlink data for it makes
/// the MME page it in its tracking areas.
extension MME {
    /// SERVICE REQUEST whose short MAC verified (the caller checked it).
    mutating func serviceRequest(_ ue: inout UEContext) {
        context.statistics.serviceRequests += 1
        stopPaging(&ue)
        guard ue.emmState == .registered, ue.procedure == nil else {
            // TS 24.301 5.6.1.5: a UE the network does not consider attached must attach again.
            sendNAS(.emm(.serviceReject(ServiceReject(emmCause: .implicitlyDetached))), ue: &ue)
            releaseUnbound(&ue)
            return
        }
        guard ue.pdnConnections.contains(where: { $0.state == .active }) else {
            // #40 "no EPS bearer context activated" (TS 24.301 5.6.1.5).
            sendNAS(.emm(.serviceReject(ServiceReject(emmCause: EMMCause(rawValue: 40)))), ue: &ue)
            releaseConnection(&ue, cause: .nas(.normalRelease))
            return
        }
        establishBearers(&ue)
    }

    /// Initial Context Setup with every bearer of the UE's active PDN connections and KeNB from
    /// the uplink NAS COUNT of the message that asked for them.
    mutating func establishBearers(_ ue: inout UEContext) {
        guard let connection = ue.connection, let security = ue.security else { return }
        let kenb = KeyDerivation.kenb(kasme: security.kasme, uplinkNASCount: security.uplinkCount.value)
        let items = ue.pdnConnections.filter { $0.state == .active }.flatMap(\.bearers).compactMap {
            S1APBuild.contextSetupItem($0, nasPDU: nil)
        }
        ue.procedure = .serviceRequest(pendingModifications: 0)
        send(S1APBuild.initialContextSetupRequest(connection, ue: ue, kenb: kenb, erabs: items), to: ue)
    }

    /// The eNB has the bearers: one Modify Bearer Request per PDN connection (TS 23.401 5.3.4.1 step 8).
    mutating func serviceRequestContextSetUp(_ ue: inout UEContext) {
        let indices = ue.pdnConnections.indices.filter { ue.pdnConnections[$0].state == .active }
        ue.procedure = .serviceRequest(pendingModifications: indices.count)
        for index in indices { modifyBearers(&ue, pdn: index) }
        if indices.isEmpty { serviceRequestModified(&ue, pending: 1) }
    }

    mutating func serviceRequestModified(_ ue: inout UEContext, pending: Int) {
        guard pending <= 1 else {
            ue.procedure = .serviceRequest(pendingModifications: pending - 1)
            return
        }
        ue.procedure = nil
        runDeferredSGWRequests(&ue)
    }

    // MARK: paging

    /// Downlink Data Notification (TS 29.274 7.2.11): acknowledged, and an idle UE is paged.
    mutating func downlinkDataNotification(_ message: GTPv2Message, from peer: GTPPeer) {
        let sequence = message.header.sequenceNumber
        guard let id = ueID(forSGWRequest: message, from: peer) else { return }
        withUE(id) { mme, ue in
            mme.actions.append(.sendGTP(S11Build.downlinkDataNotificationAcknowledge(teid: ue.sgwS11TEID ?? 0, sequence: sequence,
                                                                                     cause: .requestAccepted), to: peer))
            guard ue.connection == nil, ue.emmState == .registered else { return }
            mme.page(&ue)
            ue.paging?.downlinkData = true
        }
    }

    /// Pages the UE (S-TMSI) through every eNB serving a tracking area of its TAI list, and arms
    /// T3413 to page again.
    mutating func page(_ ue: inout UEContext) {
        guard ue.paging == nil, let imsi = ue.imsi, let guti = ue.guti else { return }
        context.statistics.pagings += 1
        sendPaging(imsi: imsi, guti: guti, ue: ue)
        ue.paging = PagingState(timer: startTimer(.t3413, owner: ue.id.rawValue, after: settings.t3413), attempts: 1)
    }

    private mutating func sendPaging(imsi: IMSI, guti: GUTI, ue: UEContext) {
        let tais = ue.taiList.isEmpty ? ue.tai.map { [$0] } ?? [] : ue.taiList
        let message = S1APBuild.paging(imsi: imsi, guti: guti, tais: tais)
        for enb in context.enbs.values.sorted(by: { $0.association.rawValue < $1.association.rawValue })
        where enb.isSetUp && enb.trackingAreas.contains(where: tais.contains) {
            send(message, to: enb.association)
        }
    }

    mutating func pagingTimerExpired(_ timer: MMETimerID, ue: inout UEContext) {
        guard var paging = ue.paging, paging.timer == timer else { return }
        guard ue.connection == nil else {
            ue.paging = nil
            return
        }
        if paging.attempts < settings.pagingAttempts, let imsi = ue.imsi, let guti = ue.guti {
            paging.attempts += 1
            paging.timer = startTimer(.t3413, owner: ue.id.rawValue, after: settings.t3413)
            ue.paging = paging
            sendPaging(imsi: imsi, guti: guti, ue: ue)
            return
        }
        ue.paging = nil
        log(.notice, "paging failed after \(paging.attempts) attempts", imsi: ue.imsi)
        if paging.downlinkData, let sgw = ue.sgw {
            let sequence = context.identifiers.nextSequence()
            actions.append(.sendGTP(S11Build.downlinkDataNotificationFailure(teid: ue.sgwS11TEID ?? 0, sequence: sequence,
                                                                            cause: .ueNotResponding), to: sgw))
        }
        refuseDeferredSGWRequests(&ue)
    }

    mutating func stopPaging(_ ue: inout UEContext) {
        stopTimer(ue.paging?.timer)
        ue.paging = nil
    }
}
