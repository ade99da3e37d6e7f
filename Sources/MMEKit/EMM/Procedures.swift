import GTPv2C
import NAS
import Wire

/// The EMM procedure a UE context is in, with what it has gathered so far.
enum UEProcedure: Sendable {
    case attach(AttachProcedure)
    /// Service request: Initial Context Setup, then one Modify Bearer Request per PDN connection.
    case serviceRequest(pendingModifications: Int)
    case detach(DetachProcedure)
}

/// Attach (TS 23.401 5.3.2.1, TS 24.301 5.5.1.2), step by step.
struct AttachProcedure: Sendable {
    enum Step: Sendable, Hashable {
        /// IDENTITY REQUEST sent (T3470): the GUTI was not one of ours.
        case identification
        /// Authentication-Information-Request sent to the HSS.
        case authenticationInformation
        /// AUTHENTICATION REQUEST sent (T3460).
        case authentication
        /// SECURITY MODE COMMAND sent (T3460).
        case securityMode
        /// ESM INFORMATION REQUEST sent (T3489): the UE keeps APN and PCO until ciphering is on.
        case esmInformation
        /// Update-Location-Request sent.
        case updateLocation
        /// Create Session Request sent.
        case createSession
        /// Initial Context Setup with ATTACH ACCEPT sent (T3450); waiting for its response and
        /// ATTACH COMPLETE, in either order (TS 23.401 5.3.2.1 step 23).
        case contextSetup
        /// Modify Bearer Request sent with the eNB's S1-U F-TEID.
        case modifyBearer
    }

    var step: Step
    var request: AttachRequest
    /// The PDN CONNECTIVITY REQUEST in the ATTACH REQUEST.
    var pdnRequest: PDNConnectivityRequest
    var requestedAPN: String?
    var requestedPCO: ProtocolConfigurationOptions?
    var emergency: Bool
    /// A synch failure was answered with a new vector already; a second one fails the attach.
    var resynchronised = false
    var contextSetUp = false
    var completed = false

    var combined: Bool { request.attachType.value == EPSAttachType.combinedEPSIMSIAttach.value }
}

/// A detach in progress (TS 24.301 5.5.2).
struct DetachProcedure: Sendable {
    enum Origin: Sendable, Hashable {
        case ue(switchOff: Bool)
        case network(reattachRequired: Bool)
    }

    var origin: Origin
    /// Delete Session Requests not answered yet.
    var pendingDeletions: Int
}

extension GPRSTimer {
    /// The coarsest unit that holds `seconds` exactly, or the next value up (TS 24.008 10.5.7.3).
    init(seconds: Int) {
        if seconds == 0 {
            self = .deactivated
        } else if seconds % 360 == 0 || seconds > 31 * 60 {
            self.init(UInt8(min((seconds + 359) / 360, 31)), unit: .decihours)
        } else if seconds % 60 == 0 || seconds > 62 {
            self.init(UInt8((seconds + 59) / 60), unit: .minutes)
        } else {
            self.init(UInt8((seconds + 1) / 2), unit: .twoSeconds)
        }
    }
}

extension TrackingAreaIdentityList {
    /// A TAI list of up to 16 TAIs (TS 24.301 9.9.3.33): one partial list per PLMN.
    init(_ tais: [TAI]) {
        var lists: [PartialList] = []
        var plmns: [PLMN] = []
        for tai in tais.prefix(16) where !plmns.contains(tai.plmn) { plmns.append(tai.plmn) }
        for plmn in plmns {
            lists.append(.tacs(plmn, tais.prefix(16).filter { $0.plmn == plmn }.map(\.tac)))
        }
        self.init(lists)
    }
}
