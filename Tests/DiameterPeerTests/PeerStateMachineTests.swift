import Diameter
import NIOCore
import Testing
import Wire
@testable import DiameterPeer

/// The peer state machine without sockets: events in, actions out, time given explicitly.
struct PeerStateMachineTests {
    static let local = DiameterNodeIdentity(originHost: "hss.epc.example", originRealm: "epc.example", originStateID: 7,
                                            applications: [.s6a])
    static let remote = DiameterNodeIdentity(originHost: "mme.epc.example", originRealm: "epc.example",
                                             hostIPAddresses: [.v4(IPv4Address(127, 0, 0, 2))], originStateID: 9,
                                             applications: [.s6a])
    static let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
    static let settings = DiameterPeerSettings(watchdogInterval: .seconds(30), watchdogJitter: .zero, requestTimeout: .seconds(5),
                                               maximumPendingRequests: 2, maximumInboundInProgress: 1)

    static func encoded(_ message: DiameterMessage) -> ByteBuffer { message.encoded() }

    static func writes(_ actions: [PeerStateMachine.Action]) -> [DiameterMessage] {
        actions.compactMap { if case .write(let message) = $0 { message } else { nil } }
    }

    static func closeReason(_ actions: [PeerStateMachine.Action]) -> PeerStateMachine.CloseReason? {
        actions.lazy.compactMap { if case .close(let reason) = $0 { reason } else { nil } }.first
    }

    /// A responder that has accepted `remote`'s CER.
    static func openResponder(settings: DiameterPeerSettings = settings) -> PeerStateMachine {
        var machine = PeerStateMachine(role: .responder, identity: local, settings: settings, now: t0)
        let cer = CapabilitiesExchange.request(remote, localAddress: nil, hopByHop: 1, endToEnd: 1)
        _ = machine.receive(encoded(cer), now: t0)
        return machine
    }

    static func s6aRequest(hopByHop: UInt32 = 0, avps: [AVP]? = nil) -> DiameterMessage {
        var request = DiameterMessage.request(.purgeUE, sessionID: "mme;1;1", from: remote, destinationRealm: "epc.example",
                                              avps: avps ?? [AVP(.userName, "001010000000001")])
        request.header.hopByHop = hopByHop
        return request
    }

    @Test func initiatorSendsCERAndOpensOnCEA() throws {
        var machine = PeerStateMachine(role: .initiator, identity: Self.remote, settings: Self.settings, now: Self.t0)
        let cer = try #require(Self.writes(machine.start(now: Self.t0)).first)
        #expect(cer.isRequest && cer.commandCode == 257)
        #expect(cer.originHost == "mme.epc.example")
        #expect(cer[.hostIPAddress]?.value.address == .ipv4(IPv4Address(127, 0, 0, 2)))
        #expect(cer[.vendorSpecificApplicationId]?[.authApplicationId]?.value.unsigned32 == DiameterApplication.s6a.rawValue)
        let cea = CapabilitiesExchange.answer(to: cer, Self.local, localAddress: .v4(IPv4Address(127, 0, 0, 1)), result: .success)
        let actions = machine.receive(Self.encoded(cea), now: Self.t0)
        #expect(machine.state == .open)
        #expect(machine.peer?.originHost == "hss.epc.example")
        #expect(actions.contains { if case .opened = $0 { true } else { false } })
    }

    @Test func initiatorClosesOnRefusingCEA() {
        var machine = PeerStateMachine(role: .initiator, identity: Self.remote, now: Self.t0)
        let cer = Self.writes(machine.start(now: Self.t0))[0]
        let cea = CapabilitiesExchange.answer(to: cer, Self.local, localAddress: nil, result: .noCommonApplication)
        let actions = machine.receive(Self.encoded(cea), now: Self.t0)
        #expect(Self.closeReason(actions) == .capabilitiesRefused(.noCommonApplication))
    }

    @Test func responderAnswersCERAndOpens() throws {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        let cer = CapabilitiesExchange.request(Self.remote, localAddress: nil, hopByHop: 42, endToEnd: 43)
        let actions = machine.receive(Self.encoded(cer), now: Self.t0)
        let cea = try #require(Self.writes(actions).first)
        #expect(cea.resultCode == 2001 && !cea.isRequest && cea.header.hopByHop == 42 && cea.header.endToEnd == 43)
        #expect(cea[.productName]?.value.text == "VCore")
        #expect(machine.state == .open)
        #expect(machine.commonApplications == [.s6a])
    }

    @Test func noCommonApplicationIsRefusedWith5010() throws {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        var gx = Self.remote
        gx.applications = [.gx]
        let actions = machine.receive(Self.encoded(CapabilitiesExchange.request(gx, localAddress: nil, hopByHop: 1, endToEnd: 1)), now: Self.t0)
        #expect(Self.writes(actions).first?.resultCode == 5010)
        #expect(Self.closeReason(actions) == .capabilitiesRefused(.noCommonApplication))
    }

    @Test func relayPeerSharesEveryApplication() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        var relay = Self.remote
        relay.applications = [.relay]
        _ = machine.receive(Self.encoded(CapabilitiesExchange.request(relay, localAddress: nil, hopByHop: 1, endToEnd: 1)), now: Self.t0)
        #expect(machine.state == .open)
        #expect(machine.commonApplications == [.s6a])
    }

    @Test func cerWithoutOriginHostIsRefusedWith5005() throws {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        var cer = CapabilitiesExchange.request(Self.remote, localAddress: nil, hopByHop: 1, endToEnd: 1)
        cer.list.removeAll(.originHost)
        let actions = machine.receive(Self.encoded(cer), now: Self.t0)
        let cea = try #require(Self.writes(actions).first)
        #expect(cea.resultCode == 5005)
        #expect(cea[.failedAVP]?[.originHost] != nil)
        #expect(Self.closeReason(actions) != nil)
    }

    @Test func tlsOnlyPeerIsRefusedWith5017() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        var cer = CapabilitiesExchange.request(Self.remote, localAddress: nil, hopByHop: 1, endToEnd: 1)
        cer.append(AVP(.inbandSecurityId, unsigned32: 1))
        #expect(Self.writes(machine.receive(Self.encoded(cer), now: Self.t0)).first?.resultCode == 5017)
    }

    @Test func admissionCanRefuseASecondConnection() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0, admission: { _, _ in .unableToComply })
        let actions = machine.receive(Self.encoded(CapabilitiesExchange.request(Self.remote, localAddress: nil, hopByHop: 1, endToEnd: 1)),
                                      now: Self.t0)
        #expect(Self.writes(actions).first?.resultCode == 5012)
        #expect(machine.state == .closed(.capabilitiesRefused(.unableToComply)))
    }

    @Test func nothingButCERIsAcceptedFirst() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        let actions = machine.receive(Self.encoded(Self.s6aRequest()), now: Self.t0)
        #expect(Self.writes(actions).isEmpty)
        if case .protocolViolation = Self.closeReason(actions) {} else { Issue.record("expected a protocol violation") }
    }

    @Test func capabilitiesExchangeTimesOut() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, settings: Self.settings, now: Self.t0)
        #expect(machine.tick(now: Self.t0 + .seconds(9)).isEmpty)
        #expect(Self.closeReason(machine.tick(now: Self.t0 + .seconds(10))) == .capabilitiesTimeout)
    }

    @Test func watchdogSendsDWRThenSuspectsThenCloses() throws {
        var machine = Self.openResponder()
        #expect(machine.tick(now: Self.t0 + .seconds(29)).isEmpty)
        let dwr = try #require(Self.writes(machine.tick(now: Self.t0 + .seconds(30))).first)
        #expect(dwr.commandCode == 280 && dwr.isRequest && dwr[.originStateId]?.value.unsigned32 == 7)
        let suspect = machine.tick(now: Self.t0 + .seconds(60))
        #expect(suspect.contains { if case .watchdogChanged(.suspect) = $0 { true } else { false } })
        #expect(machine.watchdogStatus == .suspect)
        #expect(Self.closeReason(machine.tick(now: Self.t0 + .seconds(90))) == .watchdogDown)
    }

    @Test func anyMessageEndsSuspicionAndDWAClearsThePendingDWR() throws {
        var machine = Self.openResponder()
        let dwr = Self.writes(machine.tick(now: Self.t0 + .seconds(30)))[0]
        _ = machine.tick(now: Self.t0 + .seconds(60))
        #expect(machine.watchdogStatus == .suspect)
        let dwa = DiameterMessage.answer(to: dwr, from: Self.remote)
        let actions = machine.receive(Self.encoded(dwa), now: Self.t0 + .seconds(61))
        #expect(actions.contains { if case .watchdogChanged(.okay) = $0 { true } else { false } })
        // Tw later a fresh DWR, not a DOWN.
        let next = machine.tick(now: Self.t0 + .seconds(91))
        #expect(Self.writes(next).first?.commandCode == 280)
        #expect(Self.closeReason(next) == nil)
    }

    @Test func dwrIsAnsweredWithDWA() throws {
        var machine = Self.openResponder()
        var dwr = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: 280, applicationID: 0, hopByHop: 5, endToEnd: 6),
                                  avps: Self.remote.originAVPs)
        dwr.append(AVP(.originStateId, unsigned32: 9))
        let dwa = try #require(Self.writes(machine.receive(Self.encoded(dwr), now: Self.t0)).first)
        #expect(!dwa.isRequest && dwa.resultCode == 2001 && dwa.header.hopByHop == 5)
    }

    @Test func answersFindTheirRequestsByHopByHop() throws {
        var machine = Self.openResponder()
        let first = Self.writes(machine.send(request: Self.s6aRequest(), token: .init(1), now: Self.t0))[0]
        let second = Self.writes(machine.send(request: Self.s6aRequest(), token: .init(2), now: Self.t0))[0]
        #expect(first.header.hopByHop != second.header.hopByHop)
        #expect(first.header.endToEnd != 0)
        let answer = DiameterMessage.answer(to: second, from: Self.remote)
        let actions = machine.receive(Self.encoded(answer), now: Self.t0)
        guard case .completeRequest(let token, _) = try #require(actions.first) else { Issue.record("no completion"); return }
        #expect(token == .init(2))
        #expect(machine.pendingRequests == 1)
        // The same answer again matches nothing.
        #expect(machine.receive(Self.encoded(answer), now: Self.t0).isEmpty)
        #expect(machine.unmatchedAnswers == 1)
    }

    @Test func requestsTimeOut() {
        var machine = Self.openResponder()
        _ = machine.send(request: Self.s6aRequest(), token: .init(1), timeout: .seconds(2), now: Self.t0)
        #expect(machine.tick(now: Self.t0 + .seconds(1)).isEmpty)
        let actions = machine.tick(now: Self.t0 + .seconds(2))
        guard case .failRequest(let token, let error) = actions.first else { Issue.record("expected a failure"); return }
        #expect(token == .init(1) && error == .timedOut)
    }

    @Test func pendingRequestsAreBounded() {
        var machine = Self.openResponder()
        _ = machine.send(request: Self.s6aRequest(), token: .init(1), now: Self.t0)
        _ = machine.send(request: Self.s6aRequest(), token: .init(2), now: Self.t0)
        guard case .failRequest(_, let error) = machine.send(request: Self.s6aRequest(), token: .init(3), now: Self.t0).first else {
            Issue.record("expected a refusal"); return
        }
        #expect(error == .overloaded)
    }

    @Test func requestsBeforeOpenFail() {
        var machine = PeerStateMachine(role: .responder, identity: Self.local, now: Self.t0)
        guard case .failRequest(_, .notOpen) = machine.send(request: Self.s6aRequest(), token: .init(1), now: Self.t0).first else {
            Issue.record("expected notOpen"); return
        }
    }

    @Test func requestsOfTheCommonApplicationOrAnUnknownOneAreRefused() throws {
        var machine = Self.openResponder()
        var gxRequest = Self.s6aRequest(hopByHop: 3)
        gxRequest.header.applicationID = DiameterApplication.gx.rawValue
        let answer = try #require(Self.writes(machine.receive(Self.encoded(gxRequest), now: Self.t0)).first)
        #expect(answer.resultCode == 3007 && answer.header.flags.contains(.error) && answer.sessionID == "mme;1;1")

        var unknownBase = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: 999, applicationID: 0, hopByHop: 4, endToEnd: 4),
                                          avps: Self.remote.originAVPs)
        unknownBase.append(AVP(.sessionId, "x"))
        #expect(Self.writes(machine.receive(Self.encoded(unknownBase), now: Self.t0)).first?.resultCode == 3001)
    }

    @Test func missingRequiredAVPIsAnswered5005() throws {
        var machine = Self.openResponder()
        let request = Self.s6aRequest(avps: [])   // a PUR without User-Name
        let answer = try #require(Self.writes(machine.receive(Self.encoded(request), now: Self.t0)).first)
        #expect(answer.resultCode == 5005 && !answer.header.flags.contains(.error))
        #expect(answer[.failedAVP]?[.userName] != nil)
    }

    @Test func inboundRequestsAreDeliveredAndBounded() throws {
        var machine = Self.openResponder()
        let first = machine.receive(Self.encoded(Self.s6aRequest(hopByHop: 1)), now: Self.t0)
        guard case .deliverRequest = try #require(first.first) else { Issue.record("not delivered"); return }
        // maximumInboundInProgress is 1: the next one is too much until the first is answered.
        #expect(Self.writes(machine.receive(Self.encoded(Self.s6aRequest(hopByHop: 2)), now: Self.t0)).first?.resultCode == 3004)
        let answer = DiameterMessage.answer(to: Self.s6aRequest(hopByHop: 1), from: Self.local)
        #expect(Self.writes(machine.answer(answer, now: Self.t0)).count == 1)
        guard case .deliverRequest = machine.receive(Self.encoded(Self.s6aRequest(hopByHop: 3)), now: Self.t0).first else {
            Issue.record("not delivered after the answer"); return
        }
    }

    @Test func undecodableRequestsGetTheirDecodeErrorAnswer() throws {
        var machine = Self.openResponder()
        // An Unsigned32 AVP (Auth-Session-State... here PUR-Flags) three octets long: 5014 with the AVP.
        var bytes = Self.encoded(Self.s6aRequest(hopByHop: 8))
        var broken = ByteBuffer()
        broken.writeInteger(UInt32(AVPDefinition.originStateId.code))
        broken.writeInteger(UInt32(0x4000_000B))
        broken.writeBytes([1, 2, 3, 0])
        bytes.writeBuffer(&broken)
        bytes.setInteger(UInt32(0x0100_0000) | UInt32(bytes.readableBytes), at: 0)
        let answer = try #require(Self.writes(machine.receive(bytes, now: Self.t0)).first)
        #expect(answer.resultCode == 5014)
        #expect(answer.sessionID == "mme;1;1")
        #expect(answer.header.hopByHop == 8)
        #expect(answer[.failedAVP] != nil)

        // An unknown AVP with the M bit: 5001, the AVP in Failed-AVP.
        var unknown = Self.s6aRequest(hopByHop: 9)
        unknown.append(AVP(code: 65000, flags: .mandatory, vendorID: nil, value: .opaque(ByteBuffer(bytes: [1, 2, 3, 4]))))
        let answer5001 = try #require(Self.writes(machine.receive(Self.encoded(unknown), now: Self.t0)).first)
        #expect(answer5001.resultCode == 5001)
        #expect(answer5001[.failedAVP]?.value.children?.first?.code == 65000)
        #expect(machine.state == .open)
    }

    @Test func peerDisconnectIsAnsweredAndCloses() throws {
        var machine = Self.openResponder()
        _ = machine.send(request: Self.s6aRequest(), token: .init(1), now: Self.t0)
        var dpr = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: 282, applicationID: 0, hopByHop: 1, endToEnd: 1),
                                  avps: Self.remote.originAVPs)
        dpr.append(AVP(.disconnectCause, enumerated: 1))
        let actions = machine.receive(Self.encoded(dpr), now: Self.t0)
        #expect(Self.writes(actions).first?.resultCode == 2001)
        #expect(actions.contains { if case .failRequest(_, .connectionClosed) = $0 { true } else { false } })
        #expect(Self.closeReason(actions) == .disconnectedByPeer(.busy))
    }

    @Test func localDisconnectSendsDPRAndClosesOnDPAOrTimeout() throws {
        var machine = Self.openResponder()
        let dpr = try #require(Self.writes(machine.disconnect(cause: .rebooting, now: Self.t0)).first)
        #expect(dpr.commandCode == 282 && dpr[.disconnectCause]?.value.unsigned32 == 0)
        #expect(machine.state == .closing)
        let dpa = DiameterMessage.answer(to: dpr, from: Self.remote)
        #expect(Self.closeReason(machine.receive(Self.encoded(dpa), now: Self.t0)) == .disconnectedLocally(.rebooting))

        var silent = Self.openResponder()
        _ = silent.disconnect(cause: .busy, now: Self.t0)
        #expect(silent.tick(now: Self.t0 + .seconds(4)).isEmpty)
        #expect(Self.closeReason(silent.tick(now: Self.t0 + .seconds(5))) != nil)
    }

    /// A request whose length field says 8 octets more than the message has.
    static func lengthMismatch(hopByHop: UInt32) -> ByteBuffer {
        var bytes = encoded(s6aRequest(hopByHop: hopByHop))
        bytes.setInteger(UInt32(0x0100_0000) | UInt32(bytes.readableBytes + 8), at: bytes.readerIndex)
        return bytes
    }

    @Test func overMessageBoundariesALengthMismatchIsAnswered5015AndTheConnectionStays() throws {
        let cer = CapabilitiesExchange.request(Self.remote, localAddress: nil, hopByHop: 1, endToEnd: 1)
        var machine = PeerStateMachine(role: .responder, identity: Self.local, settings: Self.settings,
                                       localAddresses: [.v4(IPv4Address(10, 0, 0, 1)), .v4(IPv4Address(10, 1, 0, 1))],
                                       framing: .messageBoundaries, now: Self.t0)
        let cea = try #require(Self.writes(machine.receive(Self.encoded(cer), now: Self.t0)).first)
        // Host-IP-Address lists every local address of the association.
        #expect(cea.all(.hostIPAddress).compactMap(\.value.address) == [.ipv4(IPv4Address(10, 0, 0, 1)), .ipv4(IPv4Address(10, 1, 0, 1))])
        let actions = machine.receive(Self.lengthMismatch(hopByHop: 9), now: Self.t0)
        let answer = try #require(Self.writes(actions).first)
        #expect(answer.resultCode == 5015 && !answer.isRequest && answer.header.hopByHop == 9)
        #expect(answer.sessionID == "mme;1;1")
        #expect(Self.closeReason(actions) == nil && machine.state == .open)
        // Too short for a header: nothing to answer, the connection ends.
        let short = machine.receive(ByteBuffer(bytes: [1, 0, 0, 12, 0x80, 0, 1, 0x41, 0, 0, 0, 0]), now: Self.t0)
        #expect(Self.closeReason(short) != nil)
    }

    @Test func overAByteStreamALengthMismatchClosesTheConnection() {
        var machine = Self.openResponder()
        let actions = machine.receive(Self.lengthMismatch(hopByHop: 9), now: Self.t0)
        #expect(Self.writes(actions).isEmpty)
        #expect(Self.closeReason(actions) != nil)
    }

    @Test func transportLossFailsEveryWaitingRequest() {
        var machine = Self.openResponder()
        _ = machine.send(request: Self.s6aRequest(), token: .init(1), now: Self.t0)
        _ = machine.send(request: Self.s6aRequest(), token: .init(2), now: Self.t0)
        let actions = machine.transportClosed()
        #expect(actions.count == 2)
        #expect(machine.state == .closed(.transportClosed))
    }

    @Test(arguments: [
        (PeerStateMachine.Role?.none, PeerStateMachine.Role.responder, "b", "a", PeerAdmission.accept),
        (.responder, .responder, "b", "a", .refuse),
        (.initiator, .initiator, "b", "a", .refuse),
        // Local "b" > peer "a": local wins and keeps the connection it accepted.
        (.initiator, .responder, "b", "a", .acceptReplacingExisting),
        (.responder, .initiator, "b", "a", .refuse),
        // Local "a" < peer "b": local loses and keeps the connection it initiated.
        (.initiator, .responder, "a", "b", .refuse),
        (.responder, .initiator, "a", "b", .acceptReplacingExisting),
    ])
    func election(existing: PeerStateMachine.Role?, new: PeerStateMachine.Role, localHost: String, peerHost: String,
                  expected: PeerAdmission) {
        #expect(PeerAdmission.decide(existing: existing, new: new, localHost: localHost, peerHost: peerHost) == expected)
    }
}
