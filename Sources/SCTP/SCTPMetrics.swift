import Synchronization

/// Counters of one `SCTPTransport`. VCore has no metrics module yet: an NF's /metrics endpoint will
/// append `SCTPTransport.metricsText` (Prometheus text format) until it does, and can read
/// `snapshot()` for anything else.
public final class SCTPMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var associationsAccepted = 0
        public var associationsConnected = 0
        public var associationsActive = 0
        public var associationsAbortedByPeer = 0
        public var associationsLost = 0
        public var associationsRestarted = 0
        public var connectFailures = 0
        public var messagesSent = 0
        public var messagesReceived = 0
        public var bytesSent = 0
        public var bytesReceived = 0
        /// Sends that had to wait for the peer to acknowledge data (the send buffer was full).
        public var sendWaits = 0
    }

    let associationsAccepted = Atomic(0)
    let associationsConnected = Atomic(0)
    let associationsActive = Atomic(0)
    let associationsAbortedByPeer = Atomic(0)
    let associationsLost = Atomic(0)
    let associationsRestarted = Atomic(0)
    let connectFailures = Atomic(0)
    let messagesSent = Atomic(0)
    let messagesReceived = Atomic(0)
    let bytesSent = Atomic(0)
    let bytesReceived = Atomic(0)
    let sendWaits = Atomic(0)

    init() {}

    public func snapshot() -> Snapshot {
        Snapshot(associationsAccepted: associationsAccepted.load(ordering: .relaxed),
                 associationsConnected: associationsConnected.load(ordering: .relaxed),
                 associationsActive: associationsActive.load(ordering: .relaxed),
                 associationsAbortedByPeer: associationsAbortedByPeer.load(ordering: .relaxed),
                 associationsLost: associationsLost.load(ordering: .relaxed),
                 associationsRestarted: associationsRestarted.load(ordering: .relaxed),
                 connectFailures: connectFailures.load(ordering: .relaxed),
                 messagesSent: messagesSent.load(ordering: .relaxed),
                 messagesReceived: messagesReceived.load(ordering: .relaxed),
                 bytesSent: bytesSent.load(ordering: .relaxed),
                 bytesReceived: bytesReceived.load(ordering: .relaxed),
                 sendWaits: sendWaits.load(ordering: .relaxed))
    }

    static func increment(_ counter: borrowing Atomic<Int>, by amount: Int = 1) {
        counter.wrappingAdd(amount, ordering: .relaxed)
    }
}

extension SCTPMetrics.Snapshot {
    /// Prometheus text exposition: the backend as an info gauge (value 1, with the reason as a
    /// label), then the counters.
    func prometheusText(selection: SCTPBackendSelection) -> String {
        var lines: [String] = [
            "# HELP vcore_sctp_backend_info SCTP stack in use (1) and why it was chosen.",
            "# TYPE vcore_sctp_backend_info gauge",
            "vcore_sctp_backend_info{backend=\"\(selection.kind.rawValue)\",reason=\"\(escapeLabel(selection.reason))\"} 1",
        ]
        func add(_ name: String, _ type: String, _ help: String, _ value: Int) {
            lines.append("# HELP vcore_sctp_\(name) \(help)")
            lines.append("# TYPE vcore_sctp_\(name) \(type)")
            lines.append("vcore_sctp_\(name) \(value)")
        }
        add("associations_accepted_total", "counter", "Associations accepted by listeners.", associationsAccepted)
        add("associations_connected_total", "counter", "Outgoing associations established.", associationsConnected)
        add("associations_active", "gauge", "Associations currently up.", associationsActive)
        add("associations_aborted_by_peer_total", "counter", "Associations the peer aborted.", associationsAbortedByPeer)
        add("associations_lost_total", "counter", "Associations lost to retransmission or heartbeat failure.", associationsLost)
        add("associations_restarted_total", "counter", "Peer restarts seen.", associationsRestarted)
        add("connect_failures_total", "counter", "Outgoing connects that failed or timed out.", connectFailures)
        add("messages_sent_total", "counter", "User messages handed to the stack.", messagesSent)
        add("messages_received_total", "counter", "User messages delivered to the application.", messagesReceived)
        add("bytes_sent_total", "counter", "User message bytes handed to the stack.", bytesSent)
        add("bytes_received_total", "counter", "User message bytes delivered to the application.", bytesReceived)
        add("send_waits_total", "counter", "Sends that waited for send-buffer space.", sendWaits)
        return lines.joined(separator: "\n") + "\n"
    }

    private func escapeLabel(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
