import Diameter
import GatewayKit
import NIOCore
import Wire

/// Everything that can happen to the PGW: GTPv2-C datagrams from SGWs on S5/S8-C, timer
/// expiries, and policy changes for a UE's dedicated bearers.
public enum PGWEvent: Sendable {
    case gtp(ByteBuffer, from: IPEndpoint)
    case timerExpired(GatewayTimerID)
    /// A Gx message from the PCRF (CCA, RAR), decoded by the Diameter peer layer.
    case diameter(DiameterMessage)
    /// A policy rule of the UE's APN is to be activated again (after it was removed or refused):
    /// its dedicated bearer is requested with a Create Bearer Request. What a Gx RAR with
    /// Charging-Rule-Install does, for local policy.
    case installPolicyRule(ueAddress: IPv4Address, rule: String)
    /// A policy rule no longer applies to the UE: its dedicated bearer is deleted with a Delete
    /// Bearer Request. What a Gx RAR with Charging-Rule-Remove does, for local policy.
    case removePolicyRule(ueAddress: IPv4Address, rule: String)
}

extension PGWEvent {
    /// Whether the executable's inbox may drop the event when it is full: GTPv2-C datagrams,
    /// which any address can send at will (and whose loss GTPv2-C recovers from by
    /// retransmission). Timer expiries, the PCRF's messages and policy changes are never
    /// dropped: losing one would leave a procedure or a bearer stuck.
    public var isSheddable: Bool {
        switch self {
        case .gtp: true
        case .timerExpired, .diameter, .installPolicyRule, .removePolicyRule: false
        }
    }
}
