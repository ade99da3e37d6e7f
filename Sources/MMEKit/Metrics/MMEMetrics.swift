import CoreMetrics

/// The MME's numbers for /metrics (swift-metrics; NFKit bootstraps Prometheus): eNBs, UEs by
/// state, sessions, and counters of attaches, failures by cause, dropped NAS by reason,
/// retransmissions and malformed input.
///
/// The state machine only counts (`MMEStatistics`); the executable calls `publish` now and then
/// (once a second, or per scrape: the gauges walk every UE context), and the counters advance by
/// what changed since the last call.
public struct MMEMetrics: Sendable {
    private let factory: any MetricsFactory
    private var published = MMEStatistics()
    private let enbs: Gauge
    private let registered: Gauge
    private let connected: Gauge
    private let idle: Gauge
    private let sessions: Gauge

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        enbs = Gauge(label: "mme_enbs", factory: factory)
        registered = Gauge(label: "mme_ues", dimensions: [("state", "registered")], factory: factory)
        connected = Gauge(label: "mme_ues", dimensions: [("state", "connected")], factory: factory)
        idle = Gauge(label: "mme_ues", dimensions: [("state", "idle")], factory: factory)
        sessions = Gauge(label: "mme_sessions", factory: factory)
    }

    public mutating func publish(_ mme: MME) {
        let context = mme.context
        enbs.record(context.setUpENBs)
        registered.record(context.registeredUEs)
        connected.record(context.connectedUEs)
        idle.record(context.idleUEs)
        sessions.record(context.activeSessions)

        let now = context.statistics
        let totals: [(String, KeyPath<MMEStatistics, Int>)] = [
            ("mme_attach_attempts_total", \.attachAttempts), ("mme_attach_successes_total", \.attachSuccesses),
            ("mme_detaches_total", \.detaches), ("mme_tracking_area_updates_total", \.trackingAreaUpdates),
            ("mme_service_requests_total", \.serviceRequests), ("mme_pagings_total", \.pagings),
            ("mme_sessions_created_total", \.sessionsCreated), ("mme_sessions_deleted_total", \.sessionsDeleted),
            ("mme_dedicated_bearers_total", \.dedicatedBearersActivated),
            ("mme_nas_retransmissions_total", \.nasRetransmissions), ("mme_s6a_retransmissions_total", \.s6aRetransmissions),
            ("mme_s11_retransmissions_total", \.s11Retransmissions), ("mme_error_indications_sent_total", \.errorIndicationsSent),
            ("mme_error_indications_received_total", \.errorIndicationsReceived),
            ("mme_s1_setup_failures_total", \.s1SetupFailures), ("mme_sgw_restarts_total", \.sgwRestarts),
        ]
        for (label, path) in totals { advance(label, [], by: now[keyPath: path] - published[keyPath: path]) }
        for (cause, count) in now.attachFailures {
            advance("mme_attach_failures_total", [("cause", cause)], by: count - published.attachFailures[cause, default: 0])
        }
        for (reason, count) in now.droppedNAS {
            advance("mme_dropped_nas_total", [("reason", reason.rawValue)], by: count - published.droppedNAS[reason, default: 0])
        }
        for (interface, count) in now.malformed {
            advance("mme_malformed_messages_total", [("interface", interface)], by: count - published.malformed[interface, default: 0])
        }
        published = now
    }

    private func advance(_ label: String, _ dimensions: [(String, String)], by delta: Int) {
        guard delta > 0 else { return }
        Counter(label: label, dimensions: dimensions, factory: factory).increment(by: delta)
    }
}
