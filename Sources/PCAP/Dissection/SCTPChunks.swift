import NIOCore
import Wire

/// What the dissector needs from one SCTP packet (RFC 9260 section 3): its ports and the chunks
/// that carry or frame user data.
struct SCTPPacketSummary {
    enum Chunk {
        /// DATA (type 0) or I-DATA (type 64).
        case data(SCTPUserDataFragment)
        /// INIT (1) or INIT-ACK (2): the sender's first TSN, which starts its direction afresh.
        case initiation(initialTSN: UInt32)
        case malformed
        /// Any other chunk: control, padding, authentication...
        case other
    }

    var sourcePort: UInt16
    var destinationPort: UInt16
    var chunks: [Chunk]
    /// The chunk walk stopped at a chunk reaching past the packet's end.
    var truncated: Bool
}

/// One DATA or I-DATA chunk, the unit of reassembly.
struct SCTPUserDataFragment {
    var tsn: UInt32
    var stream: UInt16
    /// DATA: the stream sequence number. I-DATA: the message identifier.
    var messageNumber: UInt32
    /// I-DATA only: the fragment sequence number (0 for the first fragment).
    var fragmentNumber: UInt32
    /// DATA: every fragment's. I-DATA: only the first fragment's (0 on the others).
    var ppid: UInt32
    var unordered: Bool
    var beginning: Bool
    var ending: Bool
    var isIData: Bool
    var userData: ByteBuffer
}

enum SCTPChunkParser {
    static let dataChunkHeaderLength = 16
    static let iDataChunkHeaderLength = 20

    /// Walks every chunk of the packet; a chunk's padding may be missing at the very end.
    static func parse(_ packet: ByteBuffer) -> Result<SCTPPacketSummary, DissectionEvent> {
        var bytes = packet
        guard let sourcePort = bytes.readInteger(endianness: .big, as: UInt16.self),
              let destinationPort = bytes.readInteger(endianness: .big, as: UInt16.self),
              bytes.readableBytes >= 8
        else { return .failure(.truncated) }
        bytes.moveReaderIndex(forwardBy: 8) // verification tag, checksum
        var summary = SCTPPacketSummary(sourcePort: sourcePort, destinationPort: destinationPort, chunks: [],
                                        truncated: false)
        while bytes.readableBytes >= 4 {
            guard let type = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self),
                  let flags = bytes.getInteger(at: bytes.readerIndex + 1, as: UInt8.self),
                  let length = bytes.getInteger(at: bytes.readerIndex + 2, endianness: .big, as: UInt16.self)
            else { break }
            guard length >= 4 else {
                // A length below the header's own cannot be stepped over: the rest is unreadable.
                summary.chunks.append(.malformed)
                return .success(summary)
            }
            guard let chunk = bytes.readSlice(length: Int(length)) else {
                summary.truncated = true
                return .success(summary)
            }
            bytes.moveReaderIndex(forwardBy: min((4 - Int(length) % 4) % 4, bytes.readableBytes))
            summary.chunks.append(parseChunk(type: type, flags: flags, chunk))
        }
        return .success(summary)
    }

    private static func parseChunk(type: UInt8, flags: UInt8, _ chunk: ByteBuffer) -> SCTPPacketSummary.Chunk {
        var reader = WireReader(chunk)
        switch type {
        case 0:
            guard chunk.readableBytes > dataChunkHeaderLength,
                  let _ = try? reader.u32("chunk header"),
                  let tsn = try? reader.u32("TSN"),
                  let stream = try? reader.u16("stream identifier"),
                  let ssn = try? reader.u16("stream sequence number"),
                  let ppid = try? reader.u32("PPID")
            else { return .malformed }
            return .data(SCTPUserDataFragment(tsn: tsn, stream: stream, messageNumber: UInt32(ssn), fragmentNumber: 0,
                                              ppid: ppid, unordered: flags & 0x04 != 0, beginning: flags & 0x02 != 0,
                                              ending: flags & 0x01 != 0, isIData: false, userData: reader.rest()))
        case 64:
            guard chunk.readableBytes > iDataChunkHeaderLength,
                  let _ = try? reader.u32("chunk header"),
                  let tsn = try? reader.u32("TSN"),
                  let stream = try? reader.u16("stream identifier"),
                  let _ = try? reader.u16("reserved"),
                  let mid = try? reader.u32("message identifier"),
                  let ppidOrFSN = try? reader.u32("PPID or FSN")
            else { return .malformed }
            let beginning = flags & 0x02 != 0
            return .data(SCTPUserDataFragment(tsn: tsn, stream: stream, messageNumber: mid,
                                              fragmentNumber: beginning ? 0 : ppidOrFSN, ppid: beginning ? ppidOrFSN : 0,
                                              unordered: flags & 0x04 != 0, beginning: beginning,
                                              ending: flags & 0x01 != 0, isIData: true, userData: reader.rest()))
        case 1, 2:
            // Chunk header, Initiate Tag, a_rwnd, streams, then the Initial TSN.
            guard let initialTSN = chunk.getInteger(at: chunk.readerIndex + 16, endianness: .big, as: UInt32.self)
            else { return .malformed }
            return .initiation(initialTSN: initialTSN)
        default:
            return .other
        }
    }
}
