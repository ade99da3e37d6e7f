import GTPv2C
import Wire

/// A timer a gateway asked for: what it guards, whose it is, and which arming of it (an expiry
/// queued before the timer was re-armed or stopped must not be taken for the current one).
public struct GatewayTimerID: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, CustomStringConvertible {
        /// T3-RESPONSE of an unanswered GTPv2-C request (owner: its sequence number).
        case response
        /// How long the answer to a received request is kept for retransmissions of it
        /// (owner: the cache entry).
        case answerCache
        /// An unanswered Gx request (owner: the session's S5/S8-C TEID).
        case policyResponse
        /// Time to send Echo Requests to the peers with sessions (path supervision).
        case echo

        public var description: String {
            switch self {
            case .response: "T3-RESPONSE"
            case .answerCache: "answer cache"
            case .policyResponse: "Gx response"
            case .echo: "echo"
            }
        }
    }

    public var kind: Kind
    public var owner: UInt32
    public var generation: UInt32

    public init(kind: Kind, owner: UInt32, generation: UInt32) {
        self.kind = kind
        self.owner = owner
        self.generation = generation
    }

    public var description: String { "\(kind) #\(owner).\(generation)" }
}

/// What the GTPv2-C transaction layer asks of the I/O layer; each gateway wraps these in its
/// own action type.
public enum GTPCEffect: Sendable {
    case send(GTPv2Message, to: IPEndpoint)
    case startTimer(GatewayTimerID, after: Duration)
    case stopTimer(GatewayTimerID)
}
