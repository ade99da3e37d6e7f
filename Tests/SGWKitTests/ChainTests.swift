import GTPv2C
import GatewayKit
import NetworkTestSupport
import NIOCore
import PGWKit
import SGWKit
import Testing
import UserPlane
import Wire

/// The SGW and the PGW together, in process: an MME double drives them over S11, the SGW
/// talks to the real PGW logic over S5/S8.
struct Chain {
    var sgw = SGWHarness()
    var pgw: PGW
    var pgwRules: [PGWUserPlaneRule] = []
    static let sgwS5C = IPEndpoint(Net.sgwS5C, 2123)

    static let voice = PolicyRule(
        name: "voice",
        qos: BearerQoS(qci: 1, arp: AllocationRetentionPriority(priorityLevel: 2, mayPreempt: false, preemptable: true),
                       maximumBitRateUplink: 128, maximumBitRateDownlink: 128, guaranteedBitRateUplink: 128,
                       guaranteedBitRateDownlink: 128),
        packetFilters: [PacketFilter(direction: .bidirectional, id: 1, precedence: 1, components: [
            .protocolIdentifier(17), .localPortRange(50_000, 50_100),
        ])])

    static let pgwSettings = PGWSettings(
        s5cAddress: Net.pgw.address, s5uAddress: .v4(Net.pgwS5U),
        apns: [APNSettings(name: "internet", pool: IPv4Prefix("10.45.0.0/24")!, dns: [IPv4Address(10, 0, 9, 53)]),
               APNSettings(name: "ims", pool: IPv4Prefix("10.46.0.0/24")!, dns: [IPv4Address(10, 0, 9, 53)],
                           pcscf: [IPv4Address(10, 46, 1, 10)], policy: [voice])],
        timers: GTPCTimers(t3Response: .seconds(3), n3Requests: 2))

    init() {
        pgw = PGW(settings: Self.pgwSettings, recoveryCounter: 1,
                  identifiers: SequentialIdentifiers(firstTEID: 0x2000, firstSequence: 0x800, firstChargingID: 0x40))
    }

    /// Delivers a message from the MME and carries everything between SGW and PGW until only
    /// messages for the MME are left; returns those.
    mutating func fromMME(_ message: GTPv2Message) throws -> [GTPv2Message] {
        try run(sgw.deliver(message, from: Net.mme))
    }

    private mutating func run(_ first: [Sent]) throws -> [GTPv2Message] {
        var queue = first
        var toMME: [GTPv2Message] = []
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard next.to == Net.pgw else {
                toMME.append(next.message)
                continue
            }
            for action in pgw.handle(.gtp(next.message.encoded(), from: Self.sgwS5C)) {
                switch action {
                case .sendGTP(let message, _): queue += try sgw.deliver(message, from: Net.pgw)
                case .userPlane(let rule): pgwRules.append(rule)
                default: break
                }
            }
        }
        return toMME
    }
}

@Suite struct ChainTests {
    static let pco = ProtocolConfigurationOptions(containers: [.init(id: .pcscfIPv4Address), .init(id: .dnsServerIPv4Address)])

    @Test func attachWithADedicatedVoiceBearerThenDetach() throws {
        var chain = Chain()
        var mme = TestMME()
        let created = try chain.fromMME(mme.createSessionRequest(mmeTEID: 0x21, apn: "ims", pco: Self.pco))
        #expect(created.map(\.type) == [.createSessionResponse, .createBearerRequest],
                "the local policy's bearer follows the session at once")
        let response = try #require(CreateSessionResponse(created[0]))
        #expect(response.cause?.value == .requestAccepted)
        #expect(response.paa == PDNAddressAllocation(ipv4: IPv4Address(10, 46, 0, 2)))
        let pco = try #require(response.pco)
        #expect(pco.first(.pcscfIPv4Address)?.contents == IPAddress.v4(IPv4Address(10, 46, 1, 10)).encoded())
        #expect(pco.first(.dnsServerIPv4Address)?.contents == IPAddress.v4(IPv4Address(10, 0, 9, 53)).encoded())
        let sgwS11 = try #require(response.senderFTEID?.teid)
        let sgwS1U = try #require(response.bearerContextsCreated.first?.fteid(0))

        let bearerRequest = try #require(CreateBearerRequest(created[1]))
        #expect(bearerRequest.header.teid == 0x21)
        #expect(bearerRequest.bearerContexts.first?.tft?.packetFilters == Chain.voice.packetFilters)
        #expect(bearerRequest.bearerContexts.first?.bearerQoS == Chain.voice.qos)
        let bearerResponse = TestMME.createBearerResponse(to: created[1], sgwTEID: sgwS11, ebis: [6])
        #expect(try chain.fromMME(bearerResponse).isEmpty)
        #expect(try chain.fromMME(mme.modifyBearerRequest(sgwTEID: sgwS11, enb: TestMME.enbFTEID(0x51))).map(\.type)
                == [.modifyBearerResponse])

        // The PGW's user plane knows both bearers, and sends RTP to the UE on the voice bearer.
        guard case .install(let rule)? = chain.pgwRules.last else {
            Issue.record("no PGW session rule: \(chain.pgwRules)")
            return
        }
        #expect(rule.ueAddress == IPv4Address(10, 46, 0, 2))
        #expect(rule.bearers.map(\.ebi) == [5, 6])
        let rtp = DownlinkPacket.udp(from: IPv4Address(10, 46, 1, 20), 40_000, to: rule.ueAddress, 50_004)
        #expect(rule.bearers[1].packetFilters.compactMap(DownlinkFilter.init).contains { DownlinkPacket.matches($0, rtp) })
        // Downlink on the voice bearer goes to the SGW's S5/S8-U TEID of that bearer.
        let voiceAtSGW = try #require(chain.sgw.sgw.context.sessions[sgwS11]?.pdnConnections[5]?.bearers[6])
        #expect(rule.bearers[1].sgw.teid == voiceAtSGW.s5uTEID)
        #expect(rule.bearers[0].sgw.teid == chain.sgw.sgw.context.sessions[sgwS11]?.pdnConnections[5]?.bearers[5]?.s5uTEID)
        #expect(voiceAtSGW.s1uTEID != sgwS1U.teid)

        let deleted = try chain.fromMME(mme.deleteSessionRequest(sgwTEID: sgwS11))
        #expect(deleted.map(\.type) == [.deleteSessionResponse])
        #expect(deleted.first?.header.teid == 0x21)
        #expect(chain.pgwRules.last == .remove(ueAddress: IPv4Address(10, 46, 0, 2)))
        #expect(chain.pgw.context.pools["ims"]?.inUse == 0, "the address went back to the pool")
        #expect(chain.sgw.sgw.context.sessions.isEmpty)
        #expect(chain.pgw.context.sessions.isEmpty)
    }

    @Test func anUnknownAPNIsRefusedByThePGWAndTheMMEHearsIt() throws {
        var chain = Chain()
        var mme = TestMME()
        let answer = try chain.fromMME(mme.createSessionRequest(mmeTEID: 0x21, apn: "nowhere"))
        #expect(answer.first?.type == .createSessionResponse)
        #expect(answer.first?[.cause()]?.value == .missingOrUnknownAPN)
        #expect(chain.sgw.sgw.context.sessions.isEmpty)
    }
}
