import GTPv2C
import GatewayKit
import NIOCore
import SGWKit
import Testing
import Wire

@Suite struct ErrorTests {
    @Test func anUnknownTEIDGetsContextNotFound() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        for request in [mme.modifyBearerRequest(sgwTEID: 0xDEAD, enb: TestMME.enbFTEID(1)),
                        mme.deleteSessionRequest(sgwTEID: 0xDEAD), mme.releaseAccessBearersRequest(sgwTEID: 0xDEAD)] {
            let answer = try sgw.deliver(request, from: Net.mme)
            #expect(answer.count == 1)
            #expect(answer[0].message.type == GTPCReplies.responseType(to: request.type))
            #expect(answer[0].message[.cause()]?.value == .contextNotFound)
            #expect(answer[0].message.header.teid == 0)
            #expect(answer[0].message.header.sequenceNumber == request.header.sequenceNumber)
        }
        var pgw = TestPGW()
        let bearer = try sgw.deliver(pgw.createBearerRequest(sgwS5CTEID: 0xBEEF), from: Net.pgw)
        #expect(bearer.first?.message.type == .createBearerResponse)
        #expect(bearer.first?.message[.cause()]?.value == .contextNotFound)
    }

    @Test func aMissingMandatoryIEIsNamedInTheCause() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var request = mme.createSessionRequest(mmeTEID: 0x11)
        request.remove(GTPv2IEKey(.apn))
        let answer = try sgw.deliver(request, from: Net.mme)
        #expect(answer.count == 1)
        let cause = try #require(answer[0].message[.cause()])
        #expect(cause.value == .mandatoryIEMissing)
        #expect(cause.offendingIE == GTPv2IEKey(.apn))
        #expect(answer[0].message.type == .createSessionResponse)
        #expect(sgw.sgw.context.sessions.isEmpty)
        #expect(sgw.sgw.statistics.malformedMessages == 1)
    }

    @Test func anIncorrectMandatoryIEIsNamedInTheCause() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var request = mme.createSessionRequest(mmeTEID: 0x11)
        // An APN with an empty label cannot be an APN.
        request.set(GTPv2IE(.raw(.apn, ByteBuffer(bytes: [0, 3, 0x61, 0x62, 0x63]))))
        let answer = try sgw.deliver(request, from: Net.mme)
        let cause = try #require(answer.first?.message[.cause()])
        #expect(cause.value == .mandatoryIEIncorrect)
        #expect(cause.offendingIE == GTPv2IEKey(.apn))
    }

    @Test func aTruncatedMessageGetsInvalidLengthAndTheSGWGoesOn() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var bytes = mme.createSessionRequest(mmeTEID: 0x11).encoded()
        // The last IE now claims more octets than the message holds.
        bytes.moveWriterIndex(to: bytes.writerIndex - 1)
        bytes.setInteger(UInt16(bytes.readableBytes - 4), at: 2)
        let answer = try sgw.deliver(bytes: bytes, from: Net.mme)
        #expect(answer.first?.message[.cause()]?.value == .invalidLength)
        var pgw = TestPGW()
        _ = try sgw.establish(mme: &mme, pgw: &pgw)
        #expect(sgw.sgw.context.sessions.count == 1, "the next request is served")
    }

    @Test func anotherGTPVersionGetsVersionNotSupported() throws {
        var sgw = SGWHarness()
        let answer = try sgw.deliver(bytes: ByteBuffer(bytes: [0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0]), from: Net.mme)
        #expect(answer.first?.message.type == .versionNotSupportedIndication)
    }

    @Test func aCreateSessionForAnUnknownSessionTEIDIsRefused() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        let answer = try sgw.deliver(mme.createSessionRequest(mmeTEID: 0x11, sgwTEID: 0x4444), from: Net.mme)
        #expect(answer.first?.message[.cause()]?.value == .contextNotFound)
    }
}
