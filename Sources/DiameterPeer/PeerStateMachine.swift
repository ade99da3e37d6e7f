import Diameter
import NIOCore
import Wire

/// One Diameter peer connection as a plain value: events in (bytes received, a request to send,
/// an answer from the application, the clock), actions out (bytes to write, a request for the
/// application, an answer for a waiting caller, close). The NIO handler performs the actions;
/// the tests drive it without sockets.
///
/// It covers the capabilities exchange (RFC 6733 5.3), the watchdog of RFC 3539 (OKAY →
/// SUSPECT after an unanswered DWR → DOWN after one more Tw), Disconnect-Peer (5.4), matching
/// answers to requests by Hop-by-Hop Identifier with a deadline each, and the protocol answers
/// to requests that cannot be taken (3001, 3004, 3007, 5001, 5004, 5005, 5014).
public struct PeerStateMachine: Sendable {
    public enum Role: Hashable, Sendable {
        /// We opened the connection: we send CER.
        case initiator
        /// The peer connected to us: we wait for its CER.
        case responder
    }

    public enum State: Hashable, Sendable {
        case waitingForCER
        case waitingForCEA
        case open
        /// DPR sent; waiting for DPA.
        case closing
        case closed(CloseReason)
    }

    public enum CloseReason: Hashable, Sendable, CustomStringConvertible {
        /// One side refused the capabilities exchange with this Result-Code.
        case capabilitiesRefused(DiameterResultCode)
        case capabilitiesTimeout
        /// The peer broke the protocol in a way that leaves no answer to give.
        case protocolViolation(String)
        /// RFC 3539: no answer to a DWR for two watchdog intervals.
        case watchdogDown
        case disconnectedByPeer(DisconnectCause?)
        case disconnectedLocally(DisconnectCause)
        case transportClosed

        public var description: String {
            switch self {
            case .capabilitiesRefused(let code): "capabilities exchange refused (\(code.rawValue))"
            case .capabilitiesTimeout: "no capabilities exchange in time"
            case .protocolViolation(let reason): "protocol violation: \(reason)"
            case .watchdogDown: "watchdog: peer down"
            case .disconnectedByPeer(let cause): "peer sent DPR (\(cause.map { "\($0)" } ?? "no cause"))"
            case .disconnectedLocally(let cause): "disconnected (\(cause))"
            case .transportClosed: "connection closed"
            }
        }
    }

    /// How the transport delimits messages.
    public enum Framing: Hashable, Sendable {
        /// A byte stream cut by the message's own length (TCP): a length that disagrees with the
        /// message leaves no way to find the next one, so the connection closes.
        case byteStream
        /// One message per transport message (an SCTP user message, RFC 6733 2.1): a length that
        /// disagrees spoils only that message, which a request gets DIAMETER_INVALID_MESSAGE_LENGTH
        /// (5015) for while the association carries on.
        case messageBoundaries
    }

    public enum WatchdogStatus: Hashable, Sendable {
        case okay
        case suspect
    }

    /// Names a request of the caller's, so that its answer (or failure) finds its way back.
    public struct RequestToken: Hashable, Sendable, Comparable {
        public var value: UInt64
        public init(_ value: UInt64) { self.value = value }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
    }

    public enum Action: Sendable {
        case write(DiameterMessage)
        /// A request for the application; its answer comes back through `answer(_:now:)`.
        case deliverRequest(DiameterMessage)
        case completeRequest(RequestToken, DiameterMessage)
        case failRequest(RequestToken, DiameterRequestError)
        case opened(PeerCapabilities)
        case watchdogChanged(WatchdogStatus)
        /// A request was answered with this protocol error by the peer layer itself.
        case refusedRequest(DiameterResultCode)
        /// Close the transport once the writes before this action are flushed.
        case close(CloseReason)
    }

    /// Decides whether a peer that passed the capabilities exchange may stay: nil admits it, a
    /// Result-Code refuses it (a second connection from a host already open, an unknown peer).
    public typealias Admission = @Sendable (PeerCapabilities, Role) -> DiameterResultCode?

    struct Pending: Sendable {
        var token: RequestToken
        var deadline: NIODeadline
    }

    public let role: Role
    public let identity: DiameterNodeIdentity
    public let settings: DiameterPeerSettings
    /// The connection's own addresses: Host-IP-Address of CER/CEA when the identity names none.
    let localAddresses: [IPAddress]
    public let framing: Framing
    let admission: Admission

    public private(set) var state: State
    public private(set) var peer: PeerCapabilities?
    /// The applications both ends support, once open.
    public private(set) var commonApplications: Set<DiameterApplication> = []
    public private(set) var watchdogStatus: WatchdogStatus = .okay
    /// Requests received and handed to the application, not yet answered.
    public private(set) var inboundInProgress = 0
    /// Answers that matched no request (late after a timeout, or never asked for).
    public private(set) var unmatchedAnswers = 0

    var pending: [UInt32: Pending] = [:]
    var nextHopByHop: UInt32
    var nextEndToEnd: UInt32
    var jitterState: UInt64
    var stateDeadline: NIODeadline
    var watchdogDeadline: NIODeadline = .distantFuture
    var watchdogRequestPending = false

    public var pendingRequests: Int { pending.count }

    /// - Parameters:
    ///   - hopByHopSeed, endToEndSeed: first identifiers to use (random in production, fixed in tests).
    public init(role: Role, identity: DiameterNodeIdentity, settings: DiameterPeerSettings = .init(),
                localAddresses: [IPAddress] = [], framing: Framing = .byteStream, now: NIODeadline, hopByHopSeed: UInt32 = 1,
                endToEndSeed: UInt32 = 1, admission: @escaping Admission = { _, _ in nil }) {
        self.role = role
        self.identity = identity
        self.settings = settings
        self.localAddresses = localAddresses
        self.framing = framing
        self.admission = admission
        state = role == .initiator ? .waitingForCEA : .waitingForCER
        nextHopByHop = hopByHopSeed
        nextEndToEnd = endToEndSeed
        jitterState = UInt64(hopByHopSeed) | 1
        stateDeadline = now + settings.capabilitiesExchangeTimeout
    }

    // MARK: Events

    /// The transport is up: an initiator sends its CER.
    public mutating func start(now: NIODeadline) -> [Action] {
        stateDeadline = now + settings.capabilitiesExchangeTimeout
        guard role == .initiator, state == .waitingForCEA else { return [] }
        return [.write(CapabilitiesExchange.request(identity, localAddresses: localAddresses, hopByHop: takeHopByHop(),
                                                     endToEnd: takeEndToEnd()))]
    }

    /// One whole message from the peer, as cut by the framer.
    public mutating func receive(_ bytes: ByteBuffer, now: NIODeadline) -> [Action] {
        if case .closed = state { return [] }
        var actions = noteActivity(now: now)
        let message: DiameterMessage
        do {
            message = try DiameterMessage.decode(bytes)
        } catch {
            return actions + undecodable(error, raw: bytes)
        }
        switch state {
        case .waitingForCER:
            guard message.isRequest, message.commandCode == DiameterCommand.capabilitiesExchange.code else {
                return actions + close(.protocolViolation("\(message.name) before CER"))
            }
            return actions + capabilitiesRequest(message, now: now)
        case .waitingForCEA:
            guard !message.isRequest, message.commandCode == DiameterCommand.capabilitiesExchange.code else {
                return actions + close(.protocolViolation("\(message.name) before CEA"))
            }
            return actions + capabilitiesAnswer(message, now: now)
        case .open, .closing:
            actions += message.isRequest ? request(message) : answer(message)
            return actions
        case .closed:
            return []
        }
    }

    /// Sends a request of the application's; its answer comes back as `completeRequest(token, _)`.
    /// The Hop-by-Hop Identifier is this connection's; a zero End-to-End Identifier is filled in.
    public mutating func send(request: DiameterMessage, token: RequestToken, timeout: TimeAmount? = nil,
                              now: NIODeadline) -> [Action] {
        guard state == .open else { return [.failRequest(token, .notOpen)] }
        guard pending.count < settings.maximumPendingRequests else { return [.failRequest(token, .overloaded)] }
        var request = request
        request.header.flags.insert(.request)
        request.header.hopByHop = takeHopByHop()
        if request.header.endToEnd == 0 { request.header.endToEnd = takeEndToEnd() }
        pending[request.header.hopByHop] = Pending(token: token, deadline: now + (timeout ?? settings.requestTimeout))
        return [.write(request)]
    }

    /// The application's answer to a request delivered earlier.
    public mutating func answer(_ answer: DiameterMessage, now: NIODeadline) -> [Action] {
        inboundInProgress = max(0, inboundInProgress - 1)
        switch state {
        case .open, .closing: return [.write(answer)]
        default: return []
        }
    }

    /// The clock: capabilities and DPA deadlines, request timeouts, the watchdog.
    public mutating func tick(now: NIODeadline) -> [Action] {
        switch state {
        case .waitingForCER, .waitingForCEA:
            return now >= stateDeadline ? close(.capabilitiesTimeout) : []
        case .closing:
            if now >= stateDeadline, case .closing = state { return close(.disconnectedLocally(.rebooting)) }
            return expireRequests(now: now)
        case .open:
            return expireRequests(now: now) + watchdog(now: now)
        case .closed:
            return []
        }
    }

    /// Starts a graceful disconnect: DPR, then close on DPA (or when it does not come).
    public mutating func disconnect(cause: DisconnectCause, now: NIODeadline) -> [Action] {
        switch state {
        case .open:
            state = .closing
            disconnectCause = cause
            stateDeadline = now + settings.disconnectTimeout
            var dpr = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: DiameterCommand.disconnectPeer.code,
                                                             applicationID: 0, hopByHop: takeHopByHop(), endToEnd: takeEndToEnd()),
                                      avps: identity.originAVPs)
            dpr.append(AVP(.disconnectCause, enumerated: cause.rawValue))
            return [.write(dpr)]
        case .waitingForCER, .waitingForCEA:
            return close(.disconnectedLocally(cause))
        case .closing, .closed:
            return []
        }
    }

    var disconnectCause: DisconnectCause = .rebooting

    /// The transport went away (reset, EOF): every waiting request fails.
    public mutating func transportClosed() -> [Action] {
        if case .closed = state { return [] }
        state = .closed(.transportClosed)
        return failAllPending(.connectionClosed)
    }

    // MARK: Capabilities exchange

    private mutating func capabilitiesRequest(_ cer: DiameterMessage, now: NIODeadline) -> [Action] {
        func refuse(_ result: DiameterResultCode, failedAVP: AVP? = nil, _ reason: String) -> [Action] {
            let cea = CapabilitiesExchange.answer(to: cer, identity, localAddresses: localAddresses, result: result,
                                                  failedAVP: failedAVP, errorMessage: reason)
            return [.write(cea)] + close(.capabilitiesRefused(result))
        }
        let capabilities: PeerCapabilities
        do {
            capabilities = try PeerCapabilities(from: cer)
        } catch {
            return refuse(error.resultCode, failedAVP: error.failedAVP, error.errorMessage ?? "invalid CER")
        }
        let security = cer.all(.inbandSecurityId).compactMap(\.value.unsigned32)
        if !security.isEmpty && !security.contains(0) {
            return refuse(.noCommonSecurity, "only NO_INBAND_SECURITY (0) is supported")
        }
        let common = CapabilitiesExchange.commonApplications(local: identity.applications, peer: capabilities.applications)
        guard !common.isEmpty else {
            return refuse(.noCommonApplication, "no common application")
        }
        if let refusal = admission(capabilities, role) {
            return refuse(refusal, "connection refused")
        }
        opened(capabilities, common: common, now: now)
        return [.write(CapabilitiesExchange.answer(to: cer, identity, localAddresses: localAddresses, result: .success)),
                .opened(capabilities)]
    }

    private mutating func capabilitiesAnswer(_ cea: DiameterMessage, now: NIODeadline) -> [Action] {
        let result = DiameterResultCode(rawValue: cea.resultCode ?? DiameterResultCode.unableToComply.rawValue)
        guard result == .success else { return close(.capabilitiesRefused(result)) }
        guard let capabilities = try? PeerCapabilities(from: cea) else {
            return close(.protocolViolation("CEA without the required AVPs"))
        }
        let common = CapabilitiesExchange.commonApplications(local: identity.applications, peer: capabilities.applications)
        guard !common.isEmpty else { return close(.capabilitiesRefused(.noCommonApplication)) }
        if let refusal = admission(capabilities, role) { return close(.capabilitiesRefused(refusal)) }
        opened(capabilities, common: common, now: now)
        return [.opened(capabilities)]
    }

    private mutating func opened(_ capabilities: PeerCapabilities, common: Set<DiameterApplication>, now: NIODeadline) {
        state = .open
        peer = capabilities
        commonApplications = common
        watchdogDeadline = now + jitteredWatchdogInterval()
    }

    // MARK: Open connection

    private mutating func request(_ request: DiameterMessage) -> [Action] {
        switch request.commandCode {
        case DiameterCommand.deviceWatchdog.code:
            var dwa = DiameterMessage.answer(to: request, from: identity)
            dwa.append(AVP(.originStateId, unsigned32: identity.originStateID))
            return [.write(dwa)]
        case DiameterCommand.disconnectPeer.code:
            let cause = request[.disconnectCause]?.value.unsigned32.flatMap { DisconnectCause(rawValue: Int32(bitPattern: $0)) }
            return [.write(DiameterMessage.answer(to: request, from: identity))] + close(.disconnectedByPeer(cause))
        case DiameterCommand.capabilitiesExchange.code:
            return refuse(request, DiameterAnswerError(.unableToComply, errorMessage: "capabilities already exchanged"))
        default:
            break
        }
        let application = DiameterApplication(rawValue: request.applicationID)
        if application == .common { return refuse(request, .commandUnsupported) }
        guard commonApplications.contains(application) || commonApplications.contains(.relay) else {
            return refuse(request, .applicationUnsupported)
        }
        if let missing = request.firstMissingRequiredAVP { return refuse(request, .missingAVP(missing)) }
        guard inboundInProgress < settings.maximumInboundInProgress else { return refuse(request, .tooBusy) }
        inboundInProgress += 1
        return [.deliverRequest(request)]
    }

    private func refuse(_ request: DiameterMessage, _ error: DiameterAnswerError) -> [Action] {
        [.write(DiameterMessage.errorAnswer(to: request, from: identity, error)), .refusedRequest(error.resultCode)]
    }

    private mutating func answer(_ answer: DiameterMessage) -> [Action] {
        switch answer.commandCode {
        case DiameterCommand.deviceWatchdog.code:
            watchdogRequestPending = false
            return []
        case DiameterCommand.disconnectPeer.code where state == .closing:
            return close(.disconnectedLocally(disconnectCause))
        case DiameterCommand.capabilitiesExchange.code:
            return []
        default:
            guard let waiting = pending.removeValue(forKey: answer.header.hopByHop) else {
                unmatchedAnswers += 1
                return []
            }
            return [.completeRequest(waiting.token, answer)]
        }
    }

    /// A message that did not decode: a request gets the error answer its header allows, an
    /// answer fails the request it belongs to, a broken header ends the connection.
    private mutating func undecodable(_ error: DiameterDecodeError, raw: ByteBuffer) -> [Action] {
        let header: DiameterHeader
        let decoded: DiameterMessage?
        switch error {
        case .unknownMandatoryAVP(_, let message):
            header = message.header
            decoded = message
        case .invalidAVP(_, let brokenHeader, _):
            header = brokenHeader
            decoded = nil
        case .malformed where framing == .messageBoundaries:
            // The message is whole (the transport delimited it) but its length field disagrees:
            // answerable when its header can be read.
            guard let readable = Self.header(of: raw) else { return close(.protocolViolation(error.description)) }
            header = readable
            decoded = nil
        case .malformed, .unsupportedVersion:
            return close(.protocolViolation(error.description))
        }
        guard header.isRequest else {
            guard let waiting = pending.removeValue(forKey: header.hopByHop) else {
                unmatchedAnswers += 1
                return []
            }
            return [.failRequest(waiting.token, .invalidAnswer(error.description))]
        }
        let answerError = DiameterAnswerError(error)
        let answer = decoded.map { DiameterMessage.errorAnswer(to: $0, from: identity, answerError) }
            ?? DiameterMessage.errorAnswer(toUndecodable: header, raw: raw, from: identity, answerError)
        var actions: [Action] = [.write(answer), .refusedRequest(answerError.resultCode)]
        switch state {
        case .waitingForCER, .waitingForCEA: actions += close(.capabilitiesRefused(answerError.resultCode))
        default: break
        }
        return actions
    }

    /// The header of a version 1 message whose length field may be wrong, nil when it is shorter
    /// than a header.
    private static func header(of raw: ByteBuffer) -> DiameterHeader? {
        let start = raw.readerIndex
        guard raw.readableBytes >= 20, raw.getInteger(at: start, as: UInt8.self) == 1,
              let flags = raw.getInteger(at: start + 4, as: UInt8.self),
              let command = raw.getInteger(at: start + 4, as: UInt32.self),
              let application = raw.getInteger(at: start + 8, as: UInt32.self),
              let hopByHop = raw.getInteger(at: start + 12, as: UInt32.self),
              let endToEnd = raw.getInteger(at: start + 16, as: UInt32.self) else { return nil }
        return DiameterHeader(flags: DiameterHeader.Flags(rawValue: flags), commandCode: command & 0xFF_FFFF,
                              applicationID: application, hopByHop: hopByHop, endToEnd: endToEnd)
    }

    // MARK: Timers

    /// RFC 3539 3.4.1: any message from the peer resets the watchdog and ends SUSPECT.
    private mutating func noteActivity(now: NIODeadline) -> [Action] {
        guard state == .open || state == .closing else { return [] }
        watchdogDeadline = now + jitteredWatchdogInterval()
        guard watchdogStatus == .suspect else { return [] }
        watchdogStatus = .okay
        watchdogRequestPending = false
        return [.watchdogChanged(.okay)]
    }

    private mutating func watchdog(now: NIODeadline) -> [Action] {
        guard now >= watchdogDeadline else { return [] }
        watchdogDeadline = now + jitteredWatchdogInterval()
        switch watchdogStatus {
        case .okay where !watchdogRequestPending:
            watchdogRequestPending = true
            var dwr = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: DiameterCommand.deviceWatchdog.code,
                                                             applicationID: 0, hopByHop: takeHopByHop(), endToEnd: takeEndToEnd()),
                                      avps: identity.originAVPs)
            dwr.append(AVP(.originStateId, unsigned32: identity.originStateID))
            return [.write(dwr)]
        case .okay:
            watchdogStatus = .suspect
            return [.watchdogChanged(.suspect)]
        case .suspect:
            return close(.watchdogDown)
        }
    }

    private mutating func expireRequests(now: NIODeadline) -> [Action] {
        let expired = pending.filter { $0.value.deadline <= now }
        guard !expired.isEmpty else { return [] }
        for key in expired.keys { pending.removeValue(forKey: key) }
        return expired.values.map(\.token).sorted().map { .failRequest($0, .timedOut) }
    }

    private mutating func jitteredWatchdogInterval() -> TimeAmount {
        let jitter = settings.watchdogJitter.nanoseconds
        guard jitter > 0 else { return settings.watchdogInterval }
        // A small xorshift generator: the jitter only has to differ between peers, not be secret.
        jitterState ^= jitterState << 13
        jitterState ^= jitterState >> 7
        jitterState ^= jitterState << 17
        let offset = Int64(jitterState % UInt64(2 * jitter + 1)) - jitter
        return .nanoseconds(max(settings.watchdogInterval.nanoseconds + offset, settings.timerResolution.nanoseconds))
    }

    // MARK: Helpers

    private mutating func close(_ reason: CloseReason) -> [Action] {
        state = .closed(reason)
        return failAllPending(.connectionClosed) + [.close(reason)]
    }

    private mutating func failAllPending(_ error: DiameterRequestError) -> [Action] {
        let tokens = pending.values.map(\.token).sorted()
        pending.removeAll()
        return tokens.map { .failRequest($0, error) }
    }

    private mutating func takeHopByHop() -> UInt32 {
        defer { nextHopByHop &+= 1 }
        return nextHopByHop
    }

    private mutating func takeEndToEnd() -> UInt32 {
        defer { nextEndToEnd &+= 1 }
        return nextEndToEnd
    }
}
