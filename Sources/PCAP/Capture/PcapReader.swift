import CLibpcap
import NIOCore

/// Reads a pcap or pcapng file through libpcap, one frame at a time.
///
/// Frames are numbered from 1 in file order, as tshark numbers them. Timestamps are read with
/// nanosecond precision whatever the file's own precision. Not `Sendable`: the libpcap handle is
/// used by one owner and closed when the reader goes away.
public final class PcapReader {
    public let path: String
    /// The link type of the file (of its first interface, for pcapng).
    public let linkType: LinkType
    private let handle: OpaquePointer
    private var framesRead = 0

    public init(path: String) throws(PcapError) {
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO),
                                                                   &message) else {
            throw PcapError(.cannotOpen, path: path, message: Self.string(message))
        }
        self.path = path
        self.handle = handle
        self.linkType = LinkType(rawValue: UInt32(bitPattern: pcap_datalink(handle)))
    }

    deinit { pcap_close(handle) }

    /// The next frame, or nil at the end of the file.
    public func next() throws(PcapError) -> Frame? {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            guard let header, let data else { return nil }
            framesRead += 1
            let record = header.pointee
            let bytes = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: Int(record.caplen)))
            let time = CaptureTimestamp(seconds: Int64(record.ts.tv_sec),
                                        nanoseconds: UInt32(truncatingIfNeeded: record.ts.tv_usec))
            return Frame(number: framesRead, timestamp: time, linkType: linkType, bytes: bytes,
                         originalLength: Int(record.len))
        case PCAP_ERROR_BREAK:
            return nil
        default:
            throw PcapError(.cannotRead(afterFrame: framesRead), path: path, message: String(cString: pcap_geterr(handle)))
        }
    }

    /// Every frame of the file at path.
    public static func readAll(path: String) throws(PcapError) -> [Frame] {
        let reader = try PcapReader(path: path)
        var frames: [Frame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

@available(*, unavailable, message: "a PcapReader owns a libpcap handle; use it from one place")
extension PcapReader: Sendable {}
