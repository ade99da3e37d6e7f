@testable import SCTP
import Testing

/// The inbound/accept queue's state machine, driven event by event with no sockets or tasks
/// (waiters are plain strings here).
@Suite struct BoundedBufferStateTests {
    typealias State = BoundedBufferState<Int, String>

    @Test func buffersUpToTheLimitThenPausesTheProducer() {
        var state = State(limit: 100)
        let result1 = state.producerMayContinue()
        #expect(result1)
        for value in 0..<4 {
            guard case .buffered = state.offer(value, cost: 30) else { Issue.record("not buffered"); return }
        }
        #expect(state.cost == 120)
        let result2 = state.producerMayContinue()
        #expect(!result2)
    }

    @Test func theProducerResumesOnlyOnceHalfIsFree() {
        var state = State(limit: 100)
        for value in 0..<4 { _ = state.offer(value, cost: 30) }
        _ = state.producerMayContinue()  // paused at 120
        guard case .element(0, resumeProducer: false) = state.poll() else { Issue.record("first poll"); return }  // 90
        guard case .element(1, resumeProducer: false) = state.poll() else { Issue.record("second poll"); return }  // 60
        guard case .element(2, resumeProducer: true) = state.poll() else { Issue.record("third poll"); return }  // 30
        guard case .element(3, resumeProducer: false) = state.poll() else { Issue.record("fourth poll"); return }
    }

    @Test func aWaitingConsumerGetsTheElementDirectly() {
        var state = State(limit: 100)
        guard case .empty = state.poll() else { Issue.record("not empty"); return }
        let result3 = state.park(id: 1, "consumer")
        #expect(result3)
        guard case .resume("consumer", 42) = state.offer(42, cost: 10) else { Issue.record("not handed over"); return }
        #expect(state.cost == 0)
    }

    @Test func oneConsumerAtATime() {
        var state = State(limit: 100)
        let result4 = state.park(id: 1, "first")
        #expect(result4)
        let result5 = state.park(id: 2, "second")
        #expect(!result5)
    }

    @Test func cancellingRemovesOnlyThatWaiter() {
        var state = State(limit: 100)
        _ = state.park(id: 1, "first")
        let result6 = state.cancel(id: 2)
        #expect(result6 == nil)
        let result7 = state.cancel(id: 1)
        #expect(result7 == "first")
        let result8 = state.cancel(id: 1)
        #expect(result8 == nil)
    }

    @Test func finishDeliversWhatIsBufferedFirst() {
        var state = State(limit: 100)
        _ = state.offer(1, cost: 1)
        let result9 = state.finish(.failed(.peerAborted))
        #expect(result9 == nil)
        guard case .element(1, _) = state.poll() else { Issue.record("buffered element lost"); return }
        guard case .end(.failed(.peerAborted)) = state.poll() else { Issue.record("no end"); return }
        guard case .dropped = state.offer(2, cost: 1) else { Issue.record("accepted after the end"); return }
    }

    @Test func finishWakesTheWaiterOnceAndFirstEndWins() {
        var state = State(limit: 100)
        _ = state.park(id: 1, "consumer")
        let result10 = state.finish(.finished)
        #expect(result10 == "consumer")
        let result11 = state.finish(.failed(.peerAborted))
        #expect(result11 == nil)
        guard case .end(.finished) = state.poll() else { Issue.record("wrong end"); return }
    }
}

@Suite struct AsyncBoundedQueueTests {
    @Test func nextWaitsForOfferAndEndsWithFinish() async throws {
        let queue = AsyncBoundedQueue<Int>(limit: 10, onRoom: {})
        async let first = queue.next()
        try await Task.sleep(for: .milliseconds(20))
        queue.offer(7, cost: 1)
        #expect(try await first == 7)
        queue.finish()
        #expect(try await queue.next() == nil)
    }

    @Test func finishWithAnErrorThrowsAfterTheBufferedElements() async throws {
        let queue = AsyncBoundedQueue<Int>(limit: 10, onRoom: {})
        queue.offer(1, cost: 1)
        queue.finish(throwing: .peerAborted)
        #expect(try await queue.next() == 1)
        await #expect(throws: SCTPError.peerAborted) { try await queue.next() }
    }

    @Test func cancellingAWaitingConsumerThrowsCancellation() async {
        let queue = AsyncBoundedQueue<Int>(limit: 10, onRoom: {})
        let consumer = Task { try await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        consumer.cancel()
        await #expect(throws: CancellationError.self) { try await consumer.value }
    }

    @Test func takingMakesRoomAndRestartsTheProducer() async throws {
        let resumed = Counter()
        let queue = AsyncBoundedQueue<Int>(limit: 4, onRoom: { resumed.increment() })
        for value in 0..<4 { queue.offer(value, cost: 1) }
        #expect(!queue.producerMayContinue())
        for value in 0..<4 { #expect(try await queue.next() == value) }
        #expect(resumed.value == 1)
    }
}

import Synchronization

final class Counter: Sendable {
    private let count = Atomic(0)
    func increment() { count.wrappingAdd(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
