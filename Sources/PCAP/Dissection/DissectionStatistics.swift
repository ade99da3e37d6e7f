/// Something the dissector noticed that did not (or not yet) produce a payload. Counted, never
/// fatal: a capture with garbage in it still yields everything that can be read.
public enum DissectionEvent: String, CaseIterable, Hashable, Sendable, Error {
    /// A link type this dissector does not know.
    case unsupportedLinkType
    /// A link-layer frame that carries something other than IP (ARP, LLDP, 802.2...).
    case notIP
    /// A header or a length field reaches past the captured bytes (snap length, damaged frame).
    case truncated
    /// A field holds a value no valid packet has (IP version, header length, UDP length...).
    case malformed
    /// An IP fragment waits for the rest of its datagram.
    case fragmentHeld
    /// An incomplete IP datagram was dropped to stay within the reassembly limits.
    case fragmentsEvicted
    /// A TCP segment with no payload (handshake, pure ACK, FIN or RST alone).
    case tcpNoPayload
    /// A TCP segment whose bytes were all delivered before: a retransmission, keep-alive or duplicate.
    case tcpRetransmission
    /// A TCP segment partly delivered before; only its new bytes were delivered.
    case tcpPartialOverlap
    /// A TCP segment ahead of a gap, held until the gap fills.
    case tcpOutOfOrderHeld
    /// The reassembler stopped waiting for missing TCP bytes and went on after the gap.
    case tcpGapSkipped
    /// Data on a TCP direction that already ended with FIN or RST.
    case tcpAfterClose
    /// An SCTP packet with no DATA or I-DATA chunk.
    case sctpNoData
    /// A DATA chunk whose TSN was seen before: a retransmission.
    case sctpDuplicateTSN
    /// A fragment of an SCTP user message, held until the message is complete.
    case sctpFragmentHeld
    /// Fragments of incomplete SCTP user messages dropped to stay within the reassembly limits.
    case sctpFragmentsEvicted
    /// A malformed SCTP chunk (bad length, DATA without user data...), skipped.
    case sctpBadChunk
    /// Reassembly state of idle flows dropped to stay within the flow limit.
    case flowsEvicted
}

/// Counters kept by a `Dissector`.
public struct DissectionStatistics: Sendable, CustomStringConvertible {
    /// Frames given to `Dissector.dissect(_:)` (inner packets are not frames).
    public var frames = 0
    /// Payloads yielded.
    public var payloads = 0
    public var events: [DissectionEvent: Int] = [:]

    public init() {}

    public subscript(event: DissectionEvent) -> Int { events[event, default: 0] }

    mutating func count(_ event: DissectionEvent, _ times: Int = 1) {
        events[event, default: 0] += times
    }

    /// "frames=873 payloads=... truncated=2 ...", events in declaration order, zero counts left out.
    public var description: String {
        (["frames=\(frames)", "payloads=\(payloads)"]
            + DissectionEvent.allCases.compactMap { event in events[event].map { "\(event.rawValue)=\($0)" } })
            .joined(separator: " ")
    }
}

/// Bounds on the state the dissector keeps, so that a hostile or damaged capture cannot make it
/// grow without end. The defaults are far above what a conformance capture needs.
public struct DissectorLimits: Sendable {
    /// Incomplete IP datagrams held at once; the oldest is dropped beyond this.
    public var pendingFragmentDatagrams = 4096
    /// Bytes of IP fragments held at once.
    public var pendingFragmentBytes = 16 << 20
    /// Out-of-order TCP segments held per direction before the gap is skipped.
    public var tcpOutOfOrderSegments = 1024
    /// Bytes of out-of-order TCP segments held per direction before the gap is skipped.
    public var tcpOutOfOrderBytes = 8 << 20
    /// Bytes of SCTP message fragments held per association direction.
    public var sctpPendingBytes = 8 << 20
    /// TSNs remembered above the highest contiguous one, per association direction, to tell
    /// retransmissions from new chunks; beyond this the missing TSNs are given up on.
    public var sctpTrackedTSNs = 8192
    /// TCP and SCTP flow directions tracked at once; the least recently used half is dropped
    /// beyond this.
    public var flows = 65_536

    public init() {}
}
