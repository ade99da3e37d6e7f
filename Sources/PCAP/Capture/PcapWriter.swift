#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Writes a classic pcap file (microsecond timestamps, little-endian), the format every tool
/// reads. Pure Swift: a global header, then a record header and the bytes of each frame.
public final class PcapWriter {
    public let path: String
    public let linkType: LinkType
    public let snapLength: Int
    private var file: UnsafeMutablePointer<FILE>?

    public init(path: String, linkType: LinkType = .ethernet, snapLength: Int = 262_144) throws(PcapError) {
        guard let file = fopen(path, "wb") else {
            throw PcapError(.cannotWrite, path: path, message: String(cString: strerror(errno)))
        }
        self.path = path
        self.linkType = linkType
        self.snapLength = snapLength
        self.file = file
        var header = ByteBuffer()
        header.writeInteger(UInt32(0xA1B2_C3D4), endianness: .little)
        header.writeInteger(UInt16(2), endianness: .little) // version 2.4
        header.writeInteger(UInt16(4), endianness: .little)
        header.writeInteger(Int32(0), endianness: .little) // GMT offset, always 0
        header.writeInteger(UInt32(0), endianness: .little) // timestamp accuracy, always 0
        header.writeInteger(UInt32(truncatingIfNeeded: snapLength), endianness: .little)
        header.writeInteger(linkType.rawValue, endianness: .little)
        try put(header)
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Appends one frame; bytes beyond the snap length are cut, and `originalLength` (default: the
    /// frame's own length) records what was on the wire.
    public func write(_ bytes: ByteBuffer, timestamp: CaptureTimestamp, originalLength: Int? = nil) throws(PcapError) {
        let captured = min(bytes.readableBytes, snapLength)
        var record = ByteBuffer()
        record.reserveCapacity(16 + captured)
        record.writeInteger(UInt32(truncatingIfNeeded: timestamp.seconds), endianness: .little)
        record.writeInteger(timestamp.nanoseconds / 1000, endianness: .little)
        record.writeInteger(UInt32(truncatingIfNeeded: captured), endianness: .little)
        record.writeInteger(UInt32(truncatingIfNeeded: max(originalLength ?? bytes.readableBytes, captured)),
                            endianness: .little)
        record.writeImmutableBuffer(bytes.getSlice(at: bytes.readerIndex, length: captured) ?? ByteBuffer())
        try put(record)
    }

    /// Flushes and closes the file; later writes fail. Safe to call twice.
    public func close() throws(PcapError) {
        guard let file else { return }
        self.file = nil
        if fclose(file) != 0 {
            throw PcapError(.cannotWrite, path: path, message: String(cString: strerror(errno)))
        }
    }

    private func put(_ buffer: ByteBuffer) throws(PcapError) {
        guard let file else { throw PcapError(.cannotWrite, path: path, message: "already closed") }
        let written = buffer.withUnsafeReadableBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != buffer.readableBytes {
            throw PcapError(.cannotWrite, path: path, message: String(cString: strerror(errno)))
        }
    }
}

@available(*, unavailable, message: "a PcapWriter owns an open file; use it from one place")
extension PcapWriter: Sendable {}
