import Diameter
import DiameterPeer
import Logging
import Metrics
import NIOCore
import Synchronization
import Wire

/// The HSS's rules for S6a that are not per subscriber.
public struct S6aPolicy: Hashable, Sendable {
    public var identity: DiameterNodeIdentity
    /// The operator's own PLMNs: attaching there is never roaming.
    public var homePLMNs: [PLMN]
    /// Visited PLMNs a roaming-allowed subscriber may attach in; empty allows any.
    public var roamingPartners: [PLMN]
    /// The most E-UTRAN vectors one AIA carries, whatever the MME asks for.
    public var maximumVectorsPerRequest: Int
    public var sequenceNumbers: SequenceNumberScheme

    public init(identity: DiameterNodeIdentity, homePLMNs: [PLMN], roamingPartners: [PLMN] = [],
                maximumVectorsPerRequest: Int = 5, sequenceNumbers: SequenceNumberScheme = .init()) {
        self.identity = identity
        self.homePLMNs = homePLMNs
        self.roamingPartners = roamingPartners
        self.maximumVectorsPerRequest = maximumVectorsPerRequest
        self.sequenceNumbers = sequenceNumbers
    }

    /// Whether `subscriber` may be served by an MME of `visited` (TS 29.272 5.2.1.1.3).
    public func allowsService(in visited: PLMN, for subscriber: Subscriber) -> Bool {
        if homePLMNs.contains(visited) { return true }
        return subscriber.roamingAllowed && (roamingPartners.isEmpty || roamingPartners.contains(visited))
    }
}

/// The S6a application of the HSS (TS 29.272): AIR, ULR, PUR and NOR, answered from the
/// subscriber store; CLR sent to the MME a subscriber leaves. Other commands of the S6a
/// application get DIAMETER_COMMAND_UNSUPPORTED.
///
/// Cx (TS 29.229) will be a sibling handler on the same store; `HSSRequestHandler` dispatches
/// by application.
public final class S6aServer: DiameterRequestHandler {
    public let policy: S6aPolicy
    public let store: SubscriberStore
    let logger: Logger
    let sessions: SessionIDGenerator
    private let outbound = Mutex<(any DiameterRequestSender)?>(nil)
    private let counters = Mutex<[String: Counter]>([:])

    public init(policy: S6aPolicy, store: SubscriberStore, logger: Logger = Logger(label: "vcore.hss.s6a")) {
        self.policy = policy
        self.store = store
        self.logger = logger
        sessions = SessionIDGenerator(host: policy.identity.originHost)
    }

    var identity: DiameterNodeIdentity { policy.identity }

    /// Where CLRs go: the Diameter node serving this handler, once it exists.
    public func sendRequests(through sender: any DiameterRequestSender) {
        outbound.withLock { $0 = sender }
    }

    public func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        let command = Self.commandLabel(request)
        do throws(DiameterAnswerError) {
            let answer: DiameterMessage
            switch request.commandCode {
            case DiameterCommand.authenticationInformation.code: answer = try await authenticationInformation(request)
            case DiameterCommand.updateLocation.code: answer = try await updateLocation(request, from: peer)
            case DiameterCommand.purgeUE.code: answer = try await purgeUE(request, from: peer)
            case DiameterCommand.notify.code: answer = try await notify(request, from: peer)
            default: throw DiameterAnswerError.commandUnsupported
            }
            count(command, result: Self.resultLabel(answer))
            return answer
        } catch {
            count(command, result: "\(error.resultCode.rawValue)")
            throw error
        }
    }

    // MARK: Shared checks

    /// The IMSI in User-Name; anything else is DIAMETER_INVALID_AVP_VALUE naming the AVP.
    func imsi(of request: DiameterMessage) throws(DiameterAnswerError) -> String {
        guard let avp = request[.userName] else { throw .missingAVP(.userName) }
        guard let text = avp.value.text, IMSI(text) != nil else { throw .invalidAVPValue(avp, "User-Name is not an IMSI") }
        return text
    }

    /// Visited-PLMN-Id: three octets of a PLMN identity.
    func visitedPLMN(of request: DiameterMessage) throws(DiameterAnswerError) -> PLMN {
        guard let avp = request[.visitedPLMNId] else { throw .missingAVP(.visitedPLMNId) }
        guard let octets = avp.value.octets, octets.readableBytes == 3 else {
            throw .invalidAVPValue(avp, "Visited-PLMN-Id is not 3 octets")
        }
        var reader = WireReader(octets)
        guard let plmn = try? PLMN.decode(&reader) else { throw .invalidAVPValue(avp, "Visited-PLMN-Id is not a PLMN identity") }
        return plmn
    }

    /// An answer carrying a 3GPP error in Experimental-Result (TS 29.272 7.4.3).
    func experimentalError(_ request: DiameterMessage, _ code: ExperimentalResultCode) -> DiameterMessage {
        DiameterMessage.answer(to: request, from: identity, experimentalResult: code)
    }

    func storeFailure(_ error: StoreError, _ request: DiameterMessage) -> DiameterAnswerError {
        logger.error("subscriber store failed", metadata: ["error": "\(error)", "command": "\(request.name)"])
        return DiameterAnswerError(.unableToComply, errorMessage: "subscriber store unavailable")
    }

    // MARK: Metrics

    static func resultLabel(_ answer: DiameterMessage) -> String {
        if let experimental = answer.experimentalResult { return "\(experimental.code)" }
        return answer.resultCode.map { "\($0)" } ?? "none"
    }

    private func count(_ command: String, result: String) {
        let key = command + "|" + result
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: "hss_s6a_requests_total", dimensions: [("command", command), ("result", result)])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    // MARK: Cancel Location

    /// Tells the MME a subscriber left that it must drop its context (TS 29.272 5.2.1.2).
    /// Sent in the background: the new MME's ULA does not wait for the old MME.
    func cancelLocation(imsi: String, at registration: Registration, type: Int32) {
        guard let host = registration.mmeHost, let sender = outbound.withLock({ $0 }) else { return }
        let clr = DiameterMessage.request(.cancelLocation, sessionID: sessions.next(), from: identity,
                                          destinationRealm: registration.mmeRealm ?? identity.originRealm,
                                          destinationHost: host, proxiable: false,
                                          avps: [AVP(.userName, imsi), AVP(.cancellationType, enumerated: type),
                                                 AVP(.clrFlags, unsigned32: 1 << 0)])
        let logger = self.logger
        Task { [self] in
            do {
                let answer = try await sender.request(clr, timeout: nil)
                count("CLR", result: Self.resultLabel(answer))
                logger.info("CLR answered", metadata: ["imsi": "\(imsi)", "mme": "\(host)", "result": "\(Self.resultLabel(answer))"])
            } catch {
                count("CLR", result: "failed")
                logger.warning("CLR not delivered", metadata: ["imsi": "\(imsi)", "mme": "\(host)", "error": "\(error)"])
            }
        }
    }
}

extension S6aServer {
    /// "AIR", "ULR" ...: the metric label of a request.
    static func commandLabel(_ message: DiameterMessage) -> String {
        guard let command = DiameterCommand.command(code: message.commandCode,
                                                    application: DiameterApplication(rawValue: message.applicationID)) else {
            return "\(message.commandCode)"
        }
        return message.isRequest ? command.requestAbbreviation : command.answerAbbreviation
    }
}
