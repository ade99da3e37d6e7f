import NFKit
import SGWKit

/// The GTPv2-C interface a datagram arrived on. The SGW's logic does not need it (the message
/// says which); the core uses it to answer a peer on the socket it spoke to.
enum ControlInterface: Sendable {
    case s11, s5c
}

/// What the SGW's inbox holds: an event, and the interface a datagram arrived on.
struct SGWInboxItem: Sendable {
    var event: SGWEvent
    var interface: ControlInterface?
}

extension Inbox where Event == SGWInboxItem {
    func post(_ event: SGWEvent, arrivedOn interface: ControlInterface? = nil) {
        post(SGWInboxItem(event: event, interface: interface))
    }
}
