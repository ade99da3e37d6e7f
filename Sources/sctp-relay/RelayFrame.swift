import NIOCore

/// The relay's framing on the TCP side, one SCTP message per frame (all integers big-endian):
///
///     length: UInt32   octets of payload that follow the 10-octet header
///     stream: UInt16   SCTP stream identifier
///     ppid:   UInt32   SCTP payload protocol identifier (18 for S1AP)
///     payload: length octets
///
/// The same frame travels both ways: a client writes one to have it sent on the association and
/// reads one for each message the association delivers.
struct RelayFrame: Equatable, Sendable {
    static let headerLength = 10
    /// Larger frames are refused: no SCTP user message this relay carries comes near it.
    static let maximumPayload = 1 << 20

    var stream: UInt16
    var ppid: UInt32
    var payload: ByteBuffer

    enum DecodeError: Error, CustomStringConvertible {
        case tooLarge(Int)
        var description: String {
            switch self {
            case .tooLarge(let length): "frame of \(length) octets exceeds \(RelayFrame.maximumPayload)"
            }
        }
    }

    /// Takes one whole frame off the front of `buffer`; nil when it holds only part of one.
    static func take(from buffer: inout ByteBuffer) throws(DecodeError) -> RelayFrame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length <= maximumPayload else { throw .tooLarge(Int(length)) }
        guard buffer.readableBytes >= headerLength + Int(length),
              let stream = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt16.self),
              let ppid = buffer.getInteger(at: buffer.readerIndex + 6, as: UInt32.self),
              let payload = buffer.getSlice(at: buffer.readerIndex + headerLength, length: Int(length)) else { return nil }
        buffer.moveReaderIndex(forwardBy: headerLength + Int(length))
        return RelayFrame(stream: stream, ppid: ppid, payload: payload)
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(payload.readableBytes))
        buffer.writeInteger(stream)
        buffer.writeInteger(ppid)
        buffer.writeImmutableBuffer(payload)
    }
}
