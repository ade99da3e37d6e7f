import GTPU
import GTPv2C
import NetworkTestSupport
import NIOCore
import Wire

/// The loopback addresses of one run: the SGW's interfaces and the peers the test plays.
enum Loopback {
    static let sgwS11 = "127.0.0.61"
    static let sgwS5 = "127.0.0.62"
    static let mme = "127.0.0.63"
    static let pgw = "127.0.0.64"
    static let enb = "127.0.0.65"
    /// Sends what is not GTPv2-C at all.
    static let rogue = "127.0.0.66"
    static let observabilityPort = 9461

    static let configuration = """
        s11: {address: \(sgwS11)}
        s5c: {address: \(sgwS5)}
        s1u: {address: \(sgwS11)}
        s5u: {address: \(sgwS5)}
        pgw: {name: \(pgw)}
        observability: {bind: \(sgwS11), port: \(observabilityPort)}
        userPlane: {bufferPacketsPerBearer: 16}
        logLevel: debug
        """
}

/// GTPv2-C as the test's MME and PGW speak it (TS 29.274), and GTP-U as its eNB and PGW do.
enum CoreMessages {
    static func decode(_ bytes: [UInt8]) -> GTPv2Message? { try? GTPv2Message.decode(ByteBuffer(bytes: bytes)) }
    static func bytes(_ message: GTPv2Message) -> [UInt8] { Array(message.encoded().readableBytesView) }

    static func createSessionRequest(sequence: UInt32, mmeTEID: UInt32) -> GTPv2Message {
        CreateSessionRequest.initial(sequence: sequence, imsi: "001010000000001",
                                     sender: FTEID(interfaceType: .s11MMEGTPC, teid: mmeTEID, ipv4: IPv4Address(Loopback.mme)!),
                                     pgw: FTEID(interfaceType: .s5s8PGWGTPC, teid: 0, ipv4: IPv4Address(Loopback.pgw)!),
                                     apnAMBR: AMBR(uplink: 100_000, downlink: 200_000), recovery: 7)
    }

    static func modifyBearerRequest(sequence: UInt32, sgwTEID: UInt32, enbTEID: UInt32) -> GTPv2Message {
        var request = ModifyBearerRequest(teid: sgwTEID, sequenceNumber: sequence)
        var bearer = BearerContext()
        bearer.ebi = 5
        bearer.setFTEID(FTEID(interfaceType: .s1uENodeBGTPU, teid: enbTEID, ipv4: IPv4Address(Loopback.enb)!), instance: 0)
        request.bearerContextsToBeModified = [bearer]
        return request.message
    }

    static func releaseAccessBearersRequest(sequence: UInt32, sgwTEID: UInt32) -> GTPv2Message {
        var request = ReleaseAccessBearersRequest(teid: sgwTEID, sequenceNumber: sequence)
        request.originatingNode = .mme
        return request.message
    }

    static func downlinkDataNotificationAcknowledge(to notification: GTPv2Message, sgwTEID: UInt32) -> GTPv2Message {
        var acknowledge = DownlinkDataNotificationAcknowledge(teid: sgwTEID, sequenceNumber: notification.header.sequenceNumber)
        acknowledge.cause = GTPv2Cause(.requestAccepted)
        return acknowledge.message
    }

    /// The PGW's answer to the relayed Create Session Request: its S5/S8-C and S5/S8-U F-TEIDs.
    static func createSessionResponse(to request: GTPv2Message, pgwS5CTEID: UInt32, pgwS5UTEID: UInt32) -> GTPv2Message? {
        guard let create = CreateSessionRequest(request), let sgw = create.senderFTEID else { return nil }
        var response = CreateSessionResponse(teid: sgw.teid, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        response.senderFTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: pgwS5CTEID, ipv4: IPv4Address(Loopback.pgw)!)
        response.paa = PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 2))
        response.apnRestriction = 0
        response.apnAMBR = create.apnAMBR
        var bearer = BearerContext()
        bearer.ebi = create.bearerContextsToBeCreated.first?.ebi
        bearer.cause = GTPv2Cause(.requestAccepted)
        bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: pgwS5UTEID, ipv4: IPv4Address(Loopback.pgw)!),
                        instance: CreateSessionBearerFTEID.responseS5S8PGW)
        bearer.chargingID = 0x55
        response.bearerContextsCreated = [bearer]
        response.recovery = 1
        return response.message
    }

    static func gpdu(teid: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        GTPUMessage.gPDU(teid: teid, payload: ByteBuffer(bytes: payload), sequenceNumber: nil, extensionHeaders: []).encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func gtpu(_ bytes: [UInt8]) -> GTPUMessage? { try? GTPUMessage.decode(ByteBuffer(bytes: bytes)) }

    /// An IPv4/UDP packet between the UE and a data-network host.
    static func udp(from source: String, to destination: String, _ text: String) -> [UInt8] {
        let packet = try? UDPDatagram.packet(from: IPEndpoint(IPAddress(source)!, 4000), to: IPEndpoint(IPAddress(destination)!, 7),
                                             payload: ByteBuffer(string: text))
        return packet.map { Array($0.readableBytesView) } ?? []
    }
}
