import Metrics

/// A forwarding path's `ForwardingStatistics` as Prometheus counters under their `userplane_*`
/// names, for the gateways' /metrics: the statistics count on their own, and each publish
/// advances every counter by what changed since the last one.
public struct ForwardingMetrics {
    private let counters: [(Counter, ForwardingStatistics.Counter)] = ForwardingStatistics.Counter.allCases.map { counter in
        let (name, labels) = counter.metric
        return (Counter(label: name, dimensions: labels), counter)
    }
    private var published = [Int](repeating: 0, count: ForwardingStatistics.Counter.allCases.count)

    public init() {}

    public mutating func publish(_ statistics: ForwardingStatistics) {
        for (counter, kind) in counters {
            let value = statistics[kind]
            let change = value - published[kind.rawValue]
            if change > 0 { counter.increment(by: change) }
            published[kind.rawValue] = value
        }
    }
}
