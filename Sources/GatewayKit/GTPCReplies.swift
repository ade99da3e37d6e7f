import GTPv2C
import Wire

/// Answers every gateway gives the same way (TS 29.274 7.7: a refused request gets its response
/// type carrying the Cause, and the offending IE when one is to blame).
public enum GTPCReplies {
    /// The response type of a request, for answering one that is refused.
    public static func responseType(to request: GTPv2MessageType) -> GTPv2MessageType? {
        switch request {
        case .echoRequest: .echoResponse
        case .createSessionRequest: .createSessionResponse
        case .modifyBearerRequest: .modifyBearerResponse
        case .deleteSessionRequest: .deleteSessionResponse
        case .releaseAccessBearersRequest: .releaseAccessBearersResponse
        case .createBearerRequest: .createBearerResponse
        case .updateBearerRequest: .updateBearerResponse
        case .deleteBearerRequest: .deleteBearerResponse
        case .downlinkDataNotification: .downlinkDataNotificationAcknowledge
        case .modifyBearerCommand: .modifyBearerFailureIndication
        case .deleteBearerCommand: .deleteBearerFailureIndication
        case .deletePDNConnectionSetRequest: .deletePDNConnectionSetResponse
        default: nil
        }
    }

    /// Whether a message type is a request a peer expects an answer to (or a command, answered
    /// by a failure indication when refused).
    public static func isRequest(_ type: GTPv2MessageType) -> Bool { responseType(to: type) != nil }

    /// A response carrying only the Cause.
    public static func rejection(_ request: GTPv2MessageType, teid: UInt32, sequence: UInt32,
                                 cause: GTPv2Cause) -> GTPv2Message? {
        guard let type = responseType(to: request) else { return nil }
        return GTPv2Message(type, teid: type == .echoResponse ? nil : teid, sequenceNumber: sequence,
                            ies: [GTPv2IE(.cause(cause))])
    }

    public static func echoResponse(sequence: UInt32, recovery: UInt8) -> GTPv2Message {
        var response = EchoResponse(teid: nil, sequenceNumber: sequence)
        response.recovery = recovery
        return response.message
    }

    public static func echoRequest(sequence: UInt32, recovery: UInt8) -> GTPv2Message {
        var request = EchoRequest(teid: nil, sequenceNumber: sequence)
        request.recovery = recovery
        return request.message
    }

    /// An F-TEID on `address` for an interface.
    public static func fteid(_ type: FTEID.InterfaceType, teid: UInt32, address: IPAddress) -> FTEID {
        var fteid = FTEID(interfaceType: type, teid: teid)
        switch address {
        case .v4(let v4): fteid.ipv4 = v4
        case .v6(let v6): fteid.ipv6 = v6
        }
        return fteid
    }
}

extension FTEID {
    /// The endpoint's address (IPv4 preferred), nil when it carries none.
    public var address: IPAddress? {
        if let ipv4 { return .v4(ipv4) }
        return ipv6.map { .v6($0) }
    }
}

/// Restart counters of peers, as the Recovery IE announces them (TS 23.007 18): a counter that
/// changes means the peer restarted and lost its sessions. Bounded as `PeerTable` is: only the
/// counters of peers with sessions or pending requests are sure to be kept, and only those matter.
public struct PeerRestartCounters: Sendable {
    private var counters: PeerTable<IPAddress, UInt8>

    public init(capacity: Int = PeerTable<IPAddress, UInt8>.defaultCapacity) {
        counters = PeerTable(capacity: capacity)
    }

    /// Records a peer's counter; true when it differs from the one seen before (a restart). A
    /// new peer's is not recorded while the table `isFull(for:)` it.
    public mutating func note(_ counter: UInt8, of peer: IPAddress) -> Bool {
        let previous = counters.update(counter, for: peer)
        return previous != nil && previous != counter
    }

    /// Whether `peer` is new and finds the table full: `evict(keeping:)` the peers in use first.
    public func isFull(for peer: IPAddress) -> Bool { counters.isFull(for: peer) }

    /// Forgets the counters of every peer but those in `inUse` (with sessions or pending requests).
    public mutating func evict(keeping inUse: Set<IPAddress>) { counters.evict(keeping: inUse) }

    /// How many peers' counters are kept.
    public var count: Int { counters.count }

    public subscript(peer: IPAddress) -> UInt8? { counters[peer] }
}

/// What to do with a message that did not decode (TS 29.274 7.7).
public enum GTPCRefusal: Sendable {
    /// Send this: the request's response with the decoder's cause, or Version Not Supported.
    case answer(GTPv2Message)
    /// A response that could not be read: the request it answers (this header's sequence
    /// number) failed with `cause`.
    case failPending(GTPv2Header, cause: GTPv2Cause)
    /// Not even a header: nothing can be answered.
    case drop

    /// - Parameter peerTEID: the peer's TEID for the context a local TEID names (0 when unknown).
    public init(_ error: GTPv2DecodeError, peerTEID: (UInt32?) -> UInt32) {
        switch error {
        case .unsupportedVersion:
            // TS 29.274 7.1.3: the sender learns which version this node speaks.
            self = .answer(GTPv2Message(.versionNotSupportedIndication, teid: nil, sequenceNumber: 0))
        case .malformedHeader:
            self = .drop
        case .malformed(_, let header), .mandatoryIEMissing(_, let header), .mandatoryIEIncorrect(_, let header):
            if let refusal = GTPCReplies.rejection(header.messageType, teid: peerTEID(header.teid),
                                                   sequence: header.sequenceNumber, cause: error.cause) {
                self = .answer(refusal)
            } else {
                self = .failPending(header, cause: error.cause)
            }
        }
    }
}
