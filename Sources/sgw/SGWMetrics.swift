import Metrics
import SGWKit
import UserPlane

/// The SGW's numbers behind /metrics: sessions and bearers now, the control plane's counts
/// (`SGWStatistics`) and the data path's (`ForwardingStatistics`: packets and octets per
/// direction, drops by reason, buffering, signalling). Both count on their own; each publish
/// advances a Prometheus counter by what changed since the last one.
struct SGWMetrics {
    private let sessions = Gauge(label: "sgw_sessions")
    private let bearers = Gauge(label: "sgw_bearers")
    private let control: [(Counter, KeyPath<SGWStatistics, Int>)] = [
        (Counter(label: "sgw_sessions_created_total"), \.sessionsCreated),
        (Counter(label: "sgw_sessions_deleted_total"), \.sessionsDeleted),
        (Counter(label: "sgw_create_session_failures_total"), \.createSessionFailures),
        (Counter(label: "sgw_downlink_data_notifications_total"), \.downlinkDataNotifications),
        (Counter(label: "sgw_gtpc_retransmissions_total"), \.retransmissions),
        (Counter(label: "sgw_gtpc_duplicate_requests_total"), \.duplicateRequests),
        (Counter(label: "sgw_gtpc_malformed_messages_total"), \.malformedMessages),
        (Counter(label: "sgw_peer_restarts_total"), \.peerRestarts),
        (Counter(label: "sgw_path_failures_total"), \.pathFailures),
    ]
    private var forwarding = ForwardingMetrics()
    /// What the control-plane counters show already; nil before the first publish (all zero).
    private var publishedControl: SGWStatistics?

    mutating func publish(_ sgw: SGW, forwarding statistics: ForwardingStatistics) {
        let context = sgw.context
        sessions.record(context.sessions.count)
        bearers.record(context.sessions.values.reduce(0) { $0 + $1.bearerCount })
        let now = sgw.statistics
        for (counter, field) in control {
            let change = now[keyPath: field] - (publishedControl?[keyPath: field] ?? 0)
            if change > 0 { counter.increment(by: change) }
        }
        publishedControl = now
        forwarding.publish(statistics)
    }
}
