import Foundation
import GTPv2C
import NIOCore
import NIOPosix
import Synchronization
import Wire

/// The SGW's S11 side as far as attach needs it (TS 29.274 7.2.1, 7.2.7): Create Session
/// Response with an address, S1-U and S5 F-TEIDs; Modify Bearer Response. It lives in this test
/// process, its UDP socket opened inside the core namespace, and records what it was asked.
final class SGWDouble: Sendable {
    static let userPlane = IPv4Address(10, 20, 0, 9)

    private struct State {
        var received: [GTPv2MessageType] = []
        var enbFTEIDs: [FTEID] = []
        var nextTEID: UInt32 = 0x5000
        var imsis: [String] = []
        /// The MME's S11 TEID of each session, by the SGW's.
        var mmeTEIDs: [UInt32: UInt32] = [:]
    }

    private let state = Mutex(State())
    private let channel = Mutex<(any Channel)?>(nil)
    let address: IPv4Address

    init(address: IPv4Address) {
        self.address = address
    }

    var received: [GTPv2MessageType] { state.withLock { $0.received } }
    var enbFTEIDs: [FTEID] { state.withLock { $0.enbFTEIDs } }
    var imsis: [String] { state.withLock { $0.imsis } }

    /// Binds UDP 2123 on `address` inside `namespace` and starts answering.
    func start(in namespace: String) async throws {
        let descriptor = try await NamespaceSocket.udp(in: namespace, address: address.description, port: 2123)
        let bound = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SGWHandler(sgw: self))
                }
            }
            .withBoundSocket(descriptor).get()
        channel.withLock { $0 = bound }
    }

    func stop() async {
        try? await channel.withLock({ $0 })?.close()
    }

    /// The answer to one request; nil for anything this double does not serve.
    func answer(_ request: GTPv2Message) -> GTPv2Message? {
        state.withLock { state in
            state.received.append(request.type)
            let sequence = request.header.sequenceNumber
            switch request.type {
            case .createSessionRequest:
                let create = CreateSessionRequest(unchecked: request)
                if let imsi = create.imsi { state.imsis.append(imsi.digits) }
                var response = CreateSessionResponse(teid: create.senderFTEID?.teid ?? 0, sequenceNumber: sequence)
                response.cause = GTPv2Cause(.requestAccepted)
                state.nextTEID += 2
                state.mmeTEIDs[state.nextTEID] = create.senderFTEID?.teid ?? 0
                response.senderFTEID = FTEID(interfaceType: .s11s4SGWGTPC, teid: state.nextTEID, ipv4: address)
                response.pgwS5S8FTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: state.nextTEID + 1, ipv4: address)
                response.paa = PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 2))
                response.apnRestriction = 0
                response.apnAMBR = create.apnAMBR
                var bearer = BearerContext()
                bearer.ebi = create.bearerContextsToBeCreated.first?.ebi ?? 5
                bearer.cause = GTPv2Cause(.requestAccepted)
                bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: state.nextTEID, ipv4: Self.userPlane), instance: 0)
                bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: state.nextTEID + 1, ipv4: Self.userPlane), instance: 2)
                response.bearerContextsCreated = [bearer]
                response.recovery = 1
                return response.message
            case .modifyBearerRequest:
                let modify = ModifyBearerRequest(unchecked: request)
                state.enbFTEIDs += modify.bearerContextsToBeModified.compactMap { $0.fteid(0) }
                var response = ModifyBearerResponse(teid: state.mmeTEIDs[request.header.teid ?? 0] ?? 0, sequenceNumber: sequence)
                response.cause = GTPv2Cause(.requestAccepted)
                response.bearerContextsModified = modify.bearerContextsToBeModified.map { requested in
                    var modified = BearerContext()
                    modified.ebi = requested.ebi
                    modified.cause = GTPv2Cause(.requestAccepted)
                    return modified
                }
                response.recovery = 1
                return response.message
            default:
                return nil
            }
        }
    }
}

private final class SGWHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let sgw: SGWDouble

    init(sgw: SGWDouble) { self.sgw = sgw }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let request = try? GTPv2Message.decode(envelope.data), let response = sgw.answer(request) else { return }
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: response.encoded())),
                              promise: nil)
    }
}

/// Opens a socket inside a network namespace from this process: a fresh thread joins the
/// namespace (setns changes only the calling thread), creates and binds the socket, and ends;
/// the socket stays in the namespace it was made in.
enum NamespaceSocket {
    /// setns(2), which Glibc's module map hides behind _GNU_SOURCE; looked up at run time.
    private typealias SetNamespace = @convention(c) (CInt, CInt) -> CInt
    private static let setNamespace: SetNamespace? = dlsym(dlopen(nil, RTLD_NOW), "setns")
        .map { unsafeBitCast($0, to: SetNamespace.self) }
    private static let cloneNewNet: CInt = 0x4000_0000

    static func udp(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        try await make(in: namespace, type: SOCK_DGRAM, address: address, port: port)
    }

    /// A listening TCP socket.
    static func tcpListener(in namespace: String, address: String, port: UInt16) async throws -> CInt {
        let descriptor = try await make(in: namespace, type: SOCK_STREAM, address: address, port: port)
        guard listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw LabError("listen \(address):\(port): errno \(errno)")
        }
        return descriptor
    }

    private static func make(in namespace: String, type: __socket_type, address: String, port: UInt16) async throws -> CInt {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try open(namespace: namespace, type: type, address: address, port: port) })
            }
        }
    }

    private static func open(namespace: String, type: __socket_type, address: String, port: UInt16) throws -> CInt {
        let target = Glibc.open("/var/run/netns/\(namespace)", O_RDONLY)
        guard target >= 0 else { throw LabError("cannot open namespace \(namespace): errno \(errno)") }
        defer { close(target) }
        guard let setns = setNamespace, setns(target, cloneNewNet) == 0 else { throw LabError("setns \(namespace): errno \(errno)") }
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        guard descriptor >= 0 else { throw LabError("socket: errno \(errno)") }
        var reuse: CInt = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<CInt>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &socketAddress.sin_addr)
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw LabError("bind \(address):\(port) in \(namespace): errno \(errno)")
        }
        // This thread ends here; nothing else runs on it in the namespace.
        return descriptor
    }
}
