import Diameter
import GTPv2C
import GatewayKit
import NetworkTestSupport
import NIOCore
import PGWKit
import Wire

enum Net {
    static let sgw = IPEndpoint(.v4(IPv4Address(10, 0, 2, 5)), 2123)
    static let pgw = IPEndpoint(.v4(IPv4Address(10, 0, 3, 1)), 2123)
    static let pgwS5U = IPv4Address(10, 0, 3, 2)
    static let sgwS5U = IPv4Address(10, 0, 2, 6)

    static let voice = PolicyRule(
        name: "voice",
        qos: BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: false, preemptable: true),
                       maximumBitRateUplink: 128, maximumBitRateDownlink: 128, guaranteedBitRateUplink: 128,
                       guaranteedBitRateDownlink: 128),
        packetFilters: [PacketFilter(direction: .bidirectional, id: 1, precedence: 1, components: [
            .ipv4RemoteAddress(IPv4Address(10, 46, 1, 0), mask: IPv4Address(255, 255, 255, 0)), .protocolIdentifier(17),
            .localPortRange(50_000, 50_100),
        ])])

    static func settings(internetPool: String = "10.45.0.0/24") -> PGWSettings {
        PGWSettings(s5cAddress: pgw.address, s5uAddress: .v4(pgwS5U),
                    apns: [APNSettings(name: "internet", pool: IPv4Prefix(internetPool)!,
                                       dns: [IPv4Address(10, 0, 9, 53), IPv4Address(10, 0, 9, 54)], mtu: 1400),
                           APNSettings(name: "ims", pool: IPv4Prefix("10.46.0.0/24")!, ipv6Pool: IPv6Prefix("2001:db8:46::/62"), dns: [IPv4Address(10, 0, 9, 53)],
                                       pcscf: [IPv4Address(10, 46, 1, 10)], policy: [voice])],
                    timers: GTPCTimers(t3Response: .seconds(2), n3Requests: 1))
    }
}

struct Sent {
    var message: GTPv2Message
    var to: IPEndpoint
}

/// A PGW with what it did.
struct PGWHarness {
    var pgw: PGW
    var traffic: [(bytes: ByteBuffer, from: IPEndpoint, to: IPEndpoint)] = []
    var armedTimers: [GatewayTimerID: Duration] = [:]
    var userPlane: [PGWUserPlaneRule] = []
    var logs: [String] = []
    /// Gx messages toward the PCRF.
    var gx: [DiameterMessage] = []

    init(settings: PGWSettings = Net.settings(), recovery: UInt8 = 9) {
        pgw = PGW(settings: settings, recoveryCounter: recovery,
                  identifiers: SequentialIdentifiers(firstTEID: 0x3000, firstSequence: 0x900, firstChargingID: 0x70))
    }

    mutating func deliver(_ message: GTPv2Message, from peer: IPEndpoint = Net.sgw) throws -> [Sent] {
        let bytes = message.encoded()
        traffic.append((bytes, peer, Net.pgw))
        return try handle(.gtp(bytes, from: peer))
    }

    mutating func handle(_ event: PGWEvent) throws -> [Sent] {
        var sent: [Sent] = []
        for action in pgw.handle(event) {
            switch action {
            case .sendGTP(let message, let peer):
                let bytes = message.encoded()
                traffic.append((bytes, Net.pgw, peer))
                sent.append(Sent(message: try GTPv2Message.decode(bytes), to: peer))
            case .startTimer(let timer, let duration): armedTimers[timer] = duration
            case .stopTimer(let timer): armedTimers[timer] = nil
            case .userPlane(let rule): userPlane.append(rule)
            case .log(let event): logs.append(event.description)
            case .sendPolicy(let message): gx.append(message)
            }
        }
        return sent
    }

    mutating func expireResponseTimer(sequence: UInt32) throws -> [Sent] {
        guard let timer = armedTimers.keys.first(where: { $0.kind == .response && $0.owner == sequence }) else { return [] }
        armedTimers[timer] = nil
        return try handle(.timerExpired(timer))
    }
}

/// The SGW side of S5/S8-C, as SGWKit builds its messages.
struct TestSGW {
    var recovery: UInt8 = 4
    var sequence: UInt32 = 0x40
    var nextTEID: UInt32 = 0x600

    mutating func nextSequence() -> UInt32 {
        sequence += 1
        return sequence
    }

    mutating func allocate() -> UInt32 {
        nextTEID += 1
        return nextTEID
    }

    static let defaultQoS = BearerQoS(qci: 9, arp: AllocationRetentionPriority(priorityLevel: 8, mayPreempt: false, preemptable: true))

    mutating func createSessionRequest(apn: String = "internet", pdnType: PDNType = .ipv4, paa: PDNAddressAllocation? = nil,
                                       pco: ProtocolConfigurationOptions? = nil) -> GTPv2Message {
        var request = CreateSessionRequest(teid: 0, sequenceNumber: nextSequence())
        request.imsi = IMSI("001010000000002")
        request.ratType = .eutran
        request.servingNetwork = PLMN(mcc: "001", mnc: "01")
        request.senderFTEID = FTEID(interfaceType: .s5s8SGWGTPC, teid: allocate(), ipv4: IPv4Address(10, 0, 2, 5))
        request.apn = APN(apn)
        request.selectionMode = .msOrNetworkProvidedSubscriptionVerified
        request.pdnType = pdnType
        request.paa = paa ?? PDNAddressAllocation(ipv4: IPv4Address(0))
        request.apnAMBR = AMBR(uplink: 50_000, downlink: 150_000)
        request.pco = pco
        var bearer = BearerContext()
        bearer.ebi = 5
        bearer.bearerQoS = Self.defaultQoS
        bearer.setFTEID(FTEID(interfaceType: .s5s8SGWGTPU, teid: allocate(), ipv4: Net.sgwS5U), instance: 2)
        request.bearerContextsToBeCreated = [bearer]
        request.recovery = recovery
        return request.message
    }

    mutating func deleteSessionRequest(pgwTEID: UInt32, ebi: UInt8 = 5) -> GTPv2Message {
        var request = DeleteSessionRequest(teid: pgwTEID, sequenceNumber: nextSequence())
        request.linkedEBI = ebi
        return request.message
    }

    mutating func modifyBearerRequest(pgwTEID: UInt32, ebi: UInt8 = 5, sgwS5U: FTEID) -> GTPv2Message {
        var request = ModifyBearerRequest(teid: pgwTEID, sequenceNumber: nextSequence())
        var bearer = BearerContext()
        bearer.ebi = ebi
        bearer.setFTEID(sgwS5U, instance: 1)
        request.bearerContextsToBeModified = [bearer]
        return request.message
    }

    /// The SGW's Create Bearer Response (relaying the MME's): EBI, cause, its S5/S8-U F-TEID
    /// (instance 2) and the PGW's (instance 3).
    mutating func createBearerResponse(to request: GTPv2Message, sgwS5CTEID: UInt32, ebi: UInt8, accept: Bool = true) -> GTPv2Message {
        var response = CreateBearerResponse(teid: sgwS5CTEID, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(accept ? .requestAccepted : .ueRefuses)
        var context = BearerContext()
        context.ebi = ebi
        context.cause = GTPv2Cause(accept ? .requestAccepted : .ueRefuses)
        if accept { context.setFTEID(FTEID(interfaceType: .s5s8SGWGTPU, teid: allocate(), ipv4: Net.sgwS5U), instance: 2) }
        context.setFTEID(CreateBearerRequest(unchecked: request).bearerContexts.first?.fteid(1), instance: 3)
        response.bearerContexts = [context]
        return response.message
    }

    static func deleteBearerResponse(to request: GTPv2Message, sgwS5CTEID: UInt32) -> GTPv2Message {
        DeleteBearerResponse.accepting(request, teid: sgwS5CTEID)
    }

    /// The SGW's Update Bearer Response accepting every bearer of the request.
    static func updateBearerResponse(to request: GTPv2Message, sgwS5CTEID: UInt32) -> GTPv2Message {
        var response = UpdateBearerResponse(teid: sgwS5CTEID, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        response.bearerContexts = UpdateBearerRequest(unchecked: request).bearerContexts.map { requested in
            var result = BearerContext()
            result.ebi = requested.ebi
            result.cause = GTPv2Cause(.requestAccepted)
            return result
        }
        return response.message
    }
}
