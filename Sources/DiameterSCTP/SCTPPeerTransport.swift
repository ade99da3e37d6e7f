import Diameter
import DiameterPeer
import Logging
import NIOCore
import SCTP
import Synchronization

/// Diameter over SCTP as RFC 6733 2.1 and 2.1.1 have it: every Diameter message is one SCTP user
/// message with PPID 46 (IANA "Diameter"; 47 is Diameter over DTLS/SCTP), and a node receives on
/// any stream.
public enum DiameterSCTP {
    /// The Payload Protocol Identifier of Diameter without DTLS.
    public static let ppid = SCTPPayloadProtocol.diameter

    /// PPIDs a message may arrive with: 46, and 0 (unspecified) from older peers (freeDiameter
    /// before 1.2 left it 0). 47 would be DTLS records, which this node does not speak.
    public static func accepts(ppid: UInt32) -> Bool { ppid == Self.ppid || ppid == 0 }

    /// The stream a message leaves on. The base protocol (CER/CEA, DWR/DWA, DPR/DPA: application 0)
    /// and messages without Session-Id use stream 0; application messages a stream 1...n-1 chosen
    /// by a hash of their Session-Id. The messages of one session so stay in order (one stream is
    /// ordered), while sessions on different streams do not wait for one another (RFC 6733 2.1.1
    /// asks to use the streams against head-of-line blocking). Our answer goes on the stream our hash
    /// gives its Session-Id, which is the request's stream only when the peer hashes as we do (RFC
    /// 6733 asks no such thing, and any inbound stream is accepted). FNV-1a: the same everywhere.
    public static func stream(for message: DiameterMessage, outboundStreams: UInt16) -> UInt16 {
        guard message.applicationID != 0, outboundStreams > 1, let session = message.sessionID else { return 0 }
        var hash: UInt32 = 2_166_136_261
        for byte in session.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return 1 + UInt16(hash % UInt32(outboundStreams - 1))
    }
}

/// The bytes queued for an association's writer. Reading from the peer waits while more than
/// the limit is queued (the peer does not take our answers, so taking its requests would only
/// grow the queue) and resumes once the writer brought it under half.
final class OutboundQueue: Sendable {
    private struct State {
        var bytes = 0
        var readers: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    var isBelowLimit: Bool { state.withLock { $0.bytes < limit } }

    func queued(_ count: Int) {
        state.withLock { $0.bytes += count }
    }

    func sent(_ count: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.bytes -= count
            guard state.bytes <= limit / 2 else { return [] }
            defer { state.readers.removeAll() }
            return state.readers
        }
        for reader in ready { reader.resume() }
    }

    /// Ends every wait: the association is gone.
    func close() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.readers.removeAll() }
            return state.readers
        }
        for reader in ready { reader.resume() }
    }

    func waitUntilBelowLimit() async {
        await withCheckedContinuation { continuation in
            let go = state.withLock { state in
                if state.closed || state.bytes < limit { return true }
                state.readers.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
    }
}

/// One message for the writer.
struct OutboundMessage: Sendable {
    var bytes: ByteBuffer
    var stream: UInt16
    /// Runs once the association took the message (or refused it).
    var whenWritten: (@Sendable () -> Void)?
}

/// The `PeerTransport` of an SCTP association: writes go to a writer task that sends them in
/// order (an association's `send` may wait for the peer's window, which the event loop must not).
final class SCTPPeerTransport: PeerTransport {
    private let association: SCTPAssociation
    private let outbound: AsyncStream<OutboundMessage>.Continuation
    private let queue: OutboundQueue

    init(association: SCTPAssociation, outbound: AsyncStream<OutboundMessage>.Continuation, queue: OutboundQueue) {
        self.association = association
        self.outbound = outbound
        self.queue = queue
    }

    func write(_ message: DiameterMessage, whenWritten: (@Sendable () -> Void)?) {
        let bytes = message.encoded()
        queue.queued(bytes.readableBytes)
        let stream = DiameterSCTP.stream(for: message, outboundStreams: association.streams?.outbound ?? 1)
        if case .terminated = outbound.yield(OutboundMessage(bytes: bytes, stream: stream, whenWritten: whenWritten)) {
            queue.sent(bytes.readableBytes)
            whenWritten?()
        }
    }

    func flush() {}

    var isWritable: Bool { queue.isBelowLimit }

    /// The writer sends what is queued, then shuts the association down (SHUTDOWN, RFC 9260 9.2).
    func closeAfterQueuedWrites() {
        outbound.finish()
    }
}
