import Metrics

/// Counts a network function keeps on its own (fields of a statistics value, or of a snapshot of
/// one) as Prometheus counters: each publish advances every counter by what its field gained since
/// the last publish.
public struct CounterPublisher<Statistics> {
    private let counters: [(Counter, KeyPath<Statistics, Int>)]
    /// What the counters show already; nil before the first publish (all zero).
    private var published: Statistics?

    /// One counter per field, named by its label.
    public init(_ counters: [(label: String, field: KeyPath<Statistics, Int>)], factory: any MetricsFactory = MetricsSystem.factory) {
        self.counters = counters.map { (Counter(label: $0.label, factory: factory), $0.field) }
    }

    public mutating func publish(_ now: Statistics) {
        for (counter, field) in counters {
            let change = now[keyPath: field] - (published?[keyPath: field] ?? 0)
            if change > 0 { counter.increment(by: change) }
        }
        published = now
    }
}
