import NIOCore
import Wire

/// Turns TCP segments into the in-order byte stream of each direction.
///
/// A direction starts at the sequence number after its SYN, or, when the capture begins mid-stream,
/// at the first segment that carries data. Bytes delivered before are never delivered again, so
/// exact and partial retransmissions only add what is new. Segments beyond a gap are held until
/// the gap fills; past the limits the gap is given up on and the next bytes are flagged
/// `followsGap`. A FIN ends its direction once every byte before it arrived; an RST ends it at once.
struct TCPReassembler {
    struct Segment {
        var flow: FlowKey
        var sequence: UInt32
        var flags: TCPFlags
        var payload: ByteBuffer
    }

    struct Delivery {
        var flow: FlowKey
        var bytes: ByteBuffer
        var connection: Int
        var followsGap: Bool
        /// The frame that completed these bytes.
        var frame: Int
        var time: CaptureTimestamp
    }

    /// Bytes to deliver for one segment: one run, plus one more after each gap given up on.
    private struct Output {
        var runs: [(bytes: ByteBuffer, followsGap: Bool)] = []

        mutating func append(_ data: ByteBuffer) {
            if runs.isEmpty { runs.append((ByteBuffer(), false)) }
            runs[runs.count - 1].bytes.writeImmutableBuffer(data)
        }

        mutating func startAfterGap() { runs.append((ByteBuffer(), true)) }
    }

    private struct HeldSegment {
        var sequence: UInt32
        var data: ByteBuffer
    }

    private struct Direction {
        var connection: Int
        var initialSequence: UInt32?
        /// The next byte to deliver; nil until the direction's start is known.
        var nextSequence: UInt32?
        var finSequence: UInt32?
        var closed = false
        /// Segments beyond a gap, in stream order.
        var held: [HeldSegment] = []
        var heldBytes = 0
        var lastUse: Int
        var lastFrame: Int
        var lastTime: CaptureTimestamp
    }

    private var directions: [FlowKey: Direction] = [:]
    private var connectionCount = 0
    private var useCounter = 0
    private let limits: DissectorLimits

    init(limits: DissectorLimits) {
        self.limits = limits
    }

    mutating func process(_ segment: Segment, frame: Int, time: CaptureTimestamp,
                          events: inout [DissectionEvent]) -> [Delivery] {
        useCounter += 1
        var direction = direction(for: segment, events: &events)
        direction.lastUse = useCounter
        direction.lastFrame = frame
        direction.lastTime = time
        defer { directions[segment.flow] = direction }
        var output = Output()
        Self.advance(&direction, with: segment, limits: limits, into: &output, events: &events)
        return output.runs.filter { $0.bytes.readableBytes > 0 }.map {
            Delivery(flow: segment.flow, bytes: $0.bytes, connection: direction.connection, followsGap: $0.followsGap,
                     frame: frame, time: time)
        }
    }

    /// Gives up on every gap still open and delivers what was held behind it; for the end of a capture.
    mutating func flush(events: inout [DissectionEvent]) -> [Delivery] {
        var deliveries: [Delivery] = []
        for (flow, var direction) in directions where !direction.held.isEmpty {
            var output = Output()
            while !direction.held.isEmpty {
                Self.skipGap(&direction, into: &output, events: &events)
            }
            directions[flow] = direction
            for run in output.runs where run.bytes.readableBytes > 0 {
                deliveries.append(Delivery(flow: flow, bytes: run.bytes, connection: direction.connection,
                                           followsGap: run.followsGap, frame: direction.lastFrame,
                                           time: direction.lastTime))
            }
        }
        return deliveries.sorted { $0.frame < $1.frame }
    }

    /// The state of the segment's direction, new when the segment opens a new connection.
    private mutating func direction(for segment: Segment, events: inout [DissectionEvent]) -> Direction {
        let reverse = segment.flow.reversed
        let existing = directions[segment.flow]
        let opensConnection = segment.flags.contains(.syn) && !segment.flags.contains(.ack)
        if let existing, !segment.flags.contains(.syn) || existing.initialSequence == segment.sequence {
            return existing
        }
        let connection: Int
        if opensConnection {
            // A SYN that is not a retransmission starts a new connection on this 4-tuple; the
            // other direction starts over with it.
            directions[reverse] = nil
            connection = newConnection()
        } else {
            connection = directions[reverse]?.connection ?? newConnection()
        }
        evictIdleFlowsIfNeeded(events: &events)
        return Direction(connection: connection, lastUse: useCounter, lastFrame: 0,
                         lastTime: CaptureTimestamp(seconds: 0))
    }

    private mutating func newConnection() -> Int {
        defer { connectionCount += 1 }
        return connectionCount
    }

    private static func advance(_ direction: inout Direction, with segment: Segment, limits: DissectorLimits,
                                into output: inout Output, events: inout [DissectionEvent]) {
        let flags = segment.flags
        if flags.contains(.syn), direction.initialSequence == nil {
            direction.initialSequence = segment.sequence
            direction.nextSequence = segment.sequence &+ 1
        }
        // The SYN takes one sequence number; data sent with it starts after.
        let dataStart = flags.contains(.syn) ? segment.sequence &+ 1 : segment.sequence
        let length = segment.payload.readableBytes
        if length == 0 { events.append(.tcpNoPayload) }
        if direction.closed {
            if length > 0 { events.append(.tcpAfterClose) }
            return
        }
        if direction.nextSequence == nil {
            // Mid-stream start. A bare ACK may be a keep-alive one byte behind, so only data or a
            // FIN tells where the stream is.
            guard length > 0 || flags.contains(.fin) else {
                if flags.contains(.rst) { direction.closed = true }
                return
            }
            direction.nextSequence = dataStart
        }

        if length > 0, let next = direction.nextSequence {
            let offset = Int(Int32(bitPattern: dataStart &- next))
            if offset <= 0 {
                let overlap = -offset
                if overlap >= length {
                    events.append(.tcpRetransmission)
                } else {
                    if overlap > 0 { events.append(.tcpPartialOverlap) }
                    append(segment.payload, skipping: overlap, to: &output, direction: &direction)
                }
            } else {
                hold(HeldSegment(sequence: dataStart, data: segment.payload), in: &direction)
                events.append(.tcpOutOfOrderHeld)
                while direction.held.count > limits.tcpOutOfOrderSegments
                    || direction.heldBytes > limits.tcpOutOfOrderBytes {
                    skipGap(&direction, into: &output, events: &events)
                }
            }
            drain(&direction, into: &output)
        }

        if flags.contains(.fin) { direction.finSequence = dataStart &+ UInt32(truncatingIfNeeded: length) }
        if let fin = direction.finSequence, direction.nextSequence == fin {
            direction.closed = true
            direction.nextSequence = fin &+ 1
        }
        if flags.contains(.rst) { direction.closed = true }
        if direction.closed {
            direction.held = []
            direction.heldBytes = 0
        }
    }

    private static func append(_ data: ByteBuffer, skipping overlap: Int, to output: inout Output,
                               direction: inout Direction) {
        guard let fresh = data.getSlice(at: data.readerIndex + overlap, length: data.readableBytes - overlap) else {
            return
        }
        output.append(fresh)
        direction.nextSequence = direction.nextSequence.map { $0 &+ UInt32(truncatingIfNeeded: fresh.readableBytes) }
    }

    /// Keeps a segment that lies beyond a gap, in stream order; of two starting at one sequence
    /// number the longer is kept.
    private static func hold(_ segment: HeldSegment, in direction: inout Direction) {
        guard let next = direction.nextSequence else { return }
        let offset = { (held: HeldSegment) in Int32(bitPattern: held.sequence &- next) }
        if let same = direction.held.firstIndex(where: { $0.sequence == segment.sequence }) {
            let previous = direction.held[same].data.readableBytes
            guard segment.data.readableBytes > previous else { return }
            direction.held[same] = segment
            direction.heldBytes += segment.data.readableBytes - previous
            return
        }
        let index = direction.held.firstIndex { offset($0) > offset(segment) } ?? direction.held.endIndex
        direction.held.insert(segment, at: index)
        direction.heldBytes += segment.data.readableBytes
    }

    /// Delivers held segments that the stream has reached.
    private static func drain(_ direction: inout Direction, into output: inout Output) {
        while let first = direction.held.first, let next = direction.nextSequence {
            let offset = Int(Int32(bitPattern: first.sequence &- next))
            guard offset <= 0 else { return }
            direction.held.removeFirst()
            direction.heldBytes -= first.data.readableBytes
            if -offset < first.data.readableBytes {
                append(first.data, skipping: -offset, to: &output, direction: &direction)
            }
        }
    }

    /// Stops waiting for the bytes before the first held segment and goes on from there.
    private static func skipGap(_ direction: inout Direction, into output: inout Output,
                                events: inout [DissectionEvent]) {
        guard let first = direction.held.first else { return }
        events.append(.tcpGapSkipped)
        direction.nextSequence = first.sequence
        output.startAfterGap()
        drain(&direction, into: &output)
    }

    /// Drops the least recently used half of the directions once there are too many.
    private mutating func evictIdleFlowsIfNeeded(events: inout [DissectionEvent]) {
        guard directions.count >= max(2, limits.flows) else { return }
        let byUse = directions.map { ($0.key, $0.value.lastUse) }.sorted { $0.1 < $1.1 }
        for (flow, _) in byUse.prefix(byUse.count / 2) {
            directions[flow] = nil
            events.append(.flowsEvicted)
        }
    }
}
