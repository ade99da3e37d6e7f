import NIOCore

/// When a frame was captured: seconds and nanoseconds since the Unix epoch (UTC).
public struct CaptureTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    /// 0 ..< 1_000_000_000.
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32 = 0) {
        self.seconds = seconds &+ Int64(nanoseconds / 1_000_000_000)
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// This time moved forward (or back, if negative) by `nanoseconds`.
    public func adding(nanoseconds delta: Int64) -> CaptureTimestamp {
        let total = Int64(nanoseconds) &+ delta
        let carry = total >= 0 ? total / 1_000_000_000 : (total &- 999_999_999) / 1_000_000_000
        return CaptureTimestamp(seconds: seconds &+ carry,
                                nanoseconds: UInt32(truncatingIfNeeded: total &- carry &* 1_000_000_000))
    }

    public var secondsSince1970: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// "1700000000.000123456", the way tshark prints frame.time_epoch.
    public var description: String {
        let fraction = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }
}

/// One record of a capture file.
public struct Frame: Sendable {
    /// 1-based position in the file: the number tshark shows as frame.number.
    public var number: Int
    public var timestamp: CaptureTimestamp
    public var linkType: LinkType
    /// The captured bytes, starting with the link-layer header.
    public var bytes: ByteBuffer
    /// The frame's length on the wire; more than `bytes` holds when the capture's snap length cut it.
    public var originalLength: Int

    public init(number: Int, timestamp: CaptureTimestamp, linkType: LinkType, bytes: ByteBuffer,
                originalLength: Int? = nil) {
        self.number = number
        self.timestamp = timestamp
        self.linkType = linkType
        self.bytes = bytes
        self.originalLength = originalLength ?? bytes.readableBytes
    }

    public var isCutShort: Bool { originalLength > bytes.readableBytes }
}
