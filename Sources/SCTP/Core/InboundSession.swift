import NIOCore
import Synchronization

/// What one association object sees of its socket: its inbound messages and notifications. A peer
/// restart on a listener's association ends the session and starts a new one on the same socket, so
/// the application sees the restarted peer as a new association.
final class InboundSession: Sendable {
    private static let nextID = Atomic<UInt64>(1)

    let id: UInt64
    let messages: AsyncBoundedQueue<SCTPMessage>
    let notifications: AsyncStream<SCTPNotification>
    private let notificationSink: AsyncStream<SCTPNotification>.Continuation

    /// Notifications kept for an application that reads them late; older ones are dropped first.
    static let notificationBacklog = 64

    init(limit: Int, onRoom: @escaping @Sendable () -> Void) {
        id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        messages = AsyncBoundedQueue(limit: limit, onRoom: onRoom)
        (notifications, notificationSink) = AsyncStream.makeStream(of: SCTPNotification.self,
                                                                   bufferingPolicy: .bufferingNewest(Self.notificationBacklog))
    }

    func notify(_ notification: SCTPNotification) {
        notificationSink.yield(notification)
    }

    /// Ends both sequences: messages after what is buffered, normally or with `error`.
    func finish(_ error: SCTPError?) {
        messages.finish(throwing: error)
        notificationSink.finish()
    }
}

/// Bytes the reader receives into and the message it is reassembling. Only the thread holding the
/// association's `DrainGuard` touches it, which is what makes the unchecked Sendable sound.
final class ReaderScratch: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
    var partial: ByteBuffer?
    var partialIsNotification = false
    let allocator = ByteBufferAllocator()

    init(size: Int) {
        buffer = .allocate(byteCount: size, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }
}
