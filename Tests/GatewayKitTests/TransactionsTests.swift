import GTPv2C
import GatewayKit
import Testing
import Wire

@Suite struct TransactionsTests {
    let peer = IPEndpoint(.v4(IPv4Address(10, 0, 0, 1)), 2123)

    @Test func aRequestIsAdmittedOnceAndItsAnswerRepeated() {
        var transactions = GTPCTransactions<Int>(timers: GTPCTimers(t3Response: .seconds(1), n3Requests: 1))
        let request = GTPCReplies.echoRequest(sequence: 5, recovery: 1)
        guard case .new = transactions.admit(request, from: peer) else { Issue.record("not new"); return }
        guard case .stillInProgress = transactions.admit(request, from: peer) else { Issue.record("not in progress"); return }
        let answer = GTPCReplies.echoResponse(sequence: 5, recovery: 2)
        let effects = transactions.answer(answer, to: peer)
        guard case .startTimer(let timer, let lifetime) = effects.last else { Issue.record("no cache timer"); return }
        #expect(lifetime == .seconds(2))
        guard case .answeredAgain(let again) = transactions.admit(request, from: peer),
              case .send(let message, _) = again.first else { Issue.record("not answered again"); return }
        #expect(message == answer)
        #expect(transactions.rememberedRequests == 1)
        _ = transactions.expired(timer)
        #expect(transactions.rememberedRequests == 0)
        guard case .new = transactions.admit(request, from: peer) else { Issue.record("not new after the cache"); return }
    }

    @Test func aResponseFromAnotherPeerDoesNotMatch() {
        var transactions = GTPCTransactions<Int>(timers: GTPCTimers())
        let request = GTPCReplies.echoRequest(sequence: 9, recovery: 1)
        _ = transactions.request(request, to: peer, purpose: 1)
        let stranger = IPEndpoint(.v4(IPv4Address(10, 0, 0, 66)), 2123)
        #expect(transactions.take(responseTo: GTPCReplies.echoResponse(sequence: 9, recovery: 1), from: stranger) == nil)
        #expect(transactions.take(responseTo: GTPCReplies.echoResponse(sequence: 9, recovery: 1), from: peer)?.0.purpose == 1)
    }
}
