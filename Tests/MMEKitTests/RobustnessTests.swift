import Diameter
import GTPv2C
@testable import MMEKit
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// Malformed GTPv2-C and Diameter get their protocol's answer (TS 29.274 7.7, RFC 6733 7), and
/// an SGW restart seen in the Recovery IE cleans up the sessions it lost (TS 23.007 18).
@Suite struct RobustnessTests {
    @Test func aCreateBearerRequestWithoutItsBearerContextGetsCause70() throws {
        var (network, ue, _) = try SecurityEnforcementTests.attached()
        let context = try #require(network.ueContext(ue))
        var request = network.sgw.createBearerRequest(mmeTEID: context.mmeS11TEID, linkedEBI: 5)
        request.remove(GTPv2IEKey(.bearerContext))
        network.fromSGW(request)
        let answer = try #require(network.sent(.createBearerResponse).last)
        let cause = try #require(answer[.cause()])
        #expect(cause.value == .mandatoryIEMissing)
        #expect(cause.offendingIE == GTPv2IEKey(.bearerContext))
        #expect(answer.header.sequenceNumber == request.header.sequenceNumber)
        #expect(answer.header.teid == context.sgwS11TEID)
        #expect(network.mme.statistics.malformed["gtpv2c"] == 1)
        _ = ue
    }

    @Test func gtpVersion1IsAnsweredWithVersionNotSupported() throws {
        var network = TestNetwork()
        var bytes = Array(network.sgw.downlinkDataNotification(mmeTEID: 1).encoded().readableBytesView)
        bytes[0] = 0x30 | (bytes[0] & 0x0F)
        network.deliver(.gtp(ByteBuffer(bytes: bytes), from: TestSGW.peer))
        #expect(network.gtpSent.last?.type == .versionNotSupportedIndication)
        // A datagram too short for a header is dropped without an answer.
        network.deliver(.gtp(ByteBuffer(bytes: [0x48, 0x20]), from: TestSGW.peer))
        #expect(network.gtpSent.count == 1)
    }

    @Test func aMalformedCreateSessionResponseFailsTheAttach() throws {
        var (network, ue, enb) = TestNetwork.attachStarted { $0.sgw.requests.holding = true }
        try network.authenticateAndSecure(&ue, enb: enb)
        network.sgw.requests.holding = false
        let answered = network.sgw.answer(network.sgw.requests.held[0])
        let response = try #require(answered)
        var bytes = Array(response.encoded().readableBytesView)
        // The Cause IE's length now runs past the end of the message.
        bytes[13] = 0xFF
        network.deliver(.gtp(ByteBuffer(bytes: bytes), from: TestSGW.peer))
        guard case .emm(.attachReject(let reject)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == .esmFailure)
        #expect(network.armed(.s11Response).isEmpty)
    }

    /// Where the top-level AVP with `code` starts in an encoded Diameter message.
    static func offsetOfAVP(code: UInt32, in bytes: [UInt8]) -> Int? {
        var offset = 20
        while offset + 8 <= bytes.count {
            let avpCode = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let length = bytes[offset + 5..<offset + 8].reduce(0) { $0 << 8 | Int($1) }
            if avpCode == code { return offset }
            guard length >= 8 else { return nil }
            offset += (length + 3) & ~3
        }
        return nil
    }

    static func cancelLocation(_ extra: [AVP]) -> DiameterMessage {
        DiameterMessage(header: DiameterHeader(flags: [.request], commandCode: 317, applicationID: DiameterApplication.s6a.rawValue,
                                               hopByHop: 5, endToEnd: 6),
                        avps: [AVP(.sessionId, "hss;9;9"), AVP(.originHost, TestHSS.host), AVP(.originRealm, TestHSS.realm),
                               AVP(.userName, "001010000000099"), AVP(.cancellationType, enumerated: 0)] + extra)
    }

    @Test func malformedDiameterRequestsGetTheirResultCode() throws {
        var network = TestNetwork()
        // An AVP the MME does not know, with the M bit: DIAMETER_AVP_UNSUPPORTED with Failed-AVP.
        let unknown = AVP(code: 9999, flags: .mandatory, vendorID: nil, value: .octetString(ByteBuffer(bytes: [1, 2, 3, 4])))
        network.deliver(.diameterBytes(Self.cancelLocation([unknown]).encoded()))
        let unsupported = try #require(network.diameterSent.last)
        #expect(unsupported.resultCode == 5001)
        #expect(unsupported.header.hopByHop == 5 && !unsupported.isRequest)
        #expect(unsupported.sessionID == "hss;9;9")
        #expect(unsupported[.failedAVP]?.value.children?.first?.code == 9999)
        // An AVP whose length runs past the message: DIAMETER_INVALID_AVP_LENGTH.
        var bytes = Array(Self.cancelLocation([]).encoded().readableBytesView)
        let type = try #require(Self.offsetOfAVP(code: 1420, in: bytes))
        bytes[type + 5] = 0x7F
        network.deliver(.diameterBytes(ByteBuffer(bytes: bytes)))
        let invalid = try #require(network.diameterSent.last)
        #expect(invalid.resultCode == 5014)
        #expect(invalid.header.hopByHop == 5)
        // A command the MME does not serve: DIAMETER_COMMAND_UNSUPPORTED, E bit set.
        var insert = Self.cancelLocation([])
        insert.header.commandCode = 319
        network.deliver(.diameter(insert))
        let refused = try #require(network.diameterSent.last)
        #expect(refused.resultCode == 3001)
        #expect(refused.header.flags.contains(.error))
        #expect(network.mme.statistics.malformed["diameter"] == 2)
    }

    @Test func aMalformedAnswerFromTheHSSFailsTheAttach() throws {
        var (network, ue, enb) = TestNetwork.attachStarted { $0.hss.requests.holding = true }
        var bytes = Array(network.hss.answer(network.hss.requests.held[0]).encoded().readableBytesView)
        // Authentication-Info now claims more octets than the message has.
        let info = try #require(Self.offsetOfAVP(code: 1413, in: bytes))
        bytes[info + 5] = 0x7F
        network.deliver(.diameterBytes(ByteBuffer(bytes: bytes)))
        guard case .emm(.attachReject(let reject)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == .networkFailure)
        #expect(network.armed(.s6aResponse).isEmpty)
    }

    @Test func anSGWRestartDetachesTheUEsItServed() throws {
        var (network, alice, bob, enb) = try TestNetwork.twoAttached()
        try network.goIdle(&bob, enb: enb)
        let deletesBefore = network.sent(.deleteSessionRequest).count

        // The SGW comes back with a new restart counter, in its Echo Request.
        network.sgw.recovery = 2
        network.sgw.sessions.removeAll()
        var echo = EchoRequest(teid: nil, sequenceNumber: network.sgw.nextSequence())
        echo.recovery = 2
        network.fromSGW(echo.message)
        let response = EchoResponse(unchecked: try #require(network.sent(.echoResponse).last))
        #expect(response.recovery == 3, "the MME's own restart counter")
        #expect(network.mme.statistics.sgwRestarts == 1)
        // Alice, connected, is told to attach again; Bob, idle, is gone.
        guard case .emm(.ueTerminatedDetachRequest(let detach)) = try network.downlinkNAS(&alice, enb: enb) else {
            Issue.record("expected DETACH REQUEST")
            return
        }
        #expect(detach.detachType.value == DetachType.reattachRequired)
        #expect(network.ueContext(bob) == nil)
        #expect(network.ueContext(alice)?.pdnConnections.isEmpty == true)
        #expect(network.sent(.deleteSessionRequest).count == deletesBefore, "the lost sessions are not deleted again")

        // Alice attaches again on the restarted SGW, and is not detached by the same restart.
        network.sendUplink(alice.protect(.emm(.detachAccept(DetachAccept()))), ue: alice, enb: enb)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        alice.security = nil
        try network.attach(&alice, enb: &enb)
        #expect(network.ueContext(alice)?.emmState == .registered)
        #expect(network.mme.statistics.sgwRestarts == 1)
    }

    @Test func theSameRestartCounterIsNoRestart() throws {
        var (network, _, _) = try SecurityEnforcementTests.attached()
        var echo = EchoRequest(teid: nil, sequenceNumber: 99)
        echo.recovery = network.sgw.recovery
        network.fromSGW(echo.message)
        #expect(network.mme.statistics.sgwRestarts == 0)
        #expect(network.mme.context.registeredUEs == 1)
    }
}
