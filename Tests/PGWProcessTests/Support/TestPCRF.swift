import Diameter
import DiameterPeer
import NetworkTestSupport
import NIOCore
import Synchronization

/// The PCRF a process test plays on Gx: a DiameterPeer `DiameterNode` on TCP 3868 inside the
/// test's namespace that answers each CCR the way the test scripted it and keeps every request
/// it got. `stop()` is the PCRF going away (DPR to the PGW, listener closed); `start()` brings it
/// back on the same address.
final class TestPCRF: Sendable {
    /// How the next CCR-I is answered.
    enum InitialAnswer: Sendable {
        /// DIAMETER_SUCCESS with these AVPs (a Charging-Rule-Install, say).
        case accept([AVP])
        /// A 3GPP Experimental-Result (TS 29.212 5.5.3), the E bit clear.
        case refuse(experimentalResult: UInt32)
    }

    static let identity = DiameterNodeIdentity(originHost: "pcrf.vcore.test", originRealm: "vcore.test", productName: "test PCRF",
                                               originStateID: 1, applications: [.gx])
    let namespace: String
    let address: String
    private struct State {
        var node: DiameterNode?
        var requests: [DiameterMessage] = []
        var initialAnswer = InitialAnswer.accept([])
    }
    private let state = Mutex(State())

    init(in namespace: String, address: String) {
        self.namespace = namespace
        self.address = address
    }

    /// Listens on `address`:3868 inside the namespace.
    func start() async throws {
        let listener = try await NamespaceSocket.tcpListener(in: namespace, address: address, port: 3868)
        let node = DiameterNode(identity: Self.identity, handler: Handler(pcrf: self))
        try await node.listen(boundSocket: listener)
        state.withLock { $0.node = node }
    }

    /// DPR to the PGW (Disconnect-Cause REBOOTING), listener and connection closed.
    func stop() async {
        let node = state.withLock { state in
            defer { state.node = nil }
            return state.node
        }
        await node?.shutdown()
    }

    /// Whether the PGW's connection is OPEN (after CER/CEA), waiting at most `timeout`.
    func waitForPGW(timeout: TimeAmount) async -> Bool {
        guard let node = state.withLock({ $0.node }) else { return false }
        return await node.waitForPeer(timeout: timeout) != nil
    }

    /// The peers with an OPEN connection, as their CER described them.
    var openPeers: [PeerCapabilities] { state.withLock { $0.node }?.openPeers ?? [] }

    func answerInitialRequests(_ answer: InitialAnswer) {
        state.withLock { $0.initialAnswer = answer }
    }

    /// Every request the PGW sent, in order.
    var requests: [DiameterMessage] { state.withLock { $0.requests } }

    /// The CCRs of one CC-Request-Type (1 initial, 2 update, 3 termination).
    func creditControlRequests(type: UInt32) -> [DiameterMessage] {
        requests.filter { $0.commandCode == DiameterCommand.gxCreditControl.code && $0[.ccRequestType]?.value.unsigned32 == type }
    }

    /// Sends a RAR (TS 29.212 5.6.4) for `sessionID` with `avps` (a Charging-Rule-Remove, say) to
    /// the PGW; its RAA.
    func reAuth(sessionID: String, pgwHost: String, _ avps: [AVP]) async throws -> DiameterMessage {
        guard let node = state.withLock({ $0.node }) else { throw LabError("the test PCRF is stopped") }
        let header = DiameterHeader(flags: [.request, .proxiable], commandCode: DiameterCommand.gxReAuth.code,
                                    applicationID: DiameterApplication.gx.rawValue, hopByHop: 0, endToEnd: 0)
        // Re-Auth-Request-Type AUTHORIZE_ONLY.
        let rar = DiameterMessage(header: header, avps: [AVP(.sessionId, sessionID), AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue)]
                                  + Self.identity.originAVPs
                                  + [AVP(.destinationRealm, "vcore.test"), AVP(.destinationHost, pgwHost), AVP(.reAuthRequestType, enumerated: 0)]
                                  + avps)
        return try await node.request(rar)
    }

    /// The CCA to a CCR (TS 29.212 5.6.3): CC-Request-Type and -Number echoed; CCR-I as scripted,
    /// CCR-U and CCR-T accepted.
    fileprivate func answer(_ request: DiameterMessage) -> DiameterMessage {
        let initialAnswer = state.withLock { state in
            state.requests.append(request)
            return state.initialAnswer
        }
        var result: (code: DiameterResultCode?, experimental: ExperimentalResultCode?, avps: [AVP]) = (.success, nil, [])
        if request[.ccRequestType]?.value.unsigned32 == 1 {
            switch initialAnswer {
            case .accept(let avps): result.avps = avps
            case .refuse(let code): result = (nil, ExperimentalResultCode(rawValue: code), [])
            }
        }
        var answer = DiameterMessage.answer(to: request, from: Self.identity, resultCode: result.code, experimentalResult: result.experimental)
        answer.append(AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue))
        for echoed in [request[.ccRequestType], request[.ccRequestNumber]] { if let echoed { answer.append(echoed) } }
        for avp in result.avps { answer.append(avp) }
        return answer
    }

    private struct Handler: DiameterRequestHandler {
        let pcrf: TestPCRF

        func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
            guard request.applicationID == DiameterApplication.gx.rawValue, request.commandCode == DiameterCommand.gxCreditControl.code else {
                throw .commandUnsupported
            }
            return pcrf.answer(request)
        }
    }
}
