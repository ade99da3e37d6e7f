import NIOCore
import Wire

/// Rebuilds SCTP user messages from DATA and I-DATA chunks, per association direction.
///
/// A direction is keyed by its addresses and ports (and tunnel). Each TSN is accepted once: a
/// chunk whose TSN was seen before is a retransmission and is dropped. DATA fragments of one
/// message carry consecutive TSNs (RFC 9260 6.9), so a message is complete when a run of TSNs
/// from a B fragment to an E fragment is present, whatever order they came in; I-DATA fragments
/// are put in order by their FSN within (stream, U flag, MID) (RFC 8260). Messages are yielded as
/// they complete, not re-sorted by stream sequence number.
struct SCTPReassembler {
    struct Message {
        var stream: UInt16
        var ppid: UInt32
        var unordered: Bool
        var bytes: ByteBuffer
    }

    private struct IDataKey: Hashable {
        var stream: UInt16
        var unordered: Bool
        var messageIdentifier: UInt32
    }

    private struct Direction {
        /// The INIT or INIT-ACK that started the direction, when it was captured.
        var initialTSN: UInt32?
        /// Every TSN at or before this (in serial number order) has been seen.
        var floor: UInt32?
        var seenAboveFloor: Set<UInt32> = []
        /// With no INIT captured: the first TSN seen, and the TSNs seen since that are older.
        var firstSeen: UInt32?
        var seenBeforeFirst: Set<UInt32> = []
        var dataFragments: [UInt32: SCTPUserDataFragment] = [:]
        var iDataFragments: [IDataKey: [UInt32: SCTPUserDataFragment]] = [:]
        var pendingBytes = 0
        var lastUse = 0
    }

    private var directions: [FlowKey: Direction] = [:]
    private var useCounter = 0
    private let limits: DissectorLimits
    /// Older-than-first TSNs remembered per direction; retransmissions of data sent before the
    /// capture started are rare, so a small bound does.
    private static let trackedBeforeFirst = 1024

    init(limits: DissectorLimits) {
        self.limits = limits
    }

    /// An INIT or INIT-ACK sent on `flow`: the sender's TSNs start at `initialTSN`.
    mutating func start(_ flow: FlowKey, initialTSN: UInt32, events: inout [DissectionEvent]) {
        if directions[flow]?.initialTSN == initialTSN { return } // the same INIT again
        touch(flow, events: &events)
        directions[flow] = Direction(initialTSN: initialTSN, floor: initialTSN &- 1, lastUse: useCounter)
    }

    /// Takes one DATA or I-DATA chunk; returns the user message it completes, if any.
    mutating func receive(_ fragment: SCTPUserDataFragment, on flow: FlowKey,
                          events: inout [DissectionEvent]) -> Message? {
        touch(flow, events: &events)
        var direction = directions[flow] ?? Direction()
        direction.lastUse = useCounter
        defer { directions[flow] = direction }

        guard Self.accept(fragment.tsn, in: &direction, limit: limits.sctpTrackedTSNs) else {
            events.append(.sctpDuplicateTSN)
            return nil
        }
        if fragment.beginning && fragment.ending {
            return Message(stream: fragment.stream, ppid: fragment.ppid, unordered: fragment.unordered,
                           bytes: fragment.userData)
        }
        direction.pendingBytes += fragment.userData.readableBytes
        let message = fragment.isIData
            ? Self.completeIData(with: fragment, in: &direction)
            : Self.completeData(with: fragment, in: &direction)
        if message == nil {
            events.append(.sctpFragmentHeld)
            if direction.pendingBytes > limits.sctpPendingBytes {
                direction.dataFragments = [:]
                direction.iDataFragments = [:]
                direction.pendingBytes = 0
                events.append(.sctpFragmentsEvicted)
            }
        }
        return message
    }

    /// True the first time a TSN is seen on a direction.
    private static func accept(_ tsn: UInt32, in direction: inout Direction, limit: Int) -> Bool {
        guard var floor = direction.floor else {
            direction.floor = tsn
            direction.firstSeen = tsn
            return true
        }
        if Int32(bitPattern: tsn &- floor) <= 0 {
            // Older than what is known to be seen: new only if the direction began mid-capture,
            // this TSN precedes the first one seen and was not seen itself.
            guard direction.initialTSN == nil, let first = direction.firstSeen, Int32(bitPattern: tsn &- first) < 0,
                  direction.seenBeforeFirst.count < trackedBeforeFirst else { return false }
            return direction.seenBeforeFirst.insert(tsn).inserted
        }
        guard direction.seenAboveFloor.insert(tsn).inserted else { return false }
        while true {
            while direction.seenAboveFloor.remove(floor &+ 1) != nil { floor &+= 1 }
            guard direction.seenAboveFloor.count > limit else { break }
            // Too many TSNs beyond a hole: the missing ones are not coming back; move past them.
            let base = floor
            if let lowest = direction.seenAboveFloor.min(by: { Int32(bitPattern: $0 &- base) < Int32(bitPattern: $1 &- base) }) {
                direction.seenAboveFloor.remove(lowest)
                floor = lowest
            }
        }
        direction.floor = floor
        return true
    }

    /// A DATA message is the run of consecutive TSNs around `fragment` from a B to an E fragment.
    private static func completeData(with fragment: SCTPUserDataFragment, in direction: inout Direction) -> Message? {
        direction.dataFragments[fragment.tsn] = fragment
        let limit = direction.dataFragments.count
        var first = fragment.tsn
        var steps = 0
        while let piece = direction.dataFragments[first], !piece.beginning {
            guard piece.tsn == fragment.tsn || !piece.ending, steps < limit else { return nil }
            first &-= 1
            steps += 1
        }
        var last = fragment.tsn
        steps = 0
        while let piece = direction.dataFragments[last], !piece.ending {
            guard piece.tsn == fragment.tsn || !piece.beginning, steps < limit else { return nil }
            last &+= 1
            steps += 1
        }
        guard let head = direction.dataFragments[first], head.beginning,
              let tail = direction.dataFragments[last], tail.ending else { return nil }
        var pieces: [SCTPUserDataFragment] = []
        var tsn = first
        while true {
            guard let piece = direction.dataFragments[tsn], piece.stream == head.stream,
                  piece.unordered == head.unordered, piece.unordered || piece.messageNumber == head.messageNumber
            else { return nil }
            pieces.append(piece)
            if tsn == last { break }
            tsn &+= 1
        }
        for piece in pieces { direction.dataFragments[piece.tsn] = nil }
        return assemble(pieces, head: head, direction: &direction)
    }

    /// An I-DATA message is complete when fragments 0 (B) through n (E) of its MID are present.
    private static func completeIData(with fragment: SCTPUserDataFragment, in direction: inout Direction) -> Message? {
        let key = IDataKey(stream: fragment.stream, unordered: fragment.unordered,
                           messageIdentifier: fragment.messageNumber)
        var fragments = direction.iDataFragments[key, default: [:]]
        if let previous = fragments[fragment.fragmentNumber] {
            direction.pendingBytes -= previous.userData.readableBytes
        }
        fragments[fragment.fragmentNumber] = fragment
        direction.iDataFragments[key] = fragments
        guard let head = fragments[0], head.beginning,
              let tail = fragments.values.first(where: \.ending),
              fragments.count == Int(tail.fragmentNumber) + 1 else { return nil }
        let pieces = fragments.values.sorted { $0.fragmentNumber < $1.fragmentNumber }
        direction.iDataFragments[key] = nil
        return assemble(pieces, head: head, direction: &direction)
    }

    private static func assemble(_ pieces: [SCTPUserDataFragment], head: SCTPUserDataFragment,
                                 direction: inout Direction) -> Message {
        var bytes = ByteBuffer()
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.userData.readableBytes })
        for piece in pieces { bytes.writeImmutableBuffer(piece.userData) }
        direction.pendingBytes -= bytes.readableBytes
        return Message(stream: head.stream, ppid: head.ppid, unordered: head.unordered, bytes: bytes)
    }

    /// Counts a use and, when a new direction would exceed the flow limit, drops the least
    /// recently used half.
    private mutating func touch(_ flow: FlowKey, events: inout [DissectionEvent]) {
        useCounter += 1
        guard directions[flow] == nil, directions.count >= max(2, limits.flows) else { return }
        let byUse = directions.map { ($0.key, $0.value.lastUse) }.sorted { $0.1 < $1.1 }
        for (evicted, _) in byUse.prefix(byUse.count / 2) {
            directions[evicted] = nil
            events.append(.flowsEvicted)
        }
    }
}
