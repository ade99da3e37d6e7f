import GTPU
import GTPv2C
import NetworkTestSupport
import NIOCore
import Wire

/// The MME the test plays on S11: it sends requests to the SGW and takes the SGW's messages in
/// order, keeping those of another type for a later `next` (a Create Bearer Request may come
/// while it waits for something else; path supervision's Echo Requests are answered).
final class TestMME: @unchecked Sendable {  // one test thread uses it
    let socket: UDPPeer
    let controlTEID: UInt32 = 0x11
    private var pending: [GTPv2Message] = []
    private var sequence: UInt32 = 0x100

    init(_ socket: UDPPeer) { self.socket = socket }

    func send(_ message: GTPv2Message) {
        socket.send(Array(message.encoded().readableBytesView), to: GatewayLab.Plan.sgwS11, port: 2123)
    }

    func nextSequence() -> UInt32 {
        sequence += 1
        return sequence
    }

    /// The next message of `type` from the SGW, nil when none came within `polls` reads of 100 ms.
    func next(_ type: GTPv2MessageType, polls: Int = 50) -> GTPv2Message? {
        if let index = pending.firstIndex(where: { $0.type == type }) { return pending.remove(at: index) }
        for _ in 0..<polls {
            guard let (bytes, _) = socket.receive(within: .milliseconds(100)),
                  let message = try? GTPv2Message.decode(ByteBuffer(bytes: bytes)) else { continue }
            if message.type == type { return message }
            if message.type == .echoRequest {
                var echo = EchoResponse(teid: nil, sequenceNumber: message.header.sequenceNumber)
                echo.recovery = 1
                send(echo.message)
            } else {
                pending.append(message)
            }
        }
        return nil
    }

    /// No PGW address in it: the SGW must find the PGW by its name.
    func createSessionRequest() -> GTPv2Message {
        CreateSessionRequest.initial(sequence: nextSequence(), imsi: "001010000000005",
                                     sender: FTEID(interfaceType: .s11MMEGTPC, teid: controlTEID, ipv4: IPv4Address(GatewayLab.Plan.mme)!),
                                     apnAMBR: AMBR(uplink: 100_000, downlink: 200_000), recovery: 7)
    }

    /// Accepts a relayed Create Bearer Request as `ebi`, with the eNB's S1-U F-TEID (instance 0)
    /// and the SGW's echoed (instance 1).
    func createBearerResponse(to request: GTPv2Message, sgwTEID: UInt32, ebi: UInt8, enbTEID: UInt32) -> GTPv2Message {
        var response = CreateBearerResponse(teid: sgwTEID, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        response.bearerContexts = CreateBearerRequest(request)?.bearerContexts.prefix(1).map { requested in
            var context = BearerContext()
            context.ebi = ebi
            context.cause = GTPv2Cause(.requestAccepted)
            context.setFTEID(Self.enbFTEID(enbTEID), instance: 0)
            context.setFTEID(requested.fteid(0), instance: 1)
            return context
        } ?? []
        return response.message
    }

    /// The eNB's S1-U F-TEIDs for the bearers, as after an Initial Context Setup or a Service Request.
    func modifyBearerRequest(sgwTEID: UInt32, enbTEIDs: [(ebi: UInt8, teid: UInt32)]) -> GTPv2Message {
        var request = ModifyBearerRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.bearerContextsToBeModified = enbTEIDs.map { ebi, teid in
            var bearer = BearerContext()
            bearer.ebi = ebi
            bearer.setFTEID(Self.enbFTEID(teid), instance: 0)
            return bearer
        }
        return request.message
    }

    func releaseAccessBearersRequest(sgwTEID: UInt32) -> GTPv2Message {
        var request = ReleaseAccessBearersRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.originatingNode = .mme
        return request.message
    }

    func downlinkDataNotificationAcknowledge(to notification: GTPv2Message, sgwTEID: UInt32) -> GTPv2Message {
        var acknowledge = DownlinkDataNotificationAcknowledge(teid: sgwTEID, sequenceNumber: notification.header.sequenceNumber)
        acknowledge.cause = GTPv2Cause(.requestAccepted)
        return acknowledge.message
    }

    func deleteSessionRequest(sgwTEID: UInt32) -> GTPv2Message {
        var request = DeleteSessionRequest(teid: sgwTEID, sequenceNumber: nextSequence())
        request.linkedEBI = 5
        return request.message
    }

    static func enbFTEID(_ teid: UInt32) -> FTEID {
        FTEID(interfaceType: .s1uENodeBGTPU, teid: teid, ipv4: IPv4Address(GatewayLab.Plan.enb)!)
    }
}

/// User-plane packets as the test's eNB and data network see them.
enum UserPackets {
    static func gpdu(teid: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        GTPUMessage.gPDU(teid: teid, payload: ByteBuffer(bytes: payload), sequenceNumber: nil, extensionHeaders: []).encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func gtpu(_ bytes: [UInt8]) -> GTPUMessage? { try? GTPUMessage.decode(ByteBuffer(bytes: bytes)) }

    /// The next G-PDU on `peer` (other GTP-U messages skipped): its TEID and inner packet.
    static func gpdu(on peer: UDPPeer, within timeout: Duration = .seconds(3)) -> (teid: UInt32, payload: [UInt8])? {
        guard let bytes = peer.receive(within: timeout, where: { gtpu($0)?.header.messageType == .gPDU }),
              let message = gtpu(bytes), case .gPDU(let payload) = message.body else { return nil }
        return (message.header.teid, Array(payload.readableBytesView))
    }

    /// An ICMP echo request from the UE.
    static func echoRequest(from ue: IPv4Address, to host: String, identifier: UInt16, sequence: UInt16) throws -> [UInt8] {
        let echo = ICMPEcho(.request, identifier: identifier, sequenceNumber: sequence, payload: Array("ping through sgw and pgw".utf8))
        let packet = try IPPacket.make(source: .v4(ue), destination: IPAddress(host)!, protocol: .icmp, payload: echo.encodeV4())
        return Array(packet.readableBytesView)
    }

    /// The one's-complement sum of `bytes` folded to 16 bits: 0xFFFF over a block whose checksum is right.
    static func onesComplementSum(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let high = UInt32(bytes[index]) << 8
            let low = index + 1 < bytes.endIndex ? UInt32(bytes[index + 1]) : 0
            sum += high | low
            index += 2
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt16(sum)
    }

    /// What an IPv4 packet says about itself, when its header checksum is right.
    struct IPv4: Equatable {
        var source: String
        var destination: String
        var protocolNumber: UInt8
        /// Past the IP header.
        var body: [UInt8]
    }

    static func ipv4(_ packet: [UInt8]) -> IPv4? {
        guard packet.count >= 20, packet[0] >> 4 == 4 else { return nil }
        let headerLength = Int(packet[0] & 0x0F) * 4
        let total = Int(packet[2]) << 8 | Int(packet[3])
        guard headerLength >= 20, total >= headerLength, total <= packet.count,
              onesComplementSum(packet[0..<headerLength]) == 0xFFFF else { return nil }
        func address(_ at: Int) -> String { packet[at..<at + 4].map(String.init).joined(separator: ".") }
        return IPv4(source: address(12), destination: address(16), protocolNumber: packet[9], body: Array(packet[headerLength..<total]))
    }

    /// An ICMP echo reply's identifier and sequence number, when its checksum is right.
    static func echoReply(_ icmp: [UInt8]) -> (identifier: UInt16, sequence: UInt16)? {
        guard icmp.count >= 8, icmp[0] == 0, icmp[1] == 0, onesComplementSum(icmp[...]) == 0xFFFF else { return nil }
        return (UInt16(icmp[4]) << 8 | UInt16(icmp[5]), UInt16(icmp[6]) << 8 | UInt16(icmp[7]))
    }
}
