import NIOCore
import Wire

/// Puts IPv4 and IPv6 fragments back together (RFC 791 section 3.2, RFC 8200 section 4.5).
///
/// Fragments may come in any order and may overlap; where they overlap the bytes that arrived
/// first are kept. A datagram is complete when its last fragment (no More Fragments flag) is known
/// and every byte before it is covered. Incomplete datagrams are dropped oldest first when the
/// limits on their number or bytes are reached.
struct FragmentReassembler {
    struct Key: Hashable {
        var tunnel: TunnelID?
        var source: IPAddress
        var destination: IPAddress
        /// IPv4's Protocol field is part of the datagram's identity; IPv6 fragments carry no such field here.
        var ipv4Protocol: UInt8?
        var identification: UInt32
    }

    enum Outcome {
        /// The datagram is whole: its payload (IPv4) or fragmentable part (IPv6).
        case complete(ByteBuffer)
        case held
        case rejected(DissectionEvent)
    }

    private struct Piece {
        var offset: Int
        var data: ByteBuffer
        var end: Int { offset + data.readableBytes }
    }

    private struct Pending {
        var pieces: [Piece] = []
        /// Known once the last fragment arrived.
        var totalLength: Int?
        var bytes = 0
        /// Order of creation, to find the oldest.
        var serial: Int
    }

    /// Neither IPv4 nor IPv6 can describe a datagram payload longer than this.
    static let maximumDatagramLength = 0xFFFF
    /// More pieces than any sender makes (64 KiB in 1280-byte IPv6 fragments is 52), so that a
    /// flood of tiny fragments cannot make reassembly quadratic.
    static let maximumPieces = 512

    private var pending: [Key: Pending] = [:]
    private var creationOrder = CircularBuffer<(key: Key, serial: Int)>()
    private var nextSerial = 0
    private var heldBytes = 0
    private let maximumDatagrams: Int
    private let maximumBytes: Int

    init(limits: DissectorLimits) {
        maximumDatagrams = max(1, limits.pendingFragmentDatagrams)
        maximumBytes = max(1, limits.pendingFragmentBytes)
    }

    /// Number of datagrams dropped to stay within the limits since the last call.
    private(set) var evictions = 0

    mutating func takeEvictions() -> Int {
        defer { evictions = 0 }
        return evictions
    }

    mutating func add(_ key: Key, offset: Int, moreFragments: Bool, data: ByteBuffer) -> Outcome {
        let end = offset + data.readableBytes
        guard end <= Self.maximumDatagramLength else { return .rejected(.malformed) }
        var entry = pending.removeValue(forKey: key) ?? newEntry(for: key)
        guard entry.pieces.count < Self.maximumPieces else {
            forget(entry)
            return .rejected(.malformed)
        }
        if !moreFragments {
            if let known = entry.totalLength, known != end {
                // Two different "last" fragments: the datagram cannot be trusted.
                forget(entry)
                return .rejected(.malformed)
            }
            entry.totalLength = end
        }
        if let total = entry.totalLength, entry.pieces.contains(where: { $0.end > total }) || end > total {
            forget(entry)
            return .rejected(.malformed)
        }
        entry.pieces.append(Piece(offset: offset, data: data))
        entry.bytes += data.readableBytes
        heldBytes += data.readableBytes

        if let total = entry.totalLength, let datagram = Self.assemble(entry.pieces, totalLength: total) {
            forget(entry)
            return .complete(datagram)
        }
        pending[key] = entry
        enforceLimits()
        return .held
    }

    private mutating func newEntry(for key: Key) -> Pending {
        defer { nextSerial += 1 }
        creationOrder.append((key, nextSerial))
        return Pending(serial: nextSerial)
    }

    private mutating func forget(_ entry: Pending) {
        heldBytes -= entry.bytes
    }

    /// Drops the oldest incomplete datagrams while over a limit. Entries of the creation queue whose
    /// datagram completed or was replaced are skipped on the way.
    private mutating func enforceLimits() {
        while pending.count > maximumDatagrams || heldBytes > maximumBytes, let oldest = creationOrder.popFirst() {
            guard let entry = pending[oldest.key], entry.serial == oldest.serial else { continue }
            pending[oldest.key] = nil
            forget(entry)
            evictions += 1
        }
        // Keep the queue from growing with stale entries of datagrams that completed long ago.
        if creationOrder.count > 2 * pending.count + 64 {
            creationOrder = CircularBuffer(pending.map { ($0.key, $0.value.serial) }.sorted { $0.1 < $1.1 })
        }
    }

    /// The datagram if `pieces` cover 0 ..< totalLength without a hole.
    private static func assemble(_ pieces: [Piece], totalLength: Int) -> ByteBuffer? {
        // A stable sort keeps, among pieces at one offset, the one that arrived first in front.
        let ordered = pieces.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        var covered = 0
        for (_, piece) in ordered where piece.offset <= covered {
            covered = max(covered, piece.end)
        }
        guard covered >= totalLength else { return nil }
        var datagram = ByteBuffer()
        datagram.reserveCapacity(totalLength)
        for (_, piece) in ordered where piece.end > datagram.writerIndex {
            guard piece.offset <= datagram.writerIndex else { return nil }
            let skip = datagram.writerIndex - piece.offset
            guard let fresh = piece.data.getSlice(at: piece.data.readerIndex + skip,
                                                  length: piece.data.readableBytes - skip) else { return nil }
            datagram.writeImmutableBuffer(fresh)
        }
        return datagram.readableBytes == totalLength ? datagram : nil
    }
}
