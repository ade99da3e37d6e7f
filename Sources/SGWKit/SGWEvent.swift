import GatewayKit
import NIOCore
import Wire

/// Everything that can happen to the SGW: GTPv2-C datagrams from an MME (S11) or a PGW (S5/S8-C),
/// timer expiries, what DNS says about the PGWs, and what the user plane reports.
public enum SGWEvent: Sendable {
    /// A GTPv2-C datagram from a peer, as received. Which interface it came on follows from the
    /// message (an MME sends S11 messages, a PGW S5 ones), so one socket or two both work.
    case gtp(ByteBuffer, from: IPEndpoint)
    case timerExpired(GatewayTimerID)
    /// The PGW replicas ready for an APN now (its DNS name resolved); `apn` nil gives the ones
    /// for any APN without a list of its own.
    case pgwCandidates(apn: String?, [IPAddress])
    /// The user plane buffered the first downlink packet for a bearer whose UE is idle: the
    /// bearer is named by the SGW's S5/S8-U TEID the packet arrived on.
    case downlinkDataArrived(s5uTEID: UInt32)
}

extension SGWEvent {
    /// Whether the executable's inbox may drop the event when it is full: GTPv2-C datagrams,
    /// which any address can send at will (and whose loss GTPv2-C recovers from by
    /// retransmission). Timer expiries, discovery and the user plane's reports (one per bearer
    /// that goes from idle to buffering) are never dropped: losing one would leave a procedure
    /// or a bearer stuck.
    public var isSheddable: Bool {
        switch self {
        case .gtp: true
        case .timerExpired, .pgwCandidates, .downlinkDataArrived: false
        }
    }
}
