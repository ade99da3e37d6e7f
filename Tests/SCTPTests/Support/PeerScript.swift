import Foundation

/// What a peer process does. The namespace tests run every SCTP endpoint in its own process inside
/// its own network namespace (usrsctp is one stack per process, and in raw mode one per
/// namespace): the test binary starts itself again through `ip netns exec`, with this script as
/// JSON in `VCORE_SCTP_PEER`, filtered to `PeerProcessEntry`.
///
/// The peer reports on standard output in lines starting "@@ " (everything else there is
/// swift-testing's or the log's) and takes commands on standard input; when standard input
/// closes (the test ended or died) it exits.
struct PeerScript: Codable, Sendable {
    enum Role: String, Codable, Sendable {
        /// Listens and echoes every message back on its stream with its PPID, checking order.
        case server
        /// Connects, sends `messages` and checks their echoes, then does `after`.
        case client
    }

    var role: Role
    var backend: String
    var udpPort: UInt16 = 9899
    /// Server: the address(es) to listen on. Client: the server's address(es). Comma-separated.
    var address: String
    var port: Int = 36412
    var localAddress: String?
    var localPort: Int?
    var messages = 0
    var streams: UInt16 = 4
    /// Message size; nil sends the 24-byte S1AP test message.
    var messageSize: Int?
    var connectTimeoutMilliseconds = 5000
    var sendBufferLimit: Int?
    var receiveBufferLimit: Int?
    /// Client, after the first exchange: "shutdown", "abort" or "hold" (wait for commands:
    /// "exchange N", "shutdown", "abort").
    var after = "shutdown"
    /// Server: read nothing until the command "go" (to make senders wait on full buffers).
    var readGate = false

    static let environmentKey = "VCORE_SCTP_PEER"

    static let current: PeerScript? = {
        guard let json = ProcessInfo.processInfo.environment[environmentKey] else { return nil }
        return try? JSONDecoder().decode(PeerScript.self, from: Data(json.utf8))
    }()

    func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}
