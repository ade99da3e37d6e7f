/// NAS COUNT (TS 24.301 4.4.3.1): a 16-bit overflow counter and the 8-bit sequence number that
/// travels in each protected message. Each direction keeps its own; the algorithms take it as a
/// 32-bit COUNT with eight zero bits on top (TS 33.401 annex B).
public struct NASCount: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 24-bit value: overflow in bits 23-8, sequence number in bits 7-0.
    public private(set) var value: UInt32

    public init(overflow: UInt16 = 0, sequenceNumber: UInt8 = 0) {
        value = UInt32(overflow) << 8 | UInt32(sequenceNumber)
    }

    public init(value: UInt32) { self.value = value & 0x00FF_FFFF }

    public var overflow: UInt16 { UInt16(truncatingIfNeeded: value >> 8) }
    public var sequenceNumber: UInt8 { UInt8(truncatingIfNeeded: value) }
    /// The five low bits, as SERVICE REQUEST carries them.
    public var shortSequenceNumber: UInt8 { sequenceNumber & 0x1F }

    /// The COUNT input of EIA/EEA: 0x00 || NAS COUNT.
    public var algorithmInput: UInt32 { value }

    /// The count of the next message sent; wraps after 2^24 (the context must be renewed before).
    public mutating func increment() { value = (value &+ 1) & 0x00FF_FFFF }

    /// The count a received message was sent with, given its sequence number, when `self` is the
    /// count of the last message accepted in that direction: a sequence number lower than that
    /// one's means the sender's overflow counter went up by one.
    public func estimate(receivedSequenceNumber: UInt8) -> NASCount {
        let overflow = receivedSequenceNumber < sequenceNumber ? self.overflow &+ 1 : self.overflow
        return NASCount(overflow: overflow, sequenceNumber: receivedSequenceNumber)
    }

    /// The same for SERVICE REQUEST, which carries only the five low bits of the sequence number.
    public func estimate(shortSequenceNumber: UInt8) -> NASCount {
        var candidate = value & ~0x1F | UInt32(shortSequenceNumber & 0x1F)
        if candidate < value { candidate &+= 0x20 }
        return NASCount(value: candidate)
    }

    public static func < (lhs: NASCount, rhs: NASCount) -> Bool { lhs.value < rhs.value }

    public var description: String { "NAS COUNT \(overflow).\(sequenceNumber)" }
}
