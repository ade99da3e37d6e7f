import Diameter
import NIOCore
import Wire

/// An SCTP association with one eNB, as the transport names it.
public struct ENBAssociationID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "association \(rawValue)" }
}

/// A GTPv2-C peer: an SGW replica's S11 address and port.
public struct GTPPeer: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16 = 2123) {
        self.address = address
        self.port = port
    }

    public var description: String { "\(address):\(port)" }
}

/// Everything that can happen to the MME: messages from its peers, transport events, timer
/// expiries, and what the executable learns about the network (which SGW and PGW replicas are
/// ready). Messages come as the octets received: decoding them is the MME's job, and so is
/// answering the ones that do not decode.
public enum MMEEvent: Sendable {
    /// An eNB's SCTP association came up, with this many outbound streams (stream 0 carries
    /// non-UE-associated signalling, the others UE-associated signalling).
    case s1apAssociationUp(ENBAssociationID, outboundStreams: UInt16)
    /// The association went down or was restarted: every UE connection over it is gone.
    case s1apAssociationDown(ENBAssociationID)
    /// One S1AP PDU (SCTP PPID 18) on a stream of an association.
    case s1ap(ENBAssociationID, stream: UInt16, ByteBuffer)
    /// A Diameter message from the HSS, as received.
    case diameterBytes(ByteBuffer)
    /// A Diameter message from the HSS that the Diameter peer layer has decoded already.
    case diameter(DiameterMessage)
    /// A GTPv2-C datagram from an SGW.
    case gtp(ByteBuffer, from: GTPPeer)
    case timerExpired(MMETimerID)
    /// The SGW replicas that are ready now (the SGW service's DNS name resolved); new sessions go
    /// to one of them, chosen by the SGW selection policy.
    case sgwCandidates([GTPPeer])
    /// The PGW addresses that are ready now; Create Session Request names one for S5/S8.
    case pgwCandidates([IPAddress])
    /// An operator or the HSS asks that a subscriber be detached (network-initiated detach).
    case detach(IMSI, reattachRequired: Bool)
}

extension MMEEvent {
    /// Whether the executable's inbox may drop the event when it is full: S1AP PDUs and S11
    /// datagrams, which any eNB or any address can send at will (and whose loss the protocols
    /// recover from: NAS and GTPv2-C retransmit). Association changes, the HSS's answers, timer
    /// expiries, discovery and operator requests come from the MME's own state or trusted links,
    /// and are never dropped: losing one would leave a procedure or a context stuck.
    public var isSheddable: Bool {
        switch self {
        case .s1ap, .gtp: true
        case .s1apAssociationUp, .s1apAssociationDown, .diameterBytes, .diameter, .timerExpired, .sgwCandidates,
             .pgwCandidates, .detach: false
        }
    }
}
