import Diameter
import DiameterSCTP
import Logging
import NIOCore
import NIOPosix
@testable import SCTP
import Testing
import Wire
@testable import DiameterPeer

/// The SCTP stacks these tests run on, in this process.
enum SCTPStacks {
    /// usrsctp over UDP (RFC 6951) on 127.0.0.1, on a UDP port free when the stack starts: usrsctp
    /// is one stack per process, so every test here shares it, and both ends of an association
    /// live in it. Nothing leaves the loopback interface.
    static let usrsctp: Result<SCTPTransport, any Error> = Result {
        var configuration = SCTPConfiguration()
        configuration.backend = .usrsctpUDP
        configuration.udpEncapsulationPort = try freeUDPPort()
        return try SCTPTransport(configuration: configuration, logger: Logger(label: "test.sctp"))
    }

    /// The kernel's SCTP, where it has one (tests using it are skipped with the reason otherwise).
    static let kernel: Result<SCTPTransport, any Error> = Result {
        var configuration = SCTPConfiguration()
        configuration.backend = .kernel
        return try SCTPTransport(configuration: configuration, logger: Logger(label: "test.sctp.kernel"))
    }

    static func freeUDPPort() throws -> UInt16 {
        let channel = try DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "0.0.0.0", port: 0).wait()
        defer { try? channel.close().wait() }
        return UInt16(channel.localAddress?.port ?? 0)
    }

    static let loopback = try! SocketAddress(ipAddress: "127.0.0.1", port: 0)
}

/// Diameter between two nodes over SCTP associations, and against a bare association playing a
/// peer that sends what it likes: the same `PeerStateMachine` as TCP, each message one SCTP user
/// message with PPID 46, the base protocol on stream 0.
@Suite(.serialized) struct PeerSCTPTests {
    static let settings = DiameterPeerSettings(watchdogInterval: .milliseconds(300), watchdogJitter: .zero,
                                               requestTimeout: .seconds(5), timerResolution: .milliseconds(20),
                                               reconnectMinimumDelay: .milliseconds(50))

    /// A server node (answering PUR) listening on 127.0.0.1 and its port.
    static func server(on transport: SCTPTransport, settings: DiameterPeerSettings = settings) throws -> (DiameterNode, Int) {
        let node = DiameterNode(identity: PeerTCPTests.server, settings: settings, handler: EchoHandler(identity: PeerTCPTests.server))
        let bound = try node.listen(sctp: transport, on: [SCTPStacks.loopback])
        return (node, try #require(bound.first?.port))
    }

    @Test func capabilitiesExchangeRequestsWatchdogAndDisconnectOverUsrsctp() async throws {
        try await Self.nodeToNode(SCTPStacks.usrsctp.get())
    }

    @Test(.enabled(if: BackendProbe.kernelSCTP().available, Comment(rawValue: BackendProbe.kernelSCTP().reason)))
    func capabilitiesExchangeRequestsWatchdogAndDisconnectOverKernelSCTP() async throws {
        try await Self.nodeToNode(SCTPStacks.kernel.get())
    }

    static func nodeToNode(_ transport: SCTPTransport) async throws {
        let (serverNode, port) = try server(on: transport)
        let clientNode = DiameterNode(identity: PeerTCPTests.client, settings: settings)
        let connection = try await clientNode.connect(sctp: transport, host: "127.0.0.1", port: port)
        #expect(connection.transport == .sctp)
        #expect(await clientNode.waitForPeer("hss.test", timeout: .seconds(10)) != nil)
        #expect(await serverNode.waitForPeer("mme.test", timeout: .seconds(10)) != nil)
        // Host-IP-Address: the server's association addresses (its identity names none).
        #expect(connection.capabilities?.hostIPAddresses == [.ipv4(IPv4Address(127, 0, 0, 1))])

        let answer = try await clientNode.request(PeerTCPTests.pur())
        #expect(answer.resultCode == 2001 && answer[.puaFlags]?.value.unsigned32 == 1)
        #expect(answer.sessionID == "mme.test;1;001010000000001")
        // Several sessions, so several streams, each answered.
        for index in 0..<20 {
            let user = "00101000000\(1000 + index)"
            #expect(try await connection.request(PeerTCPTests.pur(user)).sessionID == "mme.test;1;\(user)")
        }
        let refusal = try await clientNode.request(DiameterMessage.request(.notify, sessionID: "s", from: PeerTCPTests.client,
                                                                           destinationRealm: "test",
                                                                           avps: [AVP(.userName, "001010000000001")]))
        #expect(refusal.resultCode == 3001 && refusal.header.flags.contains(.error))

        // DWR/DWA both ways keep an idle association open through several watchdog intervals;
        // a DWR left unanswered would close it after two (RFC 3539).
        let watched = DiameterNode(identity: DiameterNodeIdentity(originHost: "mme2.test", originRealm: "test", originStateID: 4,
                                                                  applications: [.s6a]), settings: settings)
        let quiet = try await watched.connect(sctp: transport, host: "127.0.0.1", port: port)
        #expect(await watched.waitForPeer("hss.test", timeout: .seconds(10)) != nil)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(quiet.isOpen)
        #expect(await quiet.closeReason == nil)
        await watched.shutdown()

        await connection.disconnect(cause: .rebooting)
        // Closed on the DPA: a DPR with no answer would end in the same reason only after the
        // disconnect timeout (5 s), which `disconnect` would then have waited for.
        #expect(await connection.closeReason == .disconnectedLocally(.rebooting))
        #expect(connection.isClosed)
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    @Test func aBareAssociationSeesPPID46TheBaseProtocolOnStreamZeroAndErrorAnswers() async throws {
        let transport = try SCTPStacks.usrsctp.get()
        let (serverNode, port) = try Self.server(on: transport, settings: DiameterPeerSettings(
            watchdogInterval: .milliseconds(500), watchdogJitter: .zero, timerResolution: .milliseconds(20)))
        let watcher = DiameterNode(identity: PeerTCPTests.client, settings: Self.settings)
        _ = try await watcher.connect(sctp: transport, host: "127.0.0.1", port: port)
        let raw = try await RawSCTPPeer(transport.connect(host: "127.0.0.1", port: port))
        let identity = DiameterNodeIdentity(originHost: "raw.test", originRealm: "test", originStateID: 3, applications: [.s6a])

        let cea = try await raw.exchange(CapabilitiesExchange.request(identity, localAddress: nil, hopByHop: 1, endToEnd: 1).encoded())
        #expect(cea.message.resultCode == 2001)
        #expect(cea.stream == 0 && cea.ppid == 46)
        #expect(cea.message.all(.hostIPAddress).compactMap(\.value.address) == [.ipv4(IPv4Address(127, 0, 0, 1))])

        // The server's own DWR after a quiet watchdog interval: stream 0, PPID 46, answered by the peer.
        let dwr = try await raw.nextServerRequest()
        #expect(dwr.message.commandCode == DiameterCommand.deviceWatchdog.code && dwr.stream == 0 && dwr.ppid == 46)
        try await raw.association.send(DiameterMessage.answer(to: dwr.message, from: identity).encoded(), stream: 0, ppid: 46)
        var ourDWR = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: DiameterCommand.deviceWatchdog.code,
                                                            applicationID: 0, hopByHop: 2, endToEnd: 2), avps: identity.originAVPs)
        ourDWR.append(AVP(.originStateId, unsigned32: 3))
        let dwa = try await raw.exchange(ourDWR.encoded())
        #expect(dwa.message.commandCode == DiameterCommand.deviceWatchdog.code && dwa.message.resultCode == 2001 && dwa.stream == 0)

        // An application answer on the stream its Session-Id hashes to (not 0: 10 streams here).
        let pur = Self.rawPUR(hopByHop: 3)
        let pua = try await raw.exchange(pur.encoded())
        #expect(pua.message.resultCode == 2001 && pua.message.header.hopByHop == 3)
        let outbound = try #require(raw.association.streams?.outbound)
        #expect(pua.stream == DiameterSCTP.stream(for: pua.message, outboundStreams: outbound) && pua.stream != 0)

        // A length field that disagrees with the SCTP message: 5015, and the association stays.
        var short = Self.rawPUR(hopByHop: 4).encoded()
        short.setInteger(UInt32(0x0100_0000) | UInt32(short.readableBytes + 8), at: short.readerIndex)
        let invalidLength = try await raw.exchange(short)
        #expect(invalidLength.message.resultCode == 5015 && invalidLength.message.header.hopByHop == 4)
        #expect(invalidLength.message.sessionID == "raw.test;1;1", "the Session-Id read from the raw bytes")
        // An AVP whose length its type cannot have: 5014 with Failed-AVP, as over TCP.
        var broken = Self.rawPUR(hopByHop: 5).encoded()
        broken.writeInteger(AVPDefinition.originStateId.code)
        broken.writeInteger(UInt32(0x4000_000A))
        broken.writeBytes([9, 9, 0, 0])
        broken.setInteger(UInt32(0x0100_0000) | UInt32(broken.readableBytes), at: broken.readerIndex)
        let invalidAVP = try await raw.exchange(broken)
        #expect(invalidAVP.message.resultCode == 5014 && invalidAVP.message[.failedAVP] != nil)
        #expect(try await raw.exchange(Self.rawPUR(hopByHop: 6).encoded()).message.resultCode == 2001, "still served")

        // DPR: DPA on stream 0, then the server shuts the association down.
        var dpr = DiameterMessage(header: DiameterHeader(flags: .request, commandCode: DiameterCommand.disconnectPeer.code,
                                                         applicationID: 0, hopByHop: 7, endToEnd: 7), avps: identity.originAVPs)
        dpr.append(AVP(.disconnectCause, enumerated: DisconnectCause.rebooting.rawValue))
        let dpa = try await raw.exchange(dpr.encoded())
        #expect(dpa.message.commandCode == DiameterCommand.disconnectPeer.code && dpa.message.resultCode == 2001 && dpa.stream == 0)
        #expect(try await raw.ended() == "closed")

        // The other peer was served throughout.
        #expect(try await watcher.request(PeerTCPTests.pur()).resultCode == 2001)
        await watcher.shutdown()
        await serverNode.shutdown()
    }

    @Test func bytesThatAreNoDiameterHeaderEndTheAssociationAndOnlyIt() async throws {
        let transport = try SCTPStacks.usrsctp.get()
        let (serverNode, port) = try Self.server(on: transport)
        let client = DiameterNode(identity: PeerTCPTests.client, settings: Self.settings)
        _ = try await client.connect(sctp: transport, host: "127.0.0.1", port: port)
        #expect(await client.waitForPeer("hss.test", timeout: .seconds(10)) != nil)
        let raw = try await RawSCTPPeer(transport.connect(host: "127.0.0.1", port: port))
        let identity = DiameterNodeIdentity(originHost: "raw2.test", originRealm: "test", originStateID: 3, applications: [.s6a])
        #expect(try await raw.exchange(CapabilitiesExchange.request(identity, localAddress: nil, hopByHop: 1, endToEnd: 1).encoded())
            .message.resultCode == 2001)
        // Eight octets: no header to answer (and version 1 claims 7 octets): the peer breaks the
        // protocol and the association ends, as a TCP connection that stops framing does.
        try await raw.association.send(ByteBuffer(bytes: [1, 0, 0, 7, 0x80, 0, 1, 0x41]), stream: 0, ppid: 46)
        #expect(try await raw.ended() == "closed")
        #expect(try await client.request(PeerTCPTests.pur()).resultCode == 2001)
        await client.shutdown()
        await serverNode.shutdown()
    }

    @Test func anSCTPLinkReconnectsAfterAnAbort() async throws {
        let transport = try SCTPStacks.usrsctp.get()
        let (serverNode, port) = try Self.server(on: transport)
        let clientNode = DiameterNode(identity: PeerTCPTests.client, settings: Self.settings)
        let link = clientNode.link(sctp: transport, host: "localhost", port: port)
        #expect(link.transport == .sctp)
        #expect(await link.waitUntilOpen(timeout: .seconds(10)))
        try await PeerTCPTests.abortAndExpectReconnection(link)
        #expect(try await link.request(PeerTCPTests.pur()).resultCode == 2001)
        await clientNode.shutdown()
        await serverNode.shutdown()
    }

    @Test func streamsBaseProtocolOnZeroSessionsSpreadAndStable() {
        let cer = CapabilitiesExchange.request(PeerTCPTests.client, localAddress: nil, hopByHop: 1, endToEnd: 1)
        #expect(DiameterSCTP.stream(for: cer, outboundStreams: 10) == 0)
        #expect(DiameterSCTP.stream(for: PeerTCPTests.pur(), outboundStreams: 1) == 0, "one stream: everything on 0")
        let streams = (0..<200).map { DiameterSCTP.stream(for: PeerTCPTests.pur("0010100000\(10000 + $0)"), outboundStreams: 10) }
        #expect(streams.allSatisfy { (1...9).contains($0) })
        #expect(Set(streams).count == 9, "200 sessions use every application stream")
        #expect(streams == (0..<200).map { DiameterSCTP.stream(for: PeerTCPTests.pur("0010100000\(10000 + $0)"), outboundStreams: 10) })
        #expect(DiameterSCTP.accepts(ppid: 46) && DiameterSCTP.accepts(ppid: 0) && !DiameterSCTP.accepts(ppid: 47))
    }

    static func rawPUR(hopByHop: UInt32) -> DiameterMessage {
        var pur = DiameterMessage.request(.purgeUE, sessionID: "raw.test;1;1",
                                          from: DiameterNodeIdentity(originHost: "raw.test", originRealm: "test", originStateID: 3,
                                                                     applications: [.s6a]),
                                          destinationRealm: "test", avps: [AVP(.userName, "001010000000001")])
        pur.header.hopByHop = hopByHop
        pur.header.endToEnd = hopByHop
        return pur
    }
}

/// A bare SCTP association to a Diameter node, sending whatever bytes a test gives it. Used from
/// one task.
final class RawSCTPPeer {
    struct Received {
        var message: DiameterMessage
        var stream: UInt16
        var ppid: UInt32
    }

    let association: SCTPAssociation
    private var inbound: SCTPInboundMessages.AsyncIterator
    /// Requests from the server that arrived while an answer was awaited.
    private var serverRequests: [Received] = []

    init(_ association: SCTPAssociation) {
        self.association = association
        inbound = association.inbound.makeAsyncIterator()
    }

    private func next() async throws -> Received? {
        guard let message = try await inbound.next() else { return nil }
        return Received(message: try DiameterMessage.decode(message.bytes), stream: message.stream, ppid: message.ppid)
    }

    /// Sends `bytes` on stream 0 and returns the next answer (server requests are kept aside).
    func exchange(_ bytes: ByteBuffer) async throws -> Received {
        try await association.send(bytes, stream: 0, ppid: DiameterSCTP.ppid)
        while let received = try await next() {
            if received.message.isRequest {
                serverRequests.append(received)
                continue
            }
            return received
        }
        throw DiameterRequestError.connectionClosed
    }

    /// The next request the server sends.
    func nextServerRequest() async throws -> Received {
        if !serverRequests.isEmpty { return serverRequests.removeFirst() }
        while let received = try await next() {
            guard received.message.isRequest else { continue }
            return received
        }
        throw DiameterRequestError.connectionClosed
    }

    /// Waits until the association ends: "closed" when it ended gracefully, else the error.
    func ended() async throws -> String {
        do {
            while try await inbound.next() != nil {}
            return "closed"
        } catch {
            return "\(error)"
        }
    }
}
