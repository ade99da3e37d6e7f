import NAS
import S1AP
import Wire

/// Tracking area update (TS 23.401 5.3.3, TS 24.301 5.5.3), normal and periodic, with the same
/// MME and SGW: TRACKING AREA UPDATE ACCEPT with a fresh TAI list when the UE left its own,
/// bearers re-established when the UE asks ("active" flag), else the connection released.
extension MME {
    /// TRACKING AREA UPDATE REQUEST that verified with the UE's security context (an unverified
    /// one never reaches here: it is rejected by `unboundInitialMessage`).
    mutating func trackingAreaUpdate(_ request: TrackingAreaUpdateRequest, ue: inout UEContext) {
        context.statistics.trackingAreaUpdates += 1
        guard ue.emmState == .registered, ue.procedure == nil, ue.connection?.secureExchange == true else {
            // TS 24.301 5.5.3.2.5: #10 for a UE the network holds as detached, #9 otherwise.
            let cause: EMMCause = ue.emmState == .registered ? .ueIdentityCannotBeDerived : .implicitlyDetached
            sendNAS(.emm(.trackingAreaUpdateReject(TrackingAreaUpdateReject(emmCause: cause))), ue: &ue)
            if ue.emmState == .registered {
                releaseConnection(&ue, cause: .nas(.normalRelease))
            } else {
                releaseUnbound(&ue)
            }
            return
        }
        stopPaging(&ue)
        if let tai = ue.connection?.tai ?? ue.tai {
            guard settings.serves(tai) else {
                sendNAS(.emm(.trackingAreaUpdateReject(TrackingAreaUpdateReject(emmCause: .trackingAreaNotAllowed))), ue: &ue)
                releaseConnection(&ue, cause: .nas(.normalRelease))
                return
            }
            ue.tai = tai
            if !ue.taiList.contains(tai) { ue.taiList = taiList(for: ue) }
        }
        let periodic = request.updateType.value == EPSUpdateType.periodicUpdating
        var accept = TrackingAreaUpdateAccept(updateResult: .taUpdated)
        accept.t3412 = GPRSTimer(seconds: periodicTAUTimer(ue))
        accept.taiList = TrackingAreaIdentityList(ue.taiList)
        accept.epsBearerContextStatus = EPSBearerContextStatus(activeBearers: ue.activeEBIs)
        accept.epsNetworkFeatureSupport = EPSNetworkFeatureSupport(firstOctet: 0x01)
        sendNAS(.emm(.trackingAreaUpdateAccept(accept)), ue: &ue)
        log(.info, periodic ? "periodic TAU" : "TAU in \(ue.tai.map { "\($0)" } ?? "?")", imsi: ue.imsi)
        if request.updateType.isActive {
            establishBearers(&ue)
        } else if ue.connection?.contextSetUp != true {
            // The UE came out of idle only to update: back to idle (TS 24.301 5.5.3.2.4).
            releaseConnection(&ue, cause: .nas(.normalRelease))
        }
    }
}
