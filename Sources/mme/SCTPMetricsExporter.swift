import Metrics
import NFKit
import SCTP

/// The SCTP module counts in atomics of its own (`SCTPMetrics`); this copies them into the
/// Prometheus registry behind /metrics, under the names `SCTPTransport.metricsText` uses, each
/// counter advancing by what changed since the last copy.
struct SCTPMetricsExporter {
    private let metrics: SCTPMetrics
    private let active = Gauge(label: "vcore_sctp_associations_active")
    private var counters = CounterPublisher<SCTPMetrics.Snapshot>([
        ("vcore_sctp_associations_accepted_total", \.associationsAccepted),
        ("vcore_sctp_associations_aborted_by_peer_total", \.associationsAbortedByPeer),
        ("vcore_sctp_associations_lost_total", \.associationsLost),
        ("vcore_sctp_associations_restarted_total", \.associationsRestarted),
        ("vcore_sctp_messages_sent_total", \.messagesSent),
        ("vcore_sctp_messages_received_total", \.messagesReceived),
        ("vcore_sctp_bytes_sent_total", \.bytesSent),
        ("vcore_sctp_bytes_received_total", \.bytesReceived),
        ("vcore_sctp_send_waits_total", \.sendWaits),
    ])

    init(transport: SCTPTransport) {
        metrics = transport.metrics
        Gauge(label: "vcore_sctp_backend_info", dimensions: [("backend", transport.selectedBackend.rawValue)]).record(1)
    }

    mutating func publish() {
        let now = metrics.snapshot()
        active.record(now.associationsActive)
        counters.publish(now)
    }
}
