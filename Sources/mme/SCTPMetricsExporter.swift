import Metrics
import SCTP

/// The SCTP module counts in atomics of its own (`SCTPMetrics`); this copies them into the
/// Prometheus registry behind /metrics, under the names `SCTPTransport.metricsText` uses, each
/// counter advancing by what changed since the last copy.
struct SCTPMetricsExporter {
    private let metrics: SCTPMetrics
    /// What the counters show already; nil before the first copy (all zero).
    private var published: SCTPMetrics.Snapshot?
    private let active = Gauge(label: "vcore_sctp_associations_active")
    private let counters: [(Counter, KeyPath<SCTPMetrics.Snapshot, Int>)] = [
        (Counter(label: "vcore_sctp_associations_accepted_total"), \.associationsAccepted),
        (Counter(label: "vcore_sctp_associations_aborted_by_peer_total"), \.associationsAbortedByPeer),
        (Counter(label: "vcore_sctp_associations_lost_total"), \.associationsLost),
        (Counter(label: "vcore_sctp_associations_restarted_total"), \.associationsRestarted),
        (Counter(label: "vcore_sctp_messages_sent_total"), \.messagesSent),
        (Counter(label: "vcore_sctp_messages_received_total"), \.messagesReceived),
        (Counter(label: "vcore_sctp_bytes_sent_total"), \.bytesSent),
        (Counter(label: "vcore_sctp_bytes_received_total"), \.bytesReceived),
        (Counter(label: "vcore_sctp_send_waits_total"), \.sendWaits),
    ]

    init(transport: SCTPTransport) {
        metrics = transport.metrics
        Gauge(label: "vcore_sctp_backend_info", dimensions: [("backend", transport.selectedBackend.rawValue)]).record(1)
    }

    mutating func publish() {
        let now = metrics.snapshot()
        active.record(now.associationsActive)
        for (counter, field) in counters {
            let change = now[keyPath: field] - (published?[keyPath: field] ?? 0)
            if change > 0 { counter.increment(by: change) }
        }
        published = now
    }
}
