import NIOCore

/// What one receive call on an association's socket produced.
enum ReceiveOutcome {
    /// `count` bytes of a user message landed in the buffer; `endOfMessage` is false while more
    /// fragments of the same message follow.
    case data(count: Int, stream: UInt16, ppid: UInt32, unordered: Bool, endOfMessage: Bool)
    case notification(count: Int, endOfMessage: Bool)
    case wouldBlock
    /// The association ended gracefully (SHUTDOWN exchange finished).
    case endOfFile
    case failed(errno: Int32)
    /// The socket was closed by this side.
    case closed
}

enum SendOutcome {
    case sent
    /// The send buffer is full; wait for a writable event.
    case wouldBlock
    case failed(errno: Int32)
    case closed
}

/// Told by a backend when a socket may be read or written (usrsctp upcalls, the kernel poller).
protocol SocketEventTarget: AnyObject, Sendable {
    func socketEvents(readable: Bool, writable: Bool)
}

/// One association's socket in one backend: non-blocking calls only, thread-safe, and harmless
/// after `close` (calls then report `.closed`).
protocol SocketDriver: AnyObject, Sendable {
    var kind: SCTPBackendKind { get }
    /// Starts delivering events to `target`.
    func activate(target: any SocketEventTarget)
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> ReceiveOutcome
    /// Reads a notification the stack put in `bytes`; nil for kinds VCore does not report.
    func parseNotification(_ bytes: UnsafeRawBufferPointer) -> SCTPNotification?
    func send(_ bytes: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, unordered: Bool) -> SendOutcome
    /// Starts the SHUTDOWN exchange after queued data is acknowledged; returns errno on failure.
    func shutdownWrite() -> Int32?
    /// Closes the socket: with `abort` an ABORT chunk goes out, else a graceful SHUTDOWN if needed.
    func close(abort: Bool)
    /// Level-triggered backends (the kernel poller) stop watching for input while the
    /// application's buffer is full; usrsctp's upcalls need no such help.
    func setReadInterest(_ wanted: Bool)
    /// Asks for one writable event (a sender waits for buffer space).
    func armWritable()
    func remoteAddresses() -> [SocketAddress]
    func localAddresses() -> [SocketAddress]
}

/// A socket that connects (the client side of an association).
protocol ConnectingDriver: SocketDriver {
    /// Starts the INIT exchange; returns errno when it cannot even start.
    func connect(to remote: [SocketAddress]) -> Int32?
}

enum AcceptOutcome {
    case accepted(any SocketDriver)
    case wouldBlock
    case failed(errno: Int32)
    case closed
}

/// A listening socket in one backend.
protocol ListeningDriver: AnyObject, Sendable {
    func activate(target: any SocketEventTarget)
    func accept() -> AcceptOutcome
    func setReadInterest(_ wanted: Bool)
    func close()
    func localAddresses() -> [SocketAddress]
}

/// A backend creates sockets; everything above it (association state, buffering, the async API)
/// is shared.
protocol TransportBackend: Sendable {
    var kind: SCTPBackendKind { get }
    func listeningSocket(on addresses: [SocketAddress], configuration: SCTPConfiguration) throws(SCTPError) -> any ListeningDriver
    func connectingSocket(from local: [SocketAddress], family: Int32, configuration: SCTPConfiguration) throws(SCTPError) -> any ConnectingDriver
}
