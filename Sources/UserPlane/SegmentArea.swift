import CBatchIO

/// Memory where the PGW's downlink cuts segmentation runs into packets (`cbio_segment_ipv4`),
/// one after another, each with `headroom` octets in front for the G-PDU header. Packets stay
/// until `reset`, which comes after the send that carries them.
final class SegmentArea {
    private let memory: UnsafeMutablePointer<UInt8>
    private let octets: Int
    private let headroom: Int
    private let offsets: UnsafeMutablePointer<UInt32>
    private let lengths: UnsafeMutablePointer<Int32>
    private let capacity: Int
    /// Octets and packets taken since the reset.
    private(set) var used = 0
    private var count = 0

    init(octets: Int, count: Int, headroom: Int) {
        memory = .allocate(capacity: octets)
        self.octets = octets
        self.headroom = headroom
        offsets = .allocate(capacity: count)
        lengths = .allocate(capacity: count)
        capacity = count
    }

    deinit {
        memory.deallocate()
        offsets.deallocate()
        lengths.deallocate()
    }

    func reset() {
        used = 0
        count = 0
    }

    /// Cuts the run into packets here; the indices of the new packets, or nil when it is not an
    /// IPv4 TCP or UDP run or they do not fit in what is left.
    func cut(_ packet: UnsafePointer<UInt8>, length: Int, segmentSize: Int) -> Range<Int>? {
        let made = cbio_segment_ipv4(packet, Int32(length), Int32(segmentSize), memory + used, Int32(octets - used), Int32(headroom),
                                     offsets + count, lengths + count, Int32(capacity - count))
        guard made > 0 else { return nil }
        let first = count
        for index in first..<first + Int(made) { offsets[index] += UInt32(used) }
        let last = first + Int(made) - 1
        used = (Int(offsets[last]) + Int(lengths[last]) + 7) & ~7
        count += Int(made)
        return first..<count
    }

    @inline(__always)
    func packet(_ index: Int) -> UnsafeMutablePointer<UInt8> { memory + Int(offsets[index]) }

    @inline(__always)
    func length(_ index: Int) -> Int { Int(lengths[index]) }
}
