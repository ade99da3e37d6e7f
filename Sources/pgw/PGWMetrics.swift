import Metrics
import NFKit
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
    private var control = CounterPublisher<PGWStatistics>([
        ("pgw_sessions_created_total", \.sessionsCreated),
        ("pgw_sessions_deleted_total", \.sessionsDeleted),
        ("pgw_create_session_rejections_total", \.createSessionRejections),
        ("pgw_dedicated_bearers_created_total", \.dedicatedBearersCreated),
        ("pgw_dedicated_bearers_deleted_total", \.dedicatedBearersDeleted),
        ("pgw_gtpc_retransmissions_total", \.retransmissions),
        ("pgw_gtpc_duplicate_requests_total", \.duplicateRequests),
        ("pgw_gtpc_malformed_messages_total", \.malformedMessages),
        ("pgw_peer_restarts_total", \.peerRestarts),
        ("pgw_policy_failures_total", \.policyFailures),
        ("pgw_path_failures_total", \.pathFailures),
    ])
    private var forwarding = ForwardingMetrics()

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
        control.publish(pgw.statistics)
        forwarding.publish(statistics)
    }
}
