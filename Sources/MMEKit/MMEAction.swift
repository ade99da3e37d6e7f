import Diameter
import GTPv2C
import Logging
import S1AP

/// What the MME asks its I/O layer to do, in order.
public enum MMEAction: Sendable {
    /// Send an S1AP PDU on this association and stream (SCTP PPID 18).
    case sendS1AP(ENBAssociationID, stream: UInt16, S1APMessage)
    /// Send a Diameter message to the HSS.
    case sendDiameter(DiameterMessage)
    /// Send a GTPv2-C message to this SGW.
    case sendGTP(GTPv2Message, to: GTPPeer)
    /// Arm a timer; when it fires, feed back `.timerExpired(id)`. Each id is armed at most once.
    case startTimer(MMETimerID, after: Duration)
    /// Disarm a timer. An expiry already on its way is ignored by the MME.
    case stopTimer(MMETimerID)
    /// Close an eNB's association (an eNB that set up again on a new association).
    case closeAssociation(ENBAssociationID)
    /// A line for the log.
    case log(MMELogEvent)
}

/// One log line with its level and the identities it is about.
public struct MMELogEvent: Sendable, CustomStringConvertible {
    public var level: Logger.Level
    public var message: String
    public var imsi: String?

    public init(_ level: Logger.Level, _ message: String, imsi: String? = nil) {
        self.level = level
        self.message = message
        self.imsi = imsi
    }

    public var description: String { imsi.map { "[\($0)] \(message)" } ?? message }

    /// Writes the event to `logger`, with the IMSI as metadata.
    public func write(to logger: Logger) {
        var metadata: Logger.Metadata = [:]
        if let imsi { metadata["imsi"] = .string(imsi) }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}

/// A timer the MME asked for: what it guards, whose it is, and which arming of it (a timer
/// re-armed after an expiry was queued must not take the queued expiry as its own).
public struct MMETimerID: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, CustomStringConvertible {
        /// NAS retransmission timers of TS 24.301 10.2.
        case t3413, t3422, t3450, t3460, t3470, t3489
        /// An unanswered S6a request (owner: its hop-by-hop identifier).
        case s6aResponse
        /// An unanswered S11 request (owner: its sequence number).
        case s11Response

        public var description: String {
            switch self {
            case .t3413: "T3413"
            case .t3422: "T3422"
            case .t3450: "T3450"
            case .t3460: "T3460"
            case .t3470: "T3470"
            case .t3489: "T3489"
            case .s6aResponse: "S6a response"
            case .s11Response: "S11 response"
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
