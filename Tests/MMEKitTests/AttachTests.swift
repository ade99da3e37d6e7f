import Diameter
import GTPv2C
@testable import MMEKit
import MobileCrypto
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// Attach, message by message, with the contents each message must carry (TS 23.401 5.3.2.1).
@Suite struct AttachTests {
    @Test func s1SetupResponseNamesTheMME() throws {
        var network = TestNetwork()
        let enb = TestENB(association: ENBAssociationID(9), plmn: TestNetwork.plmn, tac: 1, macroID: 0x19B01)
        network.deliver(.s1apAssociationUp(enb.association, outboundStreams: 2))
        network.send(enb.s1SetupRequest(), from: enb, stream: 0)
        let response = try network.expect(S1SetupResponse.self, on: enb)
        #expect(response.mmeName == "vcore-mme")
        #expect(response.relativeMMECapacity == 127)
        let gummei = try #require(response.servedGUMMEIs?.first)
        #expect(gummei.servedPLMNs == [PLMNIdentity(TestNetwork.plmn)])
        #expect(gummei.servedGroupIDs == [0x8001])
        #expect(gummei.servedMMECs == [1])
        #expect(network.streams(on: enb) == [0])
        #expect(network.mme.context.setUpENBs == 1)
    }

    @Test func attachWithIMSICarriesTheRightValuesAtEachStep() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()

        // Authentication-Information-Request for the subscriber and the serving PLMN.
        let air = try #require(network.diameterSent.last)
        #expect(air.commandCode == 318 && air.isRequest)
        #expect(air[.userName]?.value.text == TestNetwork.subscriberIMSI)
        #expect(air[.visitedPLMNId]?.value.octets.map(Array.init(buffer:)) == [0x00, 0xF1, 0x10])
        #expect(air[.requestedEUTRANAuthenticationInfo]?[.numberOfRequestedVectors]?.value.unsigned32 == 1)
        #expect(air[.destinationRealm]?.value.text == "epc.mnc001.mcc001.3gppnetwork.org")

        // AUTHENTICATION REQUEST: plain, with the vector's RAND and an AUTN the USIM accepts.
        let challengePDU = try network.downlinkPDU(&ue, enb: enb)
        guard case .plain(.emm(.authenticationRequest(let challenge))) = try NASPDU.decode(ByteBuffer(bytes: challengePDU)) else {
            Issue.record("expected a plain AUTHENTICATION REQUEST")
            return
        }
        #expect(challenge.nasKeySetIdentifier.value == 0)
        #expect(network.armed(.t3460).count == 1)
        let answer = ue.answer(challenge)
        guard case .emm(.authenticationResponse) = answer else {
            Issue.record("the USIM refused the challenge: \(answer)")
            return
        }
        network.sendUplink(TestUE.plain(answer), ue: ue, enb: enb)

        // SECURITY MODE COMMAND: EEA2/EIA2 (first configured that the UE has), the UE's
        // capabilities replayed, IMEISV asked for, protected with the new context.
        let commandPDU = try network.downlinkPDU(&ue, enb: enb)
        guard case .protected(let envelope) = try NASPDU.decode(ByteBuffer(bytes: commandPDU)),
              case .emm(.securityModeCommand(let command)) = try envelope.decodeInner() else {
            Issue.record("expected a protected SECURITY MODE COMMAND")
            return
        }
        #expect(command.selectedAlgorithms == NASSecurityAlgorithms(ciphering: .eea2, integrity: .eia2))
        #expect(command.replayedUESecurityCapability.eea == ue.capability.eea)
        #expect(command.replayedUESecurityCapability.eia == ue.capability.eia)
        #expect(command.imeisvRequest?.isRequested == true)
        #expect(envelope.sequenceNumber == 0)
        network.sendUplink(try ue.acceptSecurityMode(commandPDU), ue: ue, enb: enb)
        #expect(network.armed(.t3460).isEmpty)

        // Update-Location-Request: initial attach, S6a, with the IMEISV the UE gave.
        let ulr = try #require(network.diameterSent.last)
        #expect(ulr.commandCode == 316)
        #expect(ulr[.ulrFlags]?.value.unsigned32 == 0x22)
        #expect(ulr[.ratType]?.value.unsigned32 == 1004)
        #expect(ulr[.terminalInformation]?[.imei]?.value.text == "35349006987331")
        #expect(ulr[.terminalInformation]?[.softwareVersion]?.value.text == "90")

        // Create Session Request from the subscription.
        let csr = CreateSessionRequest(unchecked: try #require(network.sent(.createSessionRequest).last))
        #expect(csr.header.teid == 0)
        #expect(csr.imsi == ue.imsi)
        #expect(csr.msisdn == MSISDN("491701234567"))
        #expect(csr.mei == TestUE.imeisv)
        #expect(csr.apn?.name == "internet")
        #expect(csr.pdnType == .ipv4)
        #expect(csr.ratType == .eutran)
        #expect(csr.servingNetwork == TestNetwork.plmn)
        #expect(csr.userLocation?.tai == enb.tai)
        #expect(csr.apnAMBR == AMBR(uplink: 50_000, downlink: 100_000))
        #expect(csr.pco == TestUE.requestedPCO)
        #expect(csr.recovery == 3)
        let sender = try #require(csr.senderFTEID)
        #expect(sender.interfaceType == .s11MMEGTPC && sender.ipv4 == IPv4Address(10, 0, 1, 10))
        #expect(csr.pgwS5S8Address?.ipv4 == IPv4Address(10, 0, 3, 1))
        let bearer = try #require(csr.bearerContextsToBeCreated.first)
        #expect(bearer.ebi == 5)
        #expect(bearer.bearerQoS?.qci == 9)
        #expect(bearer.bearerQoS?.arp == AllocationRetentionPriority(priorityLevel: 8, mayPreempt: false, preemptable: true))

        // Initial Context Setup: KeNB from KASME and the uplink COUNT of SECURITY MODE COMPLETE.
        let ics = try network.expect(InitialContextSetupRequest.self, on: enb)
        let kasme = try #require(ue.kasme)
        #expect(ics.securityKey == KeyDerivation.kenb(kasme: kasme, uplinkNASCount: ue.lastUplinkCount).bytes)
        #expect(ics.ueSecurityCapabilities?.encryptionAlgorithms.value == 0xC000, "EEA1 and EEA2")
        #expect(ics.ueSecurityCapabilities?.integrityProtectionAlgorithms.value == 0xC000, "EIA1 and EIA2")
        #expect(ics.ueAggregateMaximumBitrate?.ueAggregateMaximumBitRateDL == 200_000_000)
        #expect(ics.ueAggregateMaximumBitrate?.ueAggregateMaximumBitRateUL == 100_000_000)
        let erab = try #require(ics.erabsToBeSetup?.first)
        let session = try #require(network.sgw.sessions.first)
        #expect(erab.erabID == 5)
        #expect(erab.erabLevelQoSParameters.qci == 9)
        #expect(erab.erabLevelQoSParameters.allocationRetentionPriority.priorityLevel == 8)
        #expect(erab.transportLayerAddress.transportLayerAddresses == [.v4(TestSGW.userPlane)])
        #expect(network.armed(.t3450).count == 1)

        // ATTACH ACCEPT inside: GUTI, TAI list, T3412, the default bearer.
        guard case .emm(.attachAccept(let accept)) = try ue.receive(try #require(erab.nasPDU)),
              case .activateDefaultEPSBearerContextRequest(let activate)? = accept.esmMessageContainer.message else {
            Issue.record("no ATTACH ACCEPT with ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST")
            return
        }
        let guti = try #require(accept.guti?.guti)
        #expect(guti.plmn == TestNetwork.plmn && guti.mmeGroupID == 0x8001 && guti.mmeCode == 1)
        #expect(accept.attachResult == .epsOnly)
        #expect(accept.t3412 == GPRSTimer(9, unit: .decihours))
        #expect(accept.taiList.tais == [1, 2, 3].map { TAI(plmn: TestNetwork.plmn, tac: $0) })
        #expect(accept.epsNetworkFeatureSupport?.imsVoiceOverPS == true)
        #expect(activate.bearerIdentity == 5)
        #expect(activate.procedureTransactionIdentity == ue.pti)
        #expect(activate.accessPointName.name == "internet")
        #expect(activate.pdnAddress.ipv4 == session.address)
        #expect(activate.epsQoS.qci == 9)
        #expect(activate.apnAMBR == APNAggregateMaximumBitRate(downlink: 100_000, uplink: 50_000))
        #expect(activate.protocolConfigurationOptions == TestSGW.grantedPCO)
        ue.guti = guti

        // ICS Response alone does not modify the bearer; with ATTACH COMPLETE it does.
        var teids: [UInt8: UInt32]
        let response: S1APMessage
        (response, teids) = enb.initialContextSetupResponse(ue, to: ics)
        network.send(response, from: enb)
        #expect(network.sent(.modifyBearerRequest).isEmpty)
        network.sendUplink(ue.protect(network.attachComplete(5)), ue: ue, enb: enb)
        let mbr = ModifyBearerRequest(unchecked: try #require(network.sent(.modifyBearerRequest).last))
        #expect(mbr.header.teid == session.sgwTEID)
        #expect(mbr.bearerContextsToBeModified.first?.ebi == 5)
        #expect(mbr.bearerContextsToBeModified.first?.fteid(0) == FTEID(interfaceType: .s1uENodeBGTPU, teid: teids[5]!,
                                                                        ipv4: enb.userPlane))
        #expect(network.sgw.enbFTEIDs[5]?.teid == teids[5])
        guard case .emm(.emmInformation(let information)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected EMM INFORMATION")
            return
        }
        #expect(information.fullNetworkName == NetworkName("VCore"))

        let context = try #require(network.ueContext(ue))
        #expect(context.emmState == .registered)
        #expect(context.guti == guti)
        #expect(context.pdnConnections.map(\.state) == [.active])
        #expect(network.mme.statistics.attachAttempts == 1)
        #expect(network.mme.statistics.attachSuccesses == 1)
        #expect(network.timers.isEmpty, "timers left armed: \(network.timers.keys)")
        #expect(network.streams(on: enb).dropFirst().allSatisfy { $0 != 0 }, "UE-associated signalling on stream 0")
    }

    @Test func attachCompleteBeforeTheContextSetupResponseWaitsForIt() throws {
        var (network, ue, enb) = TestNetwork.attachStarted()
        try network.authenticateAndSecure(&ue, enb: enb)
        let ics = try network.expect(InitialContextSetupRequest.self, on: enb)
        _ = try ue.receive(try #require(ics.erabsToBeSetup?.first?.nasPDU))
        network.sendUplink(ue.protect(network.attachComplete(5)), ue: ue, enb: enb)
        #expect(network.sent(.modifyBearerRequest).isEmpty)
        network.send(enb.initialContextSetupResponse(ue, to: ics).0, from: enb)
        #expect(network.sent(.modifyBearerRequest).count == 1)
        #expect(network.mme.statistics.attachSuccesses == 1)
    }

    @Test func attachWithAnUnknownGUTIAsksForTheIMSI() throws {
        var (network, ue, enb) = TestNetwork.attachStarted(guti: GUTI(plmn: TestNetwork.plmn, mmeGroupID: 0x8001, mmeCode: 1,
                                                                       mTMSI: 0x1234_5678))
        guard case .emm(.identityRequest(let request)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected IDENTITY REQUEST")
            return
        }
        #expect(request.identityType == .imsi)
        #expect(network.armed(.t3470).count == 1)
        #expect(network.diameterSent.isEmpty)
        let response = IdentityResponse(mobileIdentity: MobileIdentity(digits: ue.imsi.digits, type: 1))
        network.sendUplink(TestUE.plain(.emm(.identityResponse(response))), ue: ue, enb: enb)
        #expect(network.armed(.t3470).isEmpty)
        try network.authenticateAndSecure(&ue, enb: enb)
        try network.completeAttach(&ue, enb: &enb)
        #expect(network.ueContext(ue)?.emmState == .registered)
    }

    @Test func attachWithTheGUTIOfARegisteredUEIsVerifiedWithItsContext() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        try network.attach(&ue, enb: &enb)
        let first = try #require(network.ueContext(ue)).id
        try network.goIdle(&ue, enb: enb)
        // Integrity protected with the current context: the MME knows the UE, asks no identity.
        network.sendInitial(ue.initial(ue.attachRequest(byGUTI: true)), ue: &ue, enb: &enb)
        // The same context carries on, on the new connection; its old session goes first.
        #expect(network.mme.context.ues.count == 1)
        #expect(network.mme.context.ues[first]?.connection?.enbUES1APID == ue.enbUES1APID)
        #expect(network.sent(.deleteSessionRequest).count == 1)
        try network.answerChallenge(&ue, enb: enb)
        let command = try network.downlinkPDU(&ue, enb: enb)
        network.sendUplink(try ue.acceptSecurityMode(command), ue: ue, enb: enb)
        try network.completeAttach(&ue, enb: &enb)
        #expect(network.mme.context.ues[first]?.pdnConnections.map(\.state) == [.active], "one session: the old one is gone")
        #expect(network.sgw.sessions.count == 1)
    }
}
