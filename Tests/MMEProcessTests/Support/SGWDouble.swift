import Foundation
import GTPv2C
import NetworkTestSupport
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
