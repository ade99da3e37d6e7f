import GTPv2C
import MMEKit
import NIOCore
import Wire

/// An SGW double for the MME's S11 (TS 29.274): it creates sessions (addresses, S1-U TEIDs,
/// the PCO a PGW would grant), records the eNB F-TEIDs Modify Bearer gives it, deletes and
/// releases, and builds the requests an SGW sends (Downlink Data Notification, Create and
/// Delete Bearer Request). Its restart counter goes into every response.
struct TestSGW {
    static let peer = GTPPeer(address: .v4(IPv4Address(10, 0, 2, 1)))
    static let userPlane = IPv4Address(10, 0, 2, 2)
    static let pgwUserPlane = IPv4Address(10, 0, 3, 2)

    struct Session {
        var mmeTEID: UInt32
        var sgwTEID: UInt32
        var apn: String
        var ebi: UInt8
        var address: IPv4Address
    }

    var recovery: UInt8 = 1
    var nextTEID: UInt32 = 0x1000
    var nextAddress: UInt32 = 0x0A2D_0002
    var sequence: UInt32 = 0x8000
    var sessions: [Session] = []
    /// The eNB's S1-U F-TEID each bearer got through Modify Bearer Request.
    var enbFTEIDs: [UInt8: FTEID] = [:]
    var requests = PeerRequests<GTPv2Message>()
    /// A cause to refuse Create Session with.
    var refuseCreateSession: GTPv2CauseValue?
    var releasedAccessBearers = 0

    static let grantedPCO = ProtocolConfigurationOptions(containers: [
        .init(id: .dnsServerIPv4Address, address: .v4(IPv4Address(8, 8, 8, 8))),
        .init(id: .pcscfIPv4Address, address: .v4(IPv4Address(10, 45, 0, 1))),
    ])

    mutating func handle(_ request: GTPv2Message) -> GTPv2Message? {
        requests.take(request) ? answer(request) : nil
    }

    mutating func answer(_ request: GTPv2Message) -> GTPv2Message? {
        let sequence = request.header.sequenceNumber
        switch request.type {
        case .createSessionRequest:
            let create = CreateSessionRequest(unchecked: request)
            let mmeTEID = create.senderFTEID?.teid ?? 0
            var response = CreateSessionResponse(teid: mmeTEID, sequenceNumber: sequence)
            if let refuseCreateSession {
                response.cause = GTPv2Cause(refuseCreateSession)
                return response.message
            }
            let sgwTEID = sessions.first { $0.mmeTEID == mmeTEID }?.sgwTEID ?? allocate()
            let ebi = create.bearerContextsToBeCreated.first?.ebi ?? 5
            let address = IPv4Address(nextAddress)
            nextAddress += 1
            sessions.append(Session(mmeTEID: mmeTEID, sgwTEID: sgwTEID, apn: create.apn?.name ?? "", ebi: ebi, address: address))
            response.cause = GTPv2Cause(.requestAccepted)
            response.senderFTEID = FTEID(interfaceType: .s11s4SGWGTPC, teid: sgwTEID, ipv4: IPv4Address(10, 0, 2, 1))
            response.pgwS5S8FTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: allocate(), ipv4: IPv4Address(10, 0, 3, 1))
            response.paa = PDNAddressAllocation(ipv4: address)
            response.apnRestriction = 0
            response.apnAMBR = create.apnAMBR
            response.pco = Self.grantedPCO
            var bearer = BearerContext()
            bearer.ebi = ebi
            bearer.cause = GTPv2Cause(.requestAccepted)
            bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: allocate(), ipv4: Self.userPlane), instance: 0)
            bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: allocate(), ipv4: Self.pgwUserPlane), instance: 2)
            bearer.chargingID = 7
            response.bearerContextsCreated = [bearer]
            response.recovery = recovery
            return response.message
        case .modifyBearerRequest:
            let modify = ModifyBearerRequest(unchecked: request)
            for bearer in modify.bearerContextsToBeModified {
                if let ebi = bearer.ebi, let fteid = bearer.fteid(0) { enbFTEIDs[ebi] = fteid }
            }
            var response = ModifyBearerResponse(teid: mmeTEID(request), sequenceNumber: sequence)
            response.cause = GTPv2Cause(.requestAccepted)
            response.bearerContextsModified = modify.bearerContextsToBeModified.map { context in
                var modified = BearerContext()
                modified.ebi = context.ebi
                modified.cause = GTPv2Cause(.requestAccepted)
                return modified
            }
            response.recovery = recovery
            return response.message
        case .deleteSessionRequest:
            let linked = DeleteSessionRequest(unchecked: request).linkedEBI
            let teid = mmeTEID(request)
            sessions.removeAll { $0.sgwTEID == request.header.teid && $0.ebi == linked }
            var response = DeleteSessionResponse(teid: teid, sequenceNumber: sequence)
            response.cause = GTPv2Cause(.requestAccepted)
            return response.message
        case .releaseAccessBearersRequest:
            releasedAccessBearers += 1
            for session in sessions where session.sgwTEID == request.header.teid { enbFTEIDs[session.ebi] = nil }
            var response = ReleaseAccessBearersResponse(teid: mmeTEID(request), sequenceNumber: sequence)
            response.cause = GTPv2Cause(.requestAccepted)
            response.recovery = recovery
            return response.message
        default:
            return nil
        }
    }

    mutating func allocate() -> UInt32 {
        nextTEID += 1
        return nextTEID
    }

    func mmeTEID(_ request: GTPv2Message) -> UInt32 {
        sessions.first { $0.sgwTEID == request.header.teid }?.mmeTEID ?? 0
    }

    mutating func nextSequence() -> UInt32 {
        sequence += 1
        return sequence
    }

    // MARK: requests the SGW sends

    mutating func downlinkDataNotification(mmeTEID: UInt32, ebi: UInt8 = 5) -> GTPv2Message {
        var notification = DownlinkDataNotification(teid: mmeTEID, sequenceNumber: nextSequence())
        notification.ebi = ebi
        return notification.message
    }

    /// A QCI 1 voice bearer for the PDN connection of `linkedEBI`, as a PGW asks for it after IMS
    /// registration and an Rx session.
    mutating func createBearerRequest(mmeTEID: UInt32, linkedEBI: UInt8) -> GTPv2Message {
        var request = CreateBearerRequest(teid: mmeTEID, sequenceNumber: nextSequence())
        request.linkedEBI = linkedEBI
        request.pti = 0
        var bearer = BearerContext()
        bearer.ebi = 0
        bearer.bearerQoS = BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: true, preemptable: false),
                                     maximumBitRateUplink: 128, maximumBitRateDownlink: 128,
                                     guaranteedBitRateUplink: 128, guaranteedBitRateDownlink: 128)
        bearer.tft = Self.voiceTFT
        bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: allocate(), ipv4: Self.userPlane), instance: 0)
        bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: allocate(), ipv4: Self.pgwUserPlane), instance: 1)
        bearer.chargingID = 9
        request.bearerContexts = [bearer]
        return request.message
    }

    mutating func deleteBearerRequest(mmeTEID: UInt32, ebis: [UInt8]) -> GTPv2Message {
        var request = DeleteBearerRequest(teid: mmeTEID, sequenceNumber: nextSequence())
        request.epsBearerIDs = ebis
        return request.message
    }

    static let voiceTFT = TrafficFlowTemplate(operation: .createNew, packetFilters: [
        PacketFilter(direction: .bidirectional, id: 1, precedence: 1, components: [
            .ipv4RemoteAddress(IPv4Address(10, 45, 0, 3), mask: IPv4Address(255, 255, 255, 255)), .protocolIdentifier(17),
            .singleRemotePort(40_000),
        ]),
    ])
}
