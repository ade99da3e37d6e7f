import GTPv2C
import NIOCore
import Wire

/// A PGW double for the SGW's S5/S8-C: it answers Create and Delete Session (with a cause to
/// refuse, when set) and builds the bearer requests a PGW sends. Its restart counter goes into
/// every Create Session Response.
struct TestPGW {
    var recovery: UInt8 = 1
    var nextTEID: UInt32 = 0x7000
    var sequence: UInt32 = 0x9000
    var refuseWith: GTPv2CauseValue?
    /// The SGW's S5/S8-C F-TEID of each session by the PGW's TEID.
    var sessions: [UInt32: FTEID] = [:]

    mutating func allocate() -> UInt32 {
        nextTEID += 1
        return nextTEID
    }

    mutating func nextSequence() -> UInt32 {
        sequence += 1
        return sequence
    }

    mutating func answer(_ request: GTPv2Message) -> GTPv2Message? {
        switch request.type {
        case .createSessionRequest:
            let create = CreateSessionRequest(unchecked: request)
            let sgw = create.senderFTEID!
            var response = CreateSessionResponse(teid: sgw.teid, sequenceNumber: request.header.sequenceNumber)
            if let refuseWith {
                response.cause = GTPv2Cause(refuseWith)
                return response.message
            }
            let teid = allocate()
            sessions[teid] = sgw
            response.cause = GTPv2Cause(.requestAccepted)
            response.senderFTEID = FTEID(interfaceType: .s5s8PGWGTPC, teid: teid, ipv4: IPv4Address(10, 0, 3, 1))
            response.paa = PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 2))
            response.apnRestriction = 0
            response.apnAMBR = create.apnAMBR
            var bearer = BearerContext()
            bearer.ebi = create.bearerContextsToBeCreated.first?.ebi
            bearer.cause = GTPv2Cause(.requestAccepted)
            bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: allocate(), ipv4: Net.pgwS5U), instance: 2)
            bearer.chargingID = 0x55
            response.bearerContextsCreated = [bearer]
            response.recovery = recovery
            return response.message
        case .deleteSessionRequest:
            let sgw = request.header.teid.flatMap { sessions.removeValue(forKey: $0) }
            var response = DeleteSessionResponse(teid: sgw?.teid ?? 0, sequenceNumber: request.header.sequenceNumber)
            response.cause = GTPv2Cause(sgw == nil ? .contextNotFound : .requestAccepted)
            return response.message
        default:
            return nil
        }
    }

    /// A QCI 1 bearer with a TFT for the PDN connection of `linkedEBI`.
    mutating func createBearerRequest(sgwS5CTEID: UInt32, linkedEBI: UInt8 = 5) -> GTPv2Message {
        var request = CreateBearerRequest(teid: sgwS5CTEID, sequenceNumber: nextSequence())
        request.linkedEBI = linkedEBI
        var bearer = BearerContext()
        bearer.ebi = 0
        bearer.tft = Self.voiceTFT
        bearer.setFTEID(FTEID(interfaceType: .s5s8PGWGTPU, teid: allocate(), ipv4: Net.pgwS5U), instance: 1)
        bearer.bearerQoS = BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: false, preemptable: true),
                                     maximumBitRateUplink: 128, maximumBitRateDownlink: 128,
                                     guaranteedBitRateUplink: 128, guaranteedBitRateDownlink: 128)
        bearer.chargingID = 0x56
        request.bearerContexts = [bearer]
        return request.message
    }

    mutating func deleteBearerRequest(sgwS5CTEID: UInt32, ebis: [UInt8]) -> GTPv2Message {
        var request = DeleteBearerRequest(teid: sgwS5CTEID, sequenceNumber: nextSequence())
        request.epsBearerIDs = ebis
        return request.message
    }

    static let voiceTFT = TrafficFlowTemplate(operation: .createNew, packetFilters: [
        PacketFilter(direction: .bidirectional, id: 1, precedence: 1, components: [
            .ipv4RemoteAddress(IPv4Address(10, 46, 0, 3), mask: IPv4Address(255, 255, 255, 255)), .protocolIdentifier(17),
            .remotePortRange(40_000, 40_100),
        ]),
    ])
}

/// A session set up through the SGW: what the MME learnt.
struct EstablishedSession {
    var mmeTEID: UInt32
    var sgwS11TEID: UInt32
    var sgwS1U: FTEID
    var pgwS5U: FTEID
    /// The SGW's S5/S8-C and S5/S8-U F-TEIDs (what the PGW learnt).
    var sgwS5C: FTEID
    var sgwS5U: FTEID
}

extension SGWHarness {
    /// Create Session through the SGW and the PGW double, then Modify Bearer with an eNB F-TEID.
    mutating func establish(mme: inout TestMME, pgw: inout TestPGW, mmeTEID: UInt32 = 0x11, enbTEID: UInt32 = 0x51,
                            modify: Bool = true) throws -> EstablishedSession {
        let toPGW = try deliver(mme.createSessionRequest(mmeTEID: mmeTEID), from: Net.mme)
        guard toPGW.count == 1, let s5Request = CreateSessionRequest(toPGW[0].message) else { throw HarnessError.unexpected(toPGW) }
        let toMME = try deliver(pgw.answer(s5Request.message)!, from: Net.pgw)
        guard toMME.count == 1, let response = CreateSessionResponse(toMME[0].message),
              let bearer = response.bearerContextsCreated.first else { throw HarnessError.unexpected(toMME) }
        let session = EstablishedSession(mmeTEID: mmeTEID, sgwS11TEID: response.senderFTEID!.teid, sgwS1U: bearer.fteid(0)!,
                                         pgwS5U: bearer.fteid(2)!, sgwS5C: s5Request.senderFTEID!,
                                         sgwS5U: s5Request.bearerContextsToBeCreated[0].fteid(2)!)
        if modify {
            _ = try deliver(mme.modifyBearerRequest(sgwTEID: session.sgwS11TEID, enb: TestMME.enbFTEID(enbTEID)), from: Net.mme)
        }
        return session
    }
}

enum HarnessError: Error {
    case unexpected([Sent])
}
