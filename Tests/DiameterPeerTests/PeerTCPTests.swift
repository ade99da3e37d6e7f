import Diameter
import NIOCore
import NIOPosix
import Synchronization
import Testing
import Wire
@testable import DiameterPeer

/// Answers PUR with success, after `delay` when the User-Name says "slow".
struct EchoHandler: DiameterRequestHandler {
    let identity: DiameterNodeIdentity

    func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        guard request.commandCode == DiameterCommand.purgeUE.code else { throw .commandUnsupported }
        if request[.userName]?.value.text == "slow" { try? await Task.sleep(for: .seconds(2)) }
        var answer = DiameterMessage.answer(to: request, from: identity)
        answer.append(AVP(.puaFlags, unsigned32: 1))
        return answer
    }
}

/// Answers like `EchoHandler`, and once each answer is written, counts it and sends the peer
/// `raw.test` a Cancel Location Request: the way a PGW answers a RAR, then sends the Delete Bearer
/// Request it leads to.
struct AnswerFirstHandler: DiameterRequestHandler {
    final class Log: Sendable {
        let node = Mutex<DiameterNode?>(nil)
        let afterAnswers = Mutex(0)
    }

    let identity: DiameterNodeIdentity
    let log: Log

    func handle(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        try await EchoHandler(identity: identity).handle(request, from: peer)
    }

    func respond(to request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterResponse {
        let log = self.log, identity = self.identity
        return DiameterResponse(try await handle(request, from: peer)) {
            log.afterAnswers.withLock { $0 += 1 }
            guard let node = log.node.withLock({ $0 }) else { return }
            let clr = DiameterMessage.request(.cancelLocation, sessionID: "hss.test;1", from: identity, destinationRealm: "test",
                                              destinationHost: "raw.test", avps: [AVP(.userName, "001010000000001")])
            Task { _ = try? await node.request(clr) }
        }
    }
}

/// Two Diameter nodes over TCP on 127.0.0.1.
@Suite(.serialized) struct PeerTCPTests {
    static let server = DiameterNodeIdentity(originHost: "hss.test", originRealm: "test", originStateID: 1, applications: [.s6a])
    static let client = DiameterNodeIdentity(originHost: "mme.test", originRealm: "test", originStateID: 2, applications: [.s6a])
    static let fast = DiameterPeerSettings(watchdogInterval: .milliseconds(300), watchdogJitter: .zero,
                                           requestTimeout: .milliseconds(500), timerResolution: .milliseconds(20),
                                           reconnectMinimumDelay: .milliseconds(50))

    static func pair() async throws -> (server: DiameterNode, client: DiameterNode, connection: DiameterConnection, port: Int) {
        let serverNode = DiameterNode(identity: server, settings: fast, handler: EchoHandler(identity: server))
        let address = try await serverNode.listen(host: "127.0.0.1", port: 0)
        let clientNode = DiameterNode(identity: client, settings: fast)
        let connection = try await clientNode.connect(host: "127.0.0.1", port: address.port!)
        let opened = await clientNode.waitForPeer("hss.test", timeout: .seconds(10))
        #expect(opened != nil)
        return (serverNode, clientNode, connection, address.port!)
    }

    static func pur(_ user: String = "001010000000001") -> DiameterMessage {
        DiameterMessage.request(.purgeUE, sessionID: "mme.test;1;\(user)", from: client, destinationRealm: "test",
                                avps: [AVP(.userName, user)])
    }

    @Test func capabilitiesExchangeRequestAnswerAndDisconnect() async throws {
        let (serverNode, clientNode, connection, _) = try await Self.pair()
        #expect(connection.capabilities?.originHost == "hss.test")
        #expect(await serverNode.waitForPeer("mme.test", timeout: .seconds(10)) != nil)

        let answer = try await clientNode.request(Self.pur())
        #expect(answer.resultCode == 2001 && answer[.puaFlags]?.value.unsigned32 == 1)
        #expect(answer.sessionID == "mme.test;1;001010000000001")

        // The server does not know this command: 3001 with the E bit.
        let unsupported = DiameterMessage.request(.notify, sessionID: "s", from: Self.client, destinationRealm: "test",
                                                  avps: [AVP(.userName, "001010000000001")])
        let refusal = try await clientNode.request(unsupported)
        #expect(refusal.resultCode == 3001 && refusal.header.flags.contains(.error))

        await connection.disconnect(cause: .rebooting)
        #expect(await connection.closeReason == .disconnectedLocally(.rebooting))
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    @Test func watchdogKeepsAnIdleConnectionOpen() async throws {
        let (serverNode, clientNode, connection, _) = try await Self.pair()
        // Several watchdog intervals with no traffic: DWRs flow and are answered, the link stays up.
        try await Task.sleep(for: .milliseconds(1500))
        #expect(connection.isOpen)
        let answer = try await connection.request(Self.pur())
        #expect(answer.resultCode == 2001)
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    @Test func slowAnswersTimeOut() async throws {
        let (serverNode, clientNode, connection, _) = try await Self.pair()
        await #expect(throws: DiameterRequestError.timedOut) {
            _ = try await connection.request(Self.pur("slow"))
        }
        // The connection still serves the next request.
        #expect(try await connection.request(Self.pur()).resultCode == 2001)
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    @Test func linkReconnectsAfterThePeerGoesAway() async throws {
        let serverNode = DiameterNode(identity: Self.server, settings: Self.fast, handler: EchoHandler(identity: Self.server))
        let port = try await serverNode.listen(host: "127.0.0.1", port: 0).port!
        let clientNode = DiameterNode(identity: Self.client, settings: Self.fast)
        let link = clientNode.link(host: "127.0.0.1", port: port)
        #expect(await link.waitUntilOpen(timeout: .seconds(10)))
        try await Self.abortAndExpectReconnection(link)
        #expect(try await link.request(Self.pur()).resultCode == 2001)
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    /// Aborts the link's connection; the link notices, waits its back-off and connects again.
    static func abortAndExpectReconnection(_ link: DiameterPeerLink) async throws {
        let first = try #require(link.connection)
        await first.abort()
        #expect(first.isClosed)
        var reopened = false
        for _ in 0..<500 {
            if let current = link.connection, current !== first { reopened = true; break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(reopened)
    }

    /// What a handler does after its answer (`DiameterResponse.afterAnswer`) runs once the answer
    /// is written: a request it sends reaches the peer after the answer. It runs too when the
    /// connection closed before the answer could be written.
    @Test func workAfterAnAnswerFollowsTheAnswerOnTheWire() async throws {
        let log = AnswerFirstHandler.Log()
        let serverNode = DiameterNode(identity: Self.server, settings: Self.fast, handler: AnswerFirstHandler(identity: Self.server, log: log))
        log.node.withLock { $0 = serverNode }
        let port = try await serverNode.listen(host: "127.0.0.1", port: 0).port!
        let raw = try await RawDiameterClient.connect(port: port)
        let identity = DiameterNodeIdentity(originHost: "raw.test", originRealm: "test", originStateID: 3, applications: [.s6a])
        #expect(try await raw.exchange(CapabilitiesExchange.request(identity, localAddress: nil, hopByHop: 1, endToEnd: 1).encoded()).resultCode == 2001)

        var pur = Self.pur().encoded()
        pur.setInteger(UInt32(2), at: pur.readerIndex + 12)  // hop-by-hop 2
        let first = try await raw.exchange(pur)
        #expect(!first.isRequest && first.commandCode == DiameterCommand.purgeUE.code && first.resultCode == 2001)
        let second = try await raw.receive()
        #expect(second.isRequest && second.commandCode == DiameterCommand.cancelLocation.code)
        #expect(log.afterAnswers.withLock { $0 } == 1)

        // The peer goes before a slow answer is ready: nothing is written, the work still runs.
        var slow = Self.pur("slow").encoded()
        slow.setInteger(UInt32(3), at: slow.readerIndex + 12)
        try await raw.send(slow)
        try await raw.close()
        var runs = 1
        for _ in 0..<200 where runs == 1 {
            try await Task.sleep(for: .milliseconds(20))
            runs = log.afterAnswers.withLock { $0 }
        }
        #expect(runs == 2)
        await serverNode.shutdown()
    }

    @Test func malformedInputGetsAnErrorAnswerAndOthersAreStillServed() async throws {
        let (serverNode, clientNode, _, port) = try await Self.pair()
        let raw = try await RawDiameterClient.connect(port: port)
        let cea = try await raw.exchange(CapabilitiesExchange.request(
            DiameterNodeIdentity(originHost: "raw.test", originRealm: "test", originStateID: 3, applications: [.s6a]),
            localAddress: nil, hopByHop: 1, endToEnd: 1).encoded())
        #expect(cea.resultCode == 2001)

        // A PUR whose last AVP claims a length its type cannot have.
        var bytes = Self.pur().encoded()
        bytes.setInteger(UInt32(1), at: bytes.readerIndex + 12)      // hop-by-hop 1
        var broken = ByteBuffer()
        broken.writeInteger(AVPDefinition.originStateId.code)
        broken.writeInteger(UInt32(0x4000_000A))
        broken.writeBytes([9, 9, 0, 0])
        bytes.writeBuffer(&broken)
        bytes.setInteger(UInt32(0x0100_0000) | UInt32(bytes.readableBytes), at: bytes.readerIndex)
        let answer = try await raw.exchange(bytes)
        #expect(answer.resultCode == 5014)
        #expect(answer[.failedAVP] != nil)

        // The well-behaved client is served throughout.
        #expect(try await clientNode.request(Self.pur()).resultCode == 2001)
        // A length that cannot frame ends only that connection.
        try await raw.send(ByteBuffer(bytes: [1, 0, 0, 7, 0x80, 0, 1, 0x41]))
        #expect(try await clientNode.request(Self.pur()).resultCode == 2001)
        try? await raw.close()
        await clientNode.shutdown()
        await serverNode.shutdown()
    }
}

/// A bare TCP client that writes bytes and reads whole Diameter messages: for input no
/// well-behaved node would send. Used from one task.
final class RawDiameterClient {
    let channel: any Channel
    var frames: AsyncStream<ByteBuffer>.AsyncIterator

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<ByteBuffer>.Continuation
        init(_ continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
    }

    init(channel: any Channel, frames: AsyncStream<ByteBuffer>) {
        self.channel = channel
        self.frames = frames.makeAsyncIterator()
    }

    static func connect(port: Int) async throws -> RawDiameterClient {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DiameterFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawDiameterClient(channel: channel, frames: stream)
    }

    func send(_ bytes: ByteBuffer) async throws {
        try await channel.writeAndFlush(bytes)
    }

    /// Sends `bytes` and returns the next message that is not a watchdog request.
    func exchange(_ bytes: ByteBuffer) async throws -> DiameterMessage {
        try await send(bytes)
        return try await receive()
    }

    /// The next message that is not a watchdog request.
    func receive() async throws -> DiameterMessage {
        while let frame = await frames.next() {
            let message = try DiameterMessage.decode(frame)
            if message.commandCode == DiameterCommand.deviceWatchdog.code { continue }
            return message
        }
        throw DiameterRequestError.connectionClosed
    }

    func close() async throws { try await channel.close() }
}
