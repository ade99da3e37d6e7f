import Logging
import Metrics
import Prometheus
import Testing
@testable import NFKit

/// A core's events in miniature: datagrams any peer can send, and expiries of the core's timers.
private enum TestEvent: Sendable, Equatable {
    case datagram(Int)
    case timerExpired(Int)

    var isSheddable: Bool {
        if case .datagram = self { true } else { false }
    }
}

@Suite struct InboxTests {
    private func inbox(capacity: Int, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> Inbox<TestEvent> {
        Inbox(name: "test", capacity: capacity, logger: Logger(label: "test.inbox"),
              factory: PrometheusMetricsFactory(registry: registry)) { $0.isSheddable }
    }

    private func drain(_ inbox: Inbox<TestEvent>) async -> [TestEvent] {
        inbox.finish()
        var events = [TestEvent]()
        for await event in inbox.events { events.append(event) }
        return events
    }

    @Test func keepsTheOrderEventsWerePostedIn() async {
        let inbox = inbox(capacity: 8)
        let posted: [TestEvent] = [.datagram(1), .timerExpired(1), .datagram(2), .datagram(3), .timerExpired(2)]
        for event in posted { inbox.post(event) }
        #expect(await drain(inbox) == posted)
        #expect(inbox.dropped == 0)
    }

    @Test func dropsSheddableEventsBeyondTheCapacityAndCountsThem() async {
        let registry = PrometheusCollectorRegistry()
        let inbox = inbox(capacity: 3, registry: registry)
        for n in 1...5 { inbox.post(.datagram(n)) }
        #expect(inbox.queued == 3)
        #expect(inbox.dropped == 2)
        // The first ones stay; the later ones were dropped as they came.
        #expect(await drain(inbox) == [.datagram(1), .datagram(2), .datagram(3)])
        var text = [UInt8]()
        registry.emit(into: &text)
        #expect(String(decoding: text, as: UTF8.self).contains("test_inbox_dropped_total 2"))
    }

    @Test func neverDropsTheEventsThatMustNotBeLost() async {
        let inbox = inbox(capacity: 2)
        for n in 1...4 {
            inbox.post(.datagram(n))
            inbox.post(.timerExpired(n))
        }
        #expect(inbox.dropped == 2)
        #expect(await drain(inbox) == [.datagram(1), .timerExpired(1), .datagram(2), .timerExpired(2), .timerExpired(3),
                                       .timerExpired(4)])
    }

    @Test func acceptsAgainOnceTheCoreHasTakenEvents() async {
        let inbox = inbox(capacity: 2)
        inbox.post(.datagram(1))
        inbox.post(.datagram(2))
        inbox.post(.datagram(3))
        var iterator = inbox.events.makeAsyncIterator()
        #expect(await iterator.next() == .datagram(1))
        #expect(inbox.queued == 1)
        inbox.post(.datagram(4))
        inbox.post(.datagram(5))
        #expect(inbox.dropped == 2)
        inbox.finish()
        #expect(await iterator.next() == .datagram(2))
        #expect(await iterator.next() == .datagram(4))
        #expect(await iterator.next() == nil)
        #expect(inbox.queued == 0)
    }

    @Test func timersPostTheirExpiriesEvenWhenTheInboxIsFull() async {
        let inbox = inbox(capacity: 1)
        inbox.post(.datagram(1))
        inbox.post(.datagram(2))
        var timers = InboxTimers<Int> { inbox.post(.timerExpired($0)) }
        timers.start(7, after: .milliseconds(1))
        var iterator = inbox.events.makeAsyncIterator()
        #expect(await iterator.next() == .datagram(1))
        #expect(await iterator.next() == .timerExpired(7))
        #expect(inbox.dropped == 1)
        timers.stopAll()
    }

    @Test func manyPostersAtOnceNeverExceedTheCapacity() async {
        let inbox = inbox(capacity: 100)
        await withTaskGroup(of: Void.self) { group in
            for source in 0..<8 {
                group.addTask {
                    for n in 0..<50 { inbox.post(.datagram(source * 1000 + n)) }
                    inbox.post(.timerExpired(source))
                }
            }
        }
        #expect(inbox.queued == 100)
        #expect(inbox.dropped == 300)
        let events = await drain(inbox)
        #expect(events.count == 108)
        // Each source's events arrive in the order it posted them.
        for source in 0..<8 {
            let own = events.compactMap { event -> Int? in
                if case .datagram(let n) = event, n / 1000 == source { n } else { nil }
            }
            #expect(own == own.sorted())
        }
    }
}
