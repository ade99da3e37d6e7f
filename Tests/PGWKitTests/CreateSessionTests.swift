import GTPv2C
import GatewayKit
import NIOCore
import PGWKit
import Testing
import Wire

@Suite struct CreateSessionTests {
    @Test func aSessionGetsAnAddressTheDefaultBearerAndTheRequestsQoS() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest()
        let answer = try pgw.deliver(request)
        #expect(answer.count == 1)
        #expect(answer[0].to == Net.sgw)
        let response = try #require(CreateSessionResponse(answer[0].message))
        let sgwControl = try #require(CreateSessionRequest(request)?.senderFTEID)
        #expect(response.header.teid == sgwControl.teid)
        #expect(response.cause?.value == .requestAccepted)
        #expect(response.paa == PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 2)), "after the gateway address .1")
        #expect(response.apnAMBR == AMBR(uplink: 50_000, downlink: 150_000))
        #expect(response.senderFTEID?.interfaceType == .s5s8PGWGTPC)
        #expect(response.senderFTEID?.address == Net.pgw.address)
        #expect(response.recovery == 9)
        #expect(response.pco == nil, "nothing asked, nothing answered")
        let bearer = try #require(response.bearerContextsCreated.first)
        #expect(bearer.ebi == 5)
        #expect(bearer.bearerQoS == TestSGW.defaultQoS)
        #expect(bearer.chargingID == 0x70)
        let pgwS5U = try #require(bearer.fteid(2))
        #expect(pgwS5U.interfaceType == .s5s8PGWGTPU)
        #expect(pgwS5U.address == .v4(Net.pgwS5U))
        let sgwS5U = try #require(CreateSessionRequest(request)?.bearerContextsToBeCreated.first?.fteid(2))
        #expect(pgw.userPlane == [.install(PGWSessionRule(ueAddress: IPv4Address(10, 45, 0, 2), apn: "internet", defaultEBI: 5,
                                                          bearers: [PGWBearerForwarding(ebi: 5, s5uTEID: pgwS5U.teid, sgw: sgwS5U,
                                                                                  packetFilters: [])]))])
        #expect(pgw.pgw.statistics.sessionsCreated == 1)
    }

    @Test func thePCOAnswersDNSPCSCFAndMTUAsAsked() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let asked = ProtocolConfigurationOptions(containers: [
            .init(id: .dnsServerIPv4Address), .init(id: .pcscfIPv4Address), .init(id: .ipv4LinkMTU),
        ])
        let internetAnswer = try pgw.deliver(sgw.createSessionRequest(pco: asked))
        let internet = try #require(CreateSessionResponse(internetAnswer[0].message)?.pco)
        #expect(internet.containers.filter { $0.id == .dnsServerIPv4Address }.map(\.contents)
                == [IPAddress.v4(IPv4Address(10, 0, 9, 53)).encoded(), IPAddress.v4(IPv4Address(10, 0, 9, 54)).encoded()])
        #expect(!internet.contains(.pcscfIPv4Address), "the internet APN has no P-CSCF")
        #expect(internet.first(.ipv4LinkMTU)?.contents == ByteBuffer(bytes: [0x05, 0x78]))
        let imsAnswer = try pgw.deliver(sgw.createSessionRequest(apn: "ims", pco: asked))
        let ims = try #require(CreateSessionResponse(imsAnswer[0].message)?.pco)
        #expect(ims.first(.pcscfIPv4Address)?.contents == IPAddress.v4(IPv4Address(10, 46, 1, 10)).encoded())
    }

    @Test func anIPCPRequestForDNSGetsAConfigureNak() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        // Configure-Request id 1: primary DNS 0.0.0.0 (129), secondary DNS 0.0.0.0 (131).
        let ipcp = ByteBuffer(bytes: [1, 1, 0, 16, 129, 6, 0, 0, 0, 0, 131, 6, 0, 0, 0, 0])
        let asked = ProtocolConfigurationOptions(containers: [.init(id: .ipcp, contents: ipcp)])
        let answer = try pgw.deliver(sgw.createSessionRequest(pco: asked))
        let pco = try #require(CreateSessionResponse(answer[0].message)?.pco)
        #expect(pco.first(.ipcp)?.contents == ByteBuffer(bytes: [3, 1, 0, 16, 129, 6, 10, 0, 9, 53, 131, 6, 10, 0, 9, 54]))
    }

    @Test func aStaticAddressInThePoolIsHonouredAndOneOutsideIsReplaced() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let inPool = try pgw.deliver(sgw.createSessionRequest(paa: PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 77))))
        #expect(CreateSessionResponse(inPool[0].message)?.paa?.ipv4 == IPv4Address(10, 45, 0, 77))
        let taken = try pgw.deliver(sgw.createSessionRequest(paa: PDNAddressAllocation(ipv4: IPv4Address(10, 45, 0, 77))))
        #expect(CreateSessionResponse(taken[0].message)?.paa?.ipv4 == IPv4Address(10, 45, 0, 2), "in use: a dynamic one")
        let outside = try pgw.deliver(sgw.createSessionRequest(paa: PDNAddressAllocation(ipv4: IPv4Address(192, 168, 0, 1))))
        #expect(CreateSessionResponse(outside[0].message)?.paa?.ipv4 == IPv4Address(10, 45, 0, 3))
    }

    @Test func aFullPoolGetsAllDynamicAddressesOccupied() throws {
        // A /29 has 8 addresses: network, gateway and broadcast leave 5 for UEs.
        var pgw = PGWHarness(settings: Net.settings(internetPool: "10.45.0.0/29"))
        var sgw = TestSGW()
        for host in 2...6 {
            let answer = try pgw.deliver(sgw.createSessionRequest())
            #expect(CreateSessionResponse(answer[0].message)?.paa?.ipv4 == IPv4Address(10, 45, 0, UInt8(host)))
        }
        let refused = try pgw.deliver(sgw.createSessionRequest())
        #expect(refused[0].message.type == .createSessionResponse)
        #expect(refused[0].message[.cause()]?.value == .allDynamicAddressesAreOccupied)
        #expect(pgw.pgw.context.sessions.count == 5)
        #expect(pgw.pgw.statistics.createSessionRejections == 1)
        // One session leaves: its address is free again.
        let first = try #require(pgw.pgw.context.session(of: IPv4Address(10, 45, 0, 4)))
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: first.s5cTEID))
        #expect(CreateSessionResponse(try pgw.deliver(sgw.createSessionRequest())[0].message)?.paa?.ipv4 == IPv4Address(10, 45, 0, 4))
    }

    @Test(arguments: [
        ("nowhere", PDNType.ipv4, GTPv2CauseValue.missingOrUnknownAPN),
        ("internet", PDNType.ipv6, GTPv2CauseValue.preferredPDNTypeNotSupported),
        ("internet", PDNType.ipv4v6, GTPv2CauseValue.newPDNTypeDueToSingleAddressBearerOnly),
    ])
    func theAPNAndPDNTypeDecideTheCause(apn: String, pdnType: PDNType, cause: GTPv2CauseValue) throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let answer = try pgw.deliver(sgw.createSessionRequest(apn: apn, pdnType: pdnType))
        #expect(answer[0].message[.cause()]?.value == cause)
        #expect(pgw.pgw.context.sessions.count == (cause.isAcceptance ? 1 : 0))
    }

    @Test func anIPv4v6ConnectionGetsAnAddressAndAPrefixWhileThereAreAny() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        // A /62 holds four /64s.
        for index in 0..<4 {
            let answer = try pgw.deliver(sgw.createSessionRequest(apn: "ims", pdnType: .ipv4v6))
            let response = try #require(CreateSessionResponse(answer[0].message))
            #expect(response.cause?.value == .requestAccepted)
            let expected = IPv6Address(high: IPv6Address("2001:db8:46::")!.high | UInt64(index), low: 1)
            #expect(response.paa == PDNAddressAllocation(ipv6Prefix: expected, prefixLength: 64,
                                                         ipv4: IPv4Address(10, 46, 0, UInt8(2 + index))))
        }
        guard case .install(let rule)? = pgw.userPlane.first else {
            Issue.record("no rule")
            return
        }
        #expect(rule.ueIPv6Prefix == IPv6Address("2001:db8:46::"))
        let fifth = try pgw.deliver(sgw.createSessionRequest(apn: "ims", pdnType: .ipv4v6))
        #expect(fifth[0].message[.cause()]?.value == .newPDNTypeDueToSingleAddressBearerOnly, "no prefix left: IPv4 only")
        #expect(CreateSessionResponse(fifth[0].message)?.paa == PDNAddressAllocation(ipv4: IPv4Address(10, 46, 0, 6)))
        let first = try #require(pgw.pgw.context.session(of: IPv4Address(10, 46, 0, 2)))
        _ = try pgw.deliver(sgw.deleteSessionRequest(pgwTEID: first.s5cTEID))
        #expect(pgw.pgw.context.ipv6Pools["ims"]?.inUse == 3, "the prefix went back")
    }

    @Test func aMissingMandatoryIEIsNamed() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        var request = sgw.createSessionRequest()
        request.remove(GTPv2IEKey(.ratType))
        let refused = try pgw.deliver(request)
        let cause = try #require(refused.first?.message[.cause()])
        #expect(cause.value == .mandatoryIEMissing)
        #expect(cause.offendingIE == GTPv2IEKey(.ratType))
        var noUserPlane = CreateSessionRequest(unchecked: sgw.createSessionRequest())
        var bearer = noUserPlane.bearerContextsToBeCreated[0]
        bearer.setFTEID(nil, instance: 2)
        noUserPlane.bearerContextsToBeCreated = [bearer]
        let refusedAgain = try pgw.deliver(noUserPlane.message)
        let missing = try #require(refusedAgain.first?.message[.cause()])
        #expect(missing.value == .conditionalIEMissing)
        #expect(missing.offendingIE == GTPv2IEKey(.fteid, instance: 2))
        #expect(pgw.pgw.context.sessions.isEmpty)
    }

    @Test func aDuplicateCreateSessionIsAnsweredFromTheCacheWithTheSameAddress() throws {
        var pgw = PGWHarness()
        var sgw = TestSGW()
        let request = sgw.createSessionRequest()
        let first = try pgw.deliver(request)
        let again = try pgw.deliver(request)
        #expect(again.map(\.message) == first.map(\.message))
        #expect(pgw.pgw.context.sessions.count == 1)
        #expect(pgw.pgw.context.pools["internet"]?.inUse == 1)
        #expect(pgw.pgw.statistics.duplicateRequests == 1)
    }
}
