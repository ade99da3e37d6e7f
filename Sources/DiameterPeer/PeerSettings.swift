import NIOCore

/// The timers and limits of one peer connection.
public struct DiameterPeerSettings: Hashable, Sendable {
    /// Tw of RFC 3539: idle time before a DWR is sent, and how long to wait for its DWA before
    /// the connection is suspect (and again before it is declared down). RFC 3539 3.4.1 asks for
    /// at least 6 s; 30 s is its suggestion.
    public var watchdogInterval: TimeAmount
    /// Tw is varied by up to this much each time it is set, so that peers restarted together do
    /// not send their DWRs in step (RFC 3539 3.4.1 suggests ±2 s).
    public var watchdogJitter: TimeAmount
    /// How long a responder waits for CER and an initiator for CEA before giving up.
    public var capabilitiesExchangeTimeout: TimeAmount
    /// How long a DPR waits for its DPA before the connection is closed anyway.
    public var disconnectTimeout: TimeAmount
    /// The default time a request waits for its answer.
    public var requestTimeout: TimeAmount
    /// Requests sent and not yet answered; one more is refused at once instead of queued.
    public var maximumPendingRequests: Int
    /// Requests received and being processed; one more is answered DIAMETER_TOO_BUSY.
    public var maximumInboundInProgress: Int
    /// Bytes queued for sending above which reading from the peer stops (no answer can be written
    /// faster anyway) and new requests are refused, until the queue drains below half.
    public var maximumOutboundQueueBytes: Int
    /// Granularity of the request and watchdog timers.
    public var timerResolution: TimeAmount
    /// A client link waits this long before its first reconnection attempt, doubling each failed
    /// attempt up to `reconnectMaximumDelay`.
    public var reconnectMinimumDelay: TimeAmount
    public var reconnectMaximumDelay: TimeAmount
    /// How long a TCP connect may take.
    public var connectTimeout: TimeAmount

    public init(watchdogInterval: TimeAmount = .seconds(30), watchdogJitter: TimeAmount = .seconds(2),
                capabilitiesExchangeTimeout: TimeAmount = .seconds(10), disconnectTimeout: TimeAmount = .seconds(5),
                requestTimeout: TimeAmount = .seconds(5), maximumPendingRequests: Int = 4096,
                maximumInboundInProgress: Int = 4096, maximumOutboundQueueBytes: Int = 4 << 20,
                timerResolution: TimeAmount = .milliseconds(100), reconnectMinimumDelay: TimeAmount = .seconds(1),
                reconnectMaximumDelay: TimeAmount = .seconds(30), connectTimeout: TimeAmount = .seconds(5)) {
        self.watchdogInterval = watchdogInterval
        self.watchdogJitter = watchdogJitter
        self.capabilitiesExchangeTimeout = capabilitiesExchangeTimeout
        self.disconnectTimeout = disconnectTimeout
        self.requestTimeout = requestTimeout
        self.maximumPendingRequests = maximumPendingRequests
        self.maximumInboundInProgress = maximumInboundInProgress
        self.maximumOutboundQueueBytes = maximumOutboundQueueBytes
        self.timerResolution = timerResolution
        self.reconnectMinimumDelay = reconnectMinimumDelay
        self.reconnectMaximumDelay = reconnectMaximumDelay
        self.connectTimeout = connectTimeout
    }
}

/// Why a request got no answer.
public enum DiameterRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No open connection to a peer that can take the request.
    case noRoute(String)
    /// The connection is not open (yet, or any more).
    case notOpen
    /// No answer within the request's timeout.
    case timedOut
    /// The connection closed before the answer came.
    case connectionClosed
    /// Too many requests already wait for answers, or the send queue is full.
    case overloaded
    /// An answer came but did not decode.
    case invalidAnswer(String)

    public var description: String {
        switch self {
        case .noRoute(let destination): "no open Diameter peer for \(destination)"
        case .notOpen: "the Diameter connection is not open"
        case .timedOut: "no answer in time"
        case .connectionClosed: "the Diameter connection closed before the answer"
        case .overloaded: "too many requests waiting for answers"
        case .invalidAnswer(let reason): "invalid answer: \(reason)"
        }
    }
}

/// Disconnect-Cause (RFC 6733 5.4.3).
public enum DisconnectCause: Int32, Hashable, Sendable {
    case rebooting = 0
    case busy = 1
    case doNotWantToTalkToYou = 2
}
