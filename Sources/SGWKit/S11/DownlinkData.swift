import GTPv2C
import GatewayKit
import Wire

/// Network-triggered service request (TS 23.401 5.3.4.3): downlink data for an idle UE is
/// buffered, the MME is told with a Downlink Data Notification and pages the UE; the Modify
/// Bearer that follows delivers the buffer, a failure discards it.
extension SGW {
    mutating func downlinkDataArrived(s5uTEID: UInt32) {
        guard let key = context.bearersByS5UTEID[s5uTEID], var session = context.sessions[key.s11TEID],
              let bearer = session.pdnConnections[key.linkedEBI]?.bearers[key.ebi] else {
            log(.info, "downlink data on unknown S5/S8-U TEID \(s5uTEID)")
            return
        }
        // A connected UE's data is forwarded by the user plane; one notification per paging.
        guard session.idle, session.notificationPending == nil else { return }
        var notification = DownlinkDataNotification(teid: session.mmeControl.teid, sequenceNumber: nextSequence())
        notification.ebi = key.ebi
        notification.arp = bearer.qos?.arp
        session.notificationPending = notification.header.sequenceNumber
        store(session)
        context.statistics.downlinkDataNotifications += 1
        log(.info, "downlink data for idle bearer \(key.ebi): notifying the MME", imsi: session.imsi)
        request(notification.message, to: session.mme, purpose: .downlinkDataNotification(s11TEID: session.s11TEID))
    }

    /// The MME's acknowledgement: accepted means it pages (the buffer waits for Modify Bearer);
    /// a refusal (unable to page, temporarily rejected) ends the attempt.
    mutating func downlinkDataNotificationAcknowledged(s11TEID: UInt32, cause: GTPv2Cause?) {
        guard let cause, !cause.value.isAcceptance else { return }
        downlinkDataNotificationFailed(teid: s11TEID, cause: cause)
    }

    /// Paging failed (Failure Indication from the MME, a refused or unanswered notification):
    /// the buffered packets are dropped, and the next downlink packet notifies again.
    mutating func downlinkDataNotificationFailed(teid: UInt32, cause: GTPv2Cause?) {
        guard var session = context.sessions[teid] else { return }
        session.notificationPending = nil
        store(session)
        log(.info, "paging failed (cause \(cause.map { "\($0.value)" } ?? "none")): buffered downlink dropped", imsi: session.imsi)
        for pdn in session.pdnConnections.values.sorted(by: { $0.linkedEBI < $1.linkedEBI }) {
            for ebi in pdn.bearers.keys.sorted() {
                if let bearer = pdn.bearers[ebi] { userPlane(.discardBuffered(s5uTEID: bearer.s5uTEID)) }
            }
        }
    }
}
