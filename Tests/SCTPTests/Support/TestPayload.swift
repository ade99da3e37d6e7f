import NIOCore
import SCTP

/// The messages the namespace tests send: real S1AP (PPID 18), so captures decode cleanly in
/// tshark, with a per-stream sequence number inside to check order.
///
/// An S1AP ErrorIndication (TS 36.413 section 9.1.3.x, aligned PER) with two IEs:
/// MME-UE-S1AP-ID = 2^24 + sequence (so it always takes the 4 octets aligned PER gives it) and
/// eNB-UE-S1AP-ID = 2^16 + stream (3 octets). tshark decodes it as
/// "id-ErrorIndication, MME-UE-S1AP-ID: 16777216+n, ENB-UE-S1AP-ID: 65536+s".
///
/// Larger test messages (`size` > 24) are not S1AP: a 0xEE marker, the sequence, the stream and
/// filler; they are used where nothing is captured.
enum TestPayload {
    static let s1apSize = 24

    static func make(sequence: UInt32, stream: UInt16, size: Int? = nil) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let size, size != s1apSize {
            buffer.writeInteger(UInt8(0xEE))
            buffer.writeInteger(sequence)
            buffer.writeInteger(stream)
            buffer.writeRepeatingByte(0x5A, count: max(size - 7, 0))
            return buffer
        }
        buffer.writeBytes([0x00, 0x0F, 0x40, 0x14,  // initiatingMessage, id-ErrorIndication, ignore, 20 bytes
                           0x00, 0x00, 0x02])       // extension bit, 2 IEs
        buffer.writeBytes([0x00, 0x00, 0x40, 0x05, 0xC0])  // id-MME-UE-S1AP-ID, ignore, 5 bytes, 4-octet integer
        buffer.writeInteger(UInt32(1 << 24) &+ sequence)
        buffer.writeBytes([0x00, 0x08, 0x40, 0x04, 0x80])  // id-eNB-UE-S1AP-ID, ignore, 4 bytes, 3-octet integer
        let enbID = UInt32(1 << 16) + UInt32(stream)
        buffer.writeBytes([UInt8(truncatingIfNeeded: enbID >> 16), UInt8(truncatingIfNeeded: enbID >> 8), UInt8(truncatingIfNeeded: enbID)])
        return buffer
    }

    /// The sequence and stream inside a test message, nil for anything else.
    static func read(_ buffer: ByteBuffer) -> (sequence: UInt32, stream: UInt16)? {
        var buffer = buffer
        if buffer.readableBytes == s1apSize, buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0 {
            guard let id = buffer.getInteger(at: buffer.readerIndex + 12, as: UInt32.self),
                  let high = buffer.getInteger(at: buffer.readerIndex + 21, as: UInt8.self),
                  let low = buffer.getInteger(at: buffer.readerIndex + 22, as: UInt16.self) else { return nil }
            let enbID = UInt32(high) << 16 | UInt32(low)
            guard id >= 1 << 24, enbID >= 1 << 16 else { return nil }
            return (id - (1 << 24), UInt16(truncatingIfNeeded: enbID - (1 << 16)))
        }
        guard buffer.readInteger(as: UInt8.self) == 0xEE,
              let sequence = buffer.readInteger(as: UInt32.self),
              let stream = buffer.readInteger(as: UInt16.self) else { return nil }
        return (sequence, stream)
    }
}

/// Checks that messages arrive complete and in order per stream, with PPID 18.
struct OrderChecker {
    private var next: [UInt16: UInt32] = [:]
    private(set) var count = 0
    private(set) var inOrder = true
    private(set) var ppidOK = true
    private(set) var firstProblem: String?

    mutating func check(_ message: SCTPMessage) {
        count += 1
        if message.ppid != SCTPPayloadProtocol.s1ap {
            ppidOK = false
            firstProblem = firstProblem ?? "message \(count) has PPID \(message.ppid)"
        }
        guard let (sequence, stream) = TestPayload.read(message.bytes), stream == message.stream else {
            inOrder = false
            firstProblem = firstProblem ?? "message \(count) is not a test message of stream \(message.stream)"
            return
        }
        let expected = next[stream, default: 0]
        if sequence != expected {
            inOrder = false
            firstProblem = firstProblem ?? "stream \(stream): got \(sequence), expected \(expected)"
        }
        next[stream] = sequence &+ 1
    }

    var summary: String { "inorder=\(inOrder) ppid18=\(ppidOK)" + (firstProblem.map { " problem=\($0)" } ?? "") }
}

/// Numbers each stream's messages from 0, as `OrderChecker` expects.
struct SequenceSource {
    let streams: UInt16
    private var next: [UInt32]
    private var index = 0

    init(streams: UInt16) {
        self.streams = streams
        self.next = Array(repeating: 0, count: Int(streams))
    }

    mutating func take() -> (sequence: UInt32, stream: UInt16) {
        let stream = UInt16(index % Int(streams))
        index += 1
        defer { next[Int(stream)] += 1 }
        return (next[Int(stream)], stream)
    }
}
