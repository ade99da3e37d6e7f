import NIOCore

/// A DATA chunk (RFC 9260 3.3.1): one fragment, or the whole, of a user message.
public struct SCTPDataChunk: Hashable, Sendable {
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var streamSequenceNumber: UInt16
    public var payloadProtocolIdentifier: UInt32
    /// U bit: the message may be delivered out of order.
    public var unordered: Bool
    /// B bit: first fragment of the message.
    public var beginning: Bool
    /// E bit: last fragment of the message.
    public var ending: Bool
    /// I bit (RFC 7053): the receiver should acknowledge immediately.
    public var immediate: Bool
    public var userData: ByteBuffer

    public init(tsn: UInt32, streamIdentifier: UInt16, streamSequenceNumber: UInt16, payloadProtocolIdentifier: UInt32,
                userData: ByteBuffer, unordered: Bool = false, beginning: Bool = true, ending: Bool = true,
                immediate: Bool = false) {
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.streamSequenceNumber = streamSequenceNumber
        self.payloadProtocolIdentifier = payloadProtocolIdentifier
        self.userData = userData
        self.unordered = unordered
        self.beginning = beginning
        self.ending = ending
        self.immediate = immediate
    }

    var flags: UInt8 {
        (immediate ? 0x08 : 0) | (unordered ? 0x04 : 0) | (beginning ? 0x02 : 0) | (ending ? 0x01 : 0)
    }
}

/// An I-DATA chunk (RFC 8260 2.1): fragments are numbered within their message (FSN) instead of
/// taking consecutive TSNs, so messages of different streams may interleave.
public struct SCTPIDataChunk: Hashable, Sendable {
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var messageIdentifier: UInt32
    /// Carried only by the first fragment (B bit); later fragments carry their FSN instead.
    public var payloadProtocolIdentifier: UInt32
    /// Fragment sequence number; the first fragment's is 0 by definition.
    public var fragmentSequenceNumber: UInt32
    public var unordered: Bool
    public var beginning: Bool
    public var ending: Bool
    public var userData: ByteBuffer

    public init(tsn: UInt32, streamIdentifier: UInt16, messageIdentifier: UInt32, payloadProtocolIdentifier: UInt32,
                fragmentSequenceNumber: UInt32 = 0, userData: ByteBuffer, unordered: Bool = false,
                beginning: Bool = true, ending: Bool = true) {
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.messageIdentifier = messageIdentifier
        self.payloadProtocolIdentifier = payloadProtocolIdentifier
        self.fragmentSequenceNumber = fragmentSequenceNumber
        self.userData = userData
        self.unordered = unordered
        self.beginning = beginning
        self.ending = ending
    }
}

/// The fixed part of INIT and INIT-ACK (RFC 9260 3.3.2, 3.3.3).
public struct SCTPInitiation: Hashable, Sendable {
    public var initiateTag: UInt32
    public var advertisedReceiverWindow: UInt32
    public var outboundStreams: UInt16
    public var inboundStreams: UInt16
    public var initialTSN: UInt32

    public init(initiateTag: UInt32, advertisedReceiverWindow: UInt32 = 106_496, outboundStreams: UInt16 = 10,
                inboundStreams: UInt16 = 10, initialTSN: UInt32) {
        self.initiateTag = initiateTag
        self.advertisedReceiverWindow = advertisedReceiverWindow
        self.outboundStreams = outboundStreams
        self.inboundStreams = inboundStreams
        self.initialTSN = initialTSN
    }
}

/// A gap ack block of a SACK, as offsets from the cumulative TSN ack.
public struct SCTPGapBlock: Hashable, Sendable {
    public var start: UInt16
    public var end: UInt16
    public init(start: UInt16, end: UInt16) {
        self.start = start
        self.end = end
    }
}

/// The chunks VCore builds: enough for a plausible association in generated captures and tests.
public enum SCTPChunk: Hashable, Sendable {
    case data(SCTPDataChunk)
    case iData(SCTPIDataChunk)
    case initiation(SCTPInitiation)
    case initiationAcknowledgement(SCTPInitiation, stateCookie: ByteBuffer)
    case selectiveAcknowledgement(cumulativeTSN: UInt32, advertisedReceiverWindow: UInt32,
                                  gapBlocks: [SCTPGapBlock] = [], duplicateTSNs: [UInt32] = [])
    case heartbeat(information: ByteBuffer)
    case heartbeatAcknowledgement(information: ByteBuffer)
    case abort
    case shutdown(cumulativeTSN: UInt32)
    case shutdownAcknowledgement
    case cookieEcho(ByteBuffer)
    case cookieAcknowledgement
    case shutdownComplete

    /// The chunk type code (RFC 9260 3.2, RFC 8260).
    public var type: UInt8 {
        switch self {
        case .data: 0
        case .initiation: 1
        case .initiationAcknowledgement: 2
        case .selectiveAcknowledgement: 3
        case .heartbeat: 4
        case .heartbeatAcknowledgement: 5
        case .abort: 6
        case .shutdown: 7
        case .shutdownAcknowledgement: 8
        case .cookieEcho: 10
        case .cookieAcknowledgement: 11
        case .shutdownComplete: 14
        case .iData: 64
        }
    }

    /// Writes the chunk with its length and the zero padding to a 4-byte boundary.
    public func encode(into buffer: inout ByteBuffer) throws(CodecError) {
        let start = buffer.writerIndex
        buffer.writeU8(type)
        buffer.writeU8(flags)
        let lengthIndex = buffer.reserveLength(width: 2)
        writeValue(into: &buffer)
        guard buffer.writerIndex - start <= 0xFFFF else {
            let length = buffer.writerIndex - start
            buffer.moveWriterIndex(to: start)
            throw CodecError(.invalidLength(length), at: 2, in: "SCTP chunk (65535 bytes at most)")
        }
        buffer.patchLength(at: lengthIndex, width: 2, from: start)
        let unpadded = buffer.writerIndex - start
        buffer.writeRepeatingByte(0, count: (4 - unpadded % 4) % 4)
    }

    private var flags: UInt8 {
        switch self {
        case .data(let data): data.flags
        case .iData(let data): (data.unordered ? 0x04 : 0) | (data.beginning ? 0x02 : 0) | (data.ending ? 0x01 : 0)
        default: 0
        }
    }

    private func writeValue(into buffer: inout ByteBuffer) {
        switch self {
        case .data(let data):
            buffer.writeU32(data.tsn)
            buffer.writeU16(data.streamIdentifier)
            buffer.writeU16(data.streamSequenceNumber)
            buffer.writeU32(data.payloadProtocolIdentifier)
            buffer.writeImmutableBuffer(data.userData)
        case .iData(let data):
            buffer.writeU32(data.tsn)
            buffer.writeU16(data.streamIdentifier)
            buffer.writeU16(0)
            buffer.writeU32(data.messageIdentifier)
            buffer.writeU32(data.beginning ? data.payloadProtocolIdentifier : data.fragmentSequenceNumber)
            buffer.writeImmutableBuffer(data.userData)
        case .initiation(let initiation):
            initiation.encode(into: &buffer)
        case .initiationAcknowledgement(let initiation, let cookie):
            initiation.encode(into: &buffer)
            // State Cookie parameter (type 7). As the last parameter its padding is the chunk's and
            // is not counted in the chunk length (RFC 9260 3.2).
            buffer.writeU16(7)
            buffer.writeU16(UInt16(truncatingIfNeeded: 4 + cookie.readableBytes))
            buffer.writeImmutableBuffer(cookie)
        case .selectiveAcknowledgement(let cumulativeTSN, let window, let gapBlocks, let duplicates):
            buffer.writeU32(cumulativeTSN)
            buffer.writeU32(window)
            buffer.writeU16(UInt16(truncatingIfNeeded: gapBlocks.count))
            buffer.writeU16(UInt16(truncatingIfNeeded: duplicates.count))
            for block in gapBlocks {
                buffer.writeU16(block.start)
                buffer.writeU16(block.end)
            }
            for tsn in duplicates { buffer.writeU32(tsn) }
        case .heartbeat(let information), .heartbeatAcknowledgement(let information):
            // Heartbeat Info parameter (type 1), the only one, so the chunk padding pads it.
            buffer.writeU16(1)
            buffer.writeU16(UInt16(truncatingIfNeeded: 4 + information.readableBytes))
            buffer.writeImmutableBuffer(information)
        case .shutdown(let cumulativeTSN):
            buffer.writeU32(cumulativeTSN)
        case .cookieEcho(let cookie):
            buffer.writeImmutableBuffer(cookie)
        case .abort, .shutdownAcknowledgement, .cookieAcknowledgement, .shutdownComplete:
            break
        }
    }
}

extension SCTPInitiation {
    func encode(into buffer: inout ByteBuffer) {
        buffer.writeU32(initiateTag)
        buffer.writeU32(advertisedReceiverWindow)
        buffer.writeU16(outboundStreams)
        buffer.writeU16(inboundStreams)
        buffer.writeU32(initialTSN)
    }
}
