import NIOCore

/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of the data
/// taken as big-endian 16-bit words, used by IPv4, UDP, TCP and ICMP.
///
/// An accumulator rather than a single function because UDP, TCP and ICMPv6 sum a pseudo-header
/// that is never written next to the data. Pieces of odd length are allowed anywhere: the byte
/// left over is paired with the first byte of the next piece, exactly as if they were contiguous.
public struct InternetChecksum: Sendable {
    /// Sum of 16-bit words with carries kept in the high bits; folded only when read.
    private var sum: UInt64 = 0
    /// The high half of a word whose low half has not been added yet.
    private var pendingHighByte: UInt8?

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        if let high = pendingHighByte, !bytes.isEmpty {
            sum &+= UInt64(high) << 8 | UInt64(bytes[0])
            pendingHighByte = nil
            index = 1
        }
        while index + 1 < bytes.count {
            sum &+= UInt64(bytes[index]) << 8 | UInt64(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { pendingHighByte = bytes[index] }
    }

    /// Adds the readable bytes of `buffer`.
    public mutating func add(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { add($0) }
    }

    public mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add($0) }
    }

    public mutating func add(_ value: UInt16) {
        add([UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    public mutating func add(_ value: UInt32) {
        add(UInt16(truncatingIfNeeded: value >> 16))
        add(UInt16(truncatingIfNeeded: value))
    }

    /// Adds the pseudo-header that UDP, TCP and ICMPv6 cover: RFC 768/793 for IPv4 (addresses,
    /// zero, protocol, 16-bit length), RFC 8200 8.1 for IPv6 (addresses, 32-bit length, next header).
    /// Both reduce to the same word sum, so one function serves both families.
    public mutating func addPseudoHeader(source: IPAddress, destination: IPAddress, protocol number: IPProtocol,
                                         length: Int) {
        var addresses = ByteBuffer()
        source.encode(into: &addresses)
        destination.encode(into: &addresses)
        add(addresses)
        add(UInt32(truncatingIfNeeded: length))
        add(UInt16(number.rawValue))
    }

    /// The ones' complement sum, folded to 16 bits (without the final complement).
    public var foldedSum: UInt16 {
        var folded = sum
        if let high = pendingHighByte { folded &+= UInt64(high) << 8 }
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        return UInt16(folded)
    }

    /// The value to put in a checksum field.
    public var value: UInt16 { ~foldedSum }

    /// The checksum of `buffer`'s readable bytes.
    public static func compute(_ buffer: ByteBuffer) -> UInt16 {
        var checksum = InternetChecksum()
        checksum.add(buffer)
        return checksum.value
    }

    /// True when data that includes its own checksum field sums to all ones, i.e. verifies.
    public static func verifies(_ buffer: ByteBuffer) -> Bool {
        var checksum = InternetChecksum()
        checksum.add(buffer)
        return checksum.foldedSum == 0xFFFF
    }
}
