import Metrics
import PGWKit
import UserPlane

/// The PGW's numbers behind /metrics: sessions, bearers and pool usage now, the control plane's
/// counts (`PGWStatistics`) and the data path's (`ForwardingStatistics`, under their `userplane_*`
/// names). Both count on their own; each publish advances a Prometheus counter by what changed
/// since the last one.
struct PGWMetrics {
    private let sessions = Gauge(label: "pgw_sessions")
    private let bearers = Gauge(label: "pgw_bearers")
    private var poolInUse: [String: Gauge] = [:]
    private var poolCapacity: [String: Gauge] = [:]
    private let control: [(Counter, KeyPath<PGWStatistics, Int>)] = [
        (Counter(label: "pgw_sessions_created_total"), \.sessionsCreated),
        (Counter(label: "pgw_sessions_deleted_total"), \.sessionsDeleted),
        (Counter(label: "pgw_create_session_rejections_total"), \.createSessionRejections),
        (Counter(label: "pgw_dedicated_bearers_created_total"), \.dedicatedBearersCreated),
        (Counter(label: "pgw_dedicated_bearers_deleted_total"), \.dedicatedBearersDeleted),
        (Counter(label: "pgw_gtpc_retransmissions_total"), \.retransmissions),
        (Counter(label: "pgw_gtpc_duplicate_requests_total"), \.duplicateRequests),
        (Counter(label: "pgw_gtpc_malformed_messages_total"), \.malformedMessages),
        (Counter(label: "pgw_peer_restarts_total"), \.peerRestarts),
        (Counter(label: "pgw_policy_failures_total"), \.policyFailures),
        (Counter(label: "pgw_path_failures_total"), \.pathFailures),
    ]
    private var forwarding = ForwardingMetrics()
    /// What the control-plane counters show already; nil before the first publish (all zero).
    private var publishedControl: PGWStatistics?

    mutating func publish(_ pgw: PGW, forwarding statistics: ForwardingStatistics) {
        let context = pgw.context
        sessions.record(context.sessions.count)
        bearers.record(context.sessions.values.reduce(0) { $0 + $1.bearers.count })
        for (apn, pool) in context.pools {
            if poolInUse[apn] == nil {
                poolInUse[apn] = Gauge(label: "pgw_pool_addresses_in_use", dimensions: [("apn", apn)])
                poolCapacity[apn] = Gauge(label: "pgw_pool_addresses", dimensions: [("apn", apn)])
            }
            poolInUse[apn]?.record(pool.inUse)
            poolCapacity[apn]?.record(pool.capacity)
        }
        let now = pgw.statistics
        for (counter, field) in control {
            let change = now[keyPath: field] - (publishedControl?[keyPath: field] ?? 0)
            if change > 0 { counter.increment(by: change) }
        }
        publishedControl = now
        forwarding.publish(statistics)
    }
}
