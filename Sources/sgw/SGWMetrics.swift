import Metrics
import NFKit
import SGWKit
import UserPlane

/// The SGW's numbers behind /metrics: sessions and bearers now, the control plane's counts
/// (`SGWStatistics`) and the data path's (`ForwardingStatistics`: packets and octets per
/// direction, drops by reason, buffering, signalling). Both count on their own; each publish
/// advances a Prometheus counter by what changed since the last one.
struct SGWMetrics {
    private let sessions = Gauge(label: "sgw_sessions")
    private let bearers = Gauge(label: "sgw_bearers")
    private var control = CounterPublisher<SGWStatistics>([
        ("sgw_sessions_created_total", \.sessionsCreated),
        ("sgw_sessions_deleted_total", \.sessionsDeleted),
        ("sgw_create_session_failures_total", \.createSessionFailures),
        ("sgw_downlink_data_notifications_total", \.downlinkDataNotifications),
        ("sgw_gtpc_retransmissions_total", \.retransmissions),
        ("sgw_gtpc_duplicate_requests_total", \.duplicateRequests),
        ("sgw_gtpc_malformed_messages_total", \.malformedMessages),
        ("sgw_peer_restarts_total", \.peerRestarts),
        ("sgw_path_failures_total", \.pathFailures),
    ])
    private var forwarding = ForwardingMetrics()

    mutating func publish(_ sgw: SGW, forwarding statistics: ForwardingStatistics) {
        let context = sgw.context
        sessions.record(context.sessions.count)
        bearers.record(context.sessions.values.reduce(0) { $0 + $1.bearerCount })
        control.publish(sgw.statistics)
        forwarding.publish(statistics)
    }
}
