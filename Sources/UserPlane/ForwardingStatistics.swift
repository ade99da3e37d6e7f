import Synchronization

/// What a forwarding path counts, for /metrics: packets and octets per direction, drops by reason,
/// signalling handled. Loops count locally and add here once per batch.
public final class ForwardingStatistics: Sendable {
    public enum Counter: Int, CaseIterable, Sendable {
        case uplinkPackets, uplinkBytes, downlinkPackets, downlinkBytes
        case droppedUnknownTEID, droppedMalformed, droppedSpoofedSource, droppedNoSession, droppedBufferFull, droppedSendFailed, droppedBufferDiscarded
        case bufferedPackets, deliveredFromBuffer, errorIndicationsSent, errorIndicationsReceived, echoRequestsAnswered, endMarkersSent
        /// GSO sends the kernel refused (route MTU, device): their datagrams went one by one.
        case segmentationRefused
        /// Uplink packets that went to the SGi TUN device inside a UDP GSO write with others of their flow.
        case sgiCoalesced
        /// Downlink TCP/UDP segmentation runs read whole from the SGi TUN device and cut into their packets here.
        case sgiRunsCut
        /// Downlink packets taken from the SGi interface's packet ring, before the kernel's IP forwarding.
        case sgiRingTaken
        /// Uplink packets sent out of the SGi interface on its packet socket, past the kernel's IP forwarding.
        case sgiTransmitted
        /// Downlink frames the kernel could not put in the full SGi packet ring (the ingress rule then drops them).
        case droppedRingFull
        /// Downlink frames from the SGi packet ring standing for segments of a kind nothing here cuts (a UDP tunnel's TCP).
        case droppedUnsupportedSegmentation

        /// The Prometheus name and labels this counter is published under.
        public var metric: (name: String, labels: [(String, String)]) {
            switch self {
            case .uplinkPackets: ("userplane_packets_total", [("direction", "uplink")])
            case .uplinkBytes: ("userplane_bytes_total", [("direction", "uplink")])
            case .downlinkPackets: ("userplane_packets_total", [("direction", "downlink")])
            case .downlinkBytes: ("userplane_bytes_total", [("direction", "downlink")])
            case .droppedUnknownTEID: ("userplane_dropped_total", [("reason", "unknown_teid")])
            case .droppedMalformed: ("userplane_dropped_total", [("reason", "malformed")])
            case .droppedSpoofedSource: ("userplane_dropped_total", [("reason", "spoofed_source")])
            case .droppedNoSession: ("userplane_dropped_total", [("reason", "no_session")])
            case .droppedBufferFull: ("userplane_dropped_total", [("reason", "buffer_full")])
            case .droppedSendFailed: ("userplane_dropped_total", [("reason", "send_failed")])
            case .droppedBufferDiscarded: ("userplane_dropped_total", [("reason", "buffer_discarded")])
            case .bufferedPackets: ("userplane_buffered_total", [])
            case .deliveredFromBuffer: ("userplane_delivered_from_buffer_total", [])
            case .errorIndicationsSent: ("userplane_error_indications_total", [("direction", "sent")])
            case .errorIndicationsReceived: ("userplane_error_indications_total", [("direction", "received")])
            case .echoRequestsAnswered: ("userplane_echo_requests_answered_total", [])
            case .endMarkersSent: ("userplane_end_markers_total", [])
            case .segmentationRefused: ("userplane_gso_refused_total", [])
            case .sgiCoalesced: ("userplane_sgi_coalesced_total", [])
            case .sgiRunsCut: ("userplane_sgi_runs_cut_total", [])
            case .sgiRingTaken: ("userplane_sgi_ring_taken_total", [])
            case .sgiTransmitted: ("userplane_sgi_transmitted_total", [])
            case .droppedRingFull: ("userplane_dropped_total", [("reason", "sgi_ring_full")])
            case .droppedUnsupportedSegmentation: ("userplane_dropped_total", [("reason", "unsupported_segmentation")])
            }
        }
    }

    /// Taken once per batch by each loop, never per packet.
    private let counters = Mutex([Int](repeating: 0, count: Counter.allCases.count))

    public init() {}

    func add(_ counts: inout [Int]) {
        counters.withLock { totals in
            for index in counts.indices where counts[index] != 0 {
                totals[index] &+= counts[index]
                counts[index] = 0
            }
        }
    }

    public subscript(_ counter: Counter) -> Int { counters.withLock { $0[counter.rawValue] } }
}

/// A loop's counts for one batch, added to the shared statistics at the end of the batch.
struct BatchCounts {
    var values = [Int](repeating: 0, count: ForwardingStatistics.Counter.allCases.count)

    @inline(__always)
    mutating func count(_ counter: ForwardingStatistics.Counter, _ amount: Int = 1) { values[counter.rawValue] &+= amount }

    /// What sending `queued` datagrams did: those the kernel took count as `packets`, the rest as send failures.
    @inline(__always)
    mutating func countSend(_ result: (sent: Int, segmentationRefused: Int), queued: Int, _ packets: ForwardingStatistics.Counter) {
        count(packets, result.sent)
        count(.droppedSendFailed, queued - result.sent)
        count(.segmentationRefused, result.segmentationRefused)
    }

    @inline(__always)
    mutating func flush(to statistics: ForwardingStatistics) {
        statistics.add(&values)
    }
}
