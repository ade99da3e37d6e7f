import Diameter
import GTPv2C

/// A request to a peer (HSS or SGW) waiting for its answer, sent again on timeout (Diameter:
/// RFC 6733 5.5.4 with the T flag; GTPv2-C: TS 29.274 7.6, T3-RESPONSE and N3-REQUESTS).
struct PendingRequest<Message: Sendable, Purpose: Sendable>: Sendable {
    var ue: UEID
    var purpose: Purpose
    var message: Message
    var transmissions = 1
    var timer: MMETimerID
}

typealias PendingDiameterRequest = PendingRequest<DiameterMessage, S6aPurpose>
typealias PendingGTPRequest = PendingRequest<AddressedGTPMessage, S11Purpose>

/// A GTPv2-C message and the SGW it goes to.
struct AddressedGTPMessage: Sendable {
    var message: GTPv2Message
    var peer: GTPPeer
}

extension MME {
    /// After a response timer expired: while transmissions remain, counts one more and re-arms
    /// the timer (the caller sends the message again) and returns true.
    mutating func retransmits<Message, Purpose>(_ pending: inout PendingRequest<Message, Purpose>, retries: Int,
                                                counter: WritableKeyPath<MMEStatistics, Int>) -> Bool {
        guard pending.transmissions <= retries else { return false }
        context.statistics[keyPath: counter] += 1
        pending.transmissions += 1
        pending.timer = startTimer(pending.timer.kind, owner: pending.timer.owner, after: duration(of: pending.timer.kind))
        return true
    }
}
