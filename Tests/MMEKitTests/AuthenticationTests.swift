import Diameter
import GTPv2C
@testable import MMEKit
import MobileCrypto
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// Authentication and security mode, and the ways an attach fails before a session exists
/// (TS 24.301 5.4.2, 5.4.3, 5.5.1.2.5).
@Suite struct AuthenticationTests {
    /// The attach of `ue` up to the first NAS answer from the MME.
    static func startAttach(_ network: inout TestNetwork, _ ue: inout TestUE, _ enb: inout TestENB,
                            informationFlag: Bool = false, apn: String? = nil) {
        network.sendInitial(TestUE.plain(ue.attachRequest(apn: apn, informationFlag: informationFlag)), ue: &ue, enb: &enb)
    }

    /// ATTACH REJECT (or AUTHENTICATION REJECT), then the connection is released and no
    /// context stays.
    static func expectEnd(_ network: inout TestNetwork, _ ue: inout TestUE, _ enb: TestENB, failure: String) throws -> NASMessage {
        let answer = try network.downlinkNAS(&ue, enb: enb)
        let release = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(release.ueS1APIDs?.enbUES1APID == ue.enbUES1APID)
        #expect(network.mme.context.ues.isEmpty, "a context stayed: \(network.mme.context.ues.keys)")
        #expect(network.mme.statistics.attachFailures[failure] == 1, "\(network.mme.statistics.attachFailures)")
        #expect(network.timers.isEmpty)
        return answer
    }

    @Test func unknownSubscriberIsRejectedWithCause8() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber("001019999999999")
        Self.startAttach(&network, &ue, &enb)
        let reject = try Self.expectEnd(&network, &ue, enb, failure: "emm-8")
        guard case .emm(.attachReject(let attachReject)) = reject else {
            Issue.record("expected ATTACH REJECT, got \(reject)")
            return
        }
        #expect(attachReject.emmCause == .epsAndNonEPSServicesNotAllowed)
        #expect(network.gtpSent.isEmpty)
    }

    @Test(arguments: [(UInt32(5420), EMMCause.noSuitableCellsInTrackingArea), (5004, .plmnNotAllowed), (4181, .networkFailure)])
    func hssErrorsMapToEMMCauses(code: UInt32, cause: EMMCause) throws {
        var network = TestNetwork()
        network.hss.failWith = code
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb)
        guard case .emm(.attachReject(let reject)) = try Self.expectEnd(&network, &ue, enb, failure: "emm-\(cause.rawValue)") else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == cause)
    }

    @Test func synchFailureResynchronisesThroughTheHSS() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        ue.authenticationBehaviour = .synchFailure
        Self.startAttach(&network, &ue, &enb)
        guard case .emm(.authenticationRequest(let first)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected AUTHENTICATION REQUEST")
            return
        }
        let failure = ue.answer(first)
        guard case .emm(.authenticationFailure(let message)) = failure, let auts = message.auts else {
            Issue.record("the UE did not report a synch failure")
            return
        }
        network.sendUplink(TestUE.plain(failure), ue: ue, enb: enb)
        // A second Authentication-Information-Request, with RAND ‖ AUTS.
        let air = try #require(network.diameterSent.last)
        #expect(air.commandCode == 318)
        let resync = air[.requestedEUTRANAuthenticationInfo]?[.reSynchronizationInfo]?.value.octets.map(Array.init(buffer:))
        #expect(resync == Array(first.rand) + Array(auts))
        #expect(network.hss.resynchronisations == 1)
        // The new vector is fresh for the USIM: the attach goes on.
        guard case .emm(.authenticationRequest(let second)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected a second AUTHENTICATION REQUEST")
            return
        }
        #expect(Array(second.rand) != Array(first.rand))
        #expect(second.nasKeySetIdentifier.value != first.nasKeySetIdentifier.value)
        let response = ue.answer(second)
        guard case .emm(.authenticationResponse) = response else {
            Issue.record("the USIM refused the re-synchronised vector")
            return
        }
        network.sendUplink(TestUE.plain(response), ue: ue, enb: enb)
        network.sendUplink(try ue.acceptSecurityMode(try network.downlinkPDU(&ue, enb: enb)), ue: ue, enb: enb)
        try network.completeAttach(&ue, enb: &enb)
        #expect(network.mme.statistics.attachSuccesses == 1)
    }

    @Test func aSecondSynchFailureEndsTheAttach() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb)
        for _ in 0..<2 {
            guard case .emm(.authenticationRequest(let challenge)) = try network.downlinkNAS(&ue, enb: enb) else {
                Issue.record("expected AUTHENTICATION REQUEST")
                return
            }
            let auts = ue.milenage.auts(rand: Key128(bytes: Array(challenge.rand))!, sqnMS: SQN(0xFFFF_FFFF)!)
            let failure = AuthenticationFailure(emmCause: .synchFailure, auts: NASOctets(auts.bytes)!)
            network.sendUplink(TestUE.plain(.emm(.authenticationFailure(failure))), ue: ue, enb: enb)
            if network.pending(on: enb).count > 1 { break }
        }
        let answer = try Self.expectEnd(&network, &ue, enb, failure: "emm-21")
        guard case .emm(.authenticationReject) = answer else {
            Issue.record("expected AUTHENTICATION REJECT, got \(answer)")
            return
        }
    }

    @Test func macFailureIsAnsweredWithAuthenticationReject() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        ue.authenticationBehaviour = .macFailure
        Self.startAttach(&network, &ue, &enb)
        try network.answerChallenge(&ue, enb: enb)
        guard case .emm(.authenticationReject) = try Self.expectEnd(&network, &ue, enb, failure: "emm-20") else {
            Issue.record("expected AUTHENTICATION REJECT")
            return
        }
        #expect(network.diameterSent.count == 1, "no ULR after a MAC failure")
    }

    @Test func aWrongRESIsRejected() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb)
        guard case .emm(.authenticationRequest) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected AUTHENTICATION REQUEST")
            return
        }
        let wrong = AuthenticationResponse(res: NASOctets([1, 2, 3, 4, 5, 6, 7, 8])!)
        network.sendUplink(TestUE.plain(.emm(.authenticationResponse(wrong))), ue: ue, enb: enb)
        guard case .emm(.authenticationReject) = try Self.expectEnd(&network, &ue, enb, failure: "res-mismatch") else {
            Issue.record("expected AUTHENTICATION REJECT")
            return
        }
    }

    @Test func aUEWithoutAnAllowedAlgorithmIsRejectedWithCause23() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        // Only EIA0: the null integrity algorithm is for emergency attach alone.
        ue.capability = UENetworkCapability(eea: AlgorithmSupport([0]), eia: AlgorithmSupport([0]))
        Self.startAttach(&network, &ue, &enb)
        try network.answerChallenge(&ue, enb: enb)
        guard case .emm(.attachReject(let reject)) = try Self.expectEnd(&network, &ue, enb, failure: "emm-23") else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == .ueSecurityCapabilitiesMismatch)
    }

    @Test func eia0IsChosenOnlyForAnEmergencyAttach() throws {
        var configuration = TestNetwork.configuration
        configuration.security = .init(integrity: ["EIA0", "EIA2"], ciphering: ["EEA0"])
        let network = TestNetwork(configuration: configuration)
        let both = UENetworkCapability(eea: AlgorithmSupport([0, 2]), eia: AlgorithmSupport([0, 2]))
        #expect(network.mme.selectAlgorithms(both, emergency: false)?.0 == .eia2)
        #expect(network.mme.selectAlgorithms(both, emergency: true)?.0 == .eia0)
        let nullOnly = UENetworkCapability(eea: AlgorithmSupport([0]), eia: AlgorithmSupport([0]))
        #expect(network.mme.selectAlgorithms(nullOnly, emergency: false) == nil)
        #expect(network.mme.selectAlgorithms(nullOnly, emergency: true)?.1 == .eea0)
    }

    @Test func securityModeRejectEndsTheAttach() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb)
        try network.answerChallenge(&ue, enb: enb)
        _ = try network.downlinkPDU(&ue, enb: enb)
        let reject = SecurityModeReject(emmCause: .ueSecurityCapabilitiesMismatch)
        network.sendUplink(TestUE.plain(.emm(.securityModeReject(reject))), ue: ue, enb: enb)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        #expect(network.mme.context.ues.isEmpty)
        #expect(network.mme.statistics.attachFailures["security-mode-rejected"] == 1)
        #expect(network.diameterSent.count == 1)
    }

    @Test func esmInformationIsAskedForAfterSecurityMode() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb, informationFlag: true)
        try network.authenticateAndSecure(&ue, enb: enb)
        guard case .esm(.esmInformationRequest(let request)) = try network.downlinkNAS(&ue, enb: enb) else {
            Issue.record("expected ESM INFORMATION REQUEST")
            return
        }
        #expect(request.procedureTransactionIdentity == ue.pti)
        #expect(network.armed(.t3489).count == 1)
        #expect(network.diameterSent.count == 1, "Update Location waits for the APN")
        var response = ESMInformationResponse(header: request.header)
        response.accessPointName = AccessPointName("ims")
        response.protocolConfigurationOptions = TestUE.requestedPCO
        network.sendUplink(ue.protect(.esm(.esmInformationResponse(response))), ue: ue, enb: enb)
        #expect(network.armed(.t3489).isEmpty)
        let csr = CreateSessionRequest(unchecked: try #require(network.sent(.createSessionRequest).last))
        #expect(csr.apn?.name == "ims")
        #expect(csr.bearerContextsToBeCreated.first?.bearerQoS?.qci == 5)
        #expect(csr.pco == TestUE.requestedPCO)
        let ics = try network.expect(InitialContextSetupRequest.self, on: enb)
        // KeNB counts the ESM INFORMATION RESPONSE, the last uplink NAS message.
        #expect(ics.securityKey == KeyDerivation.kenb(kasme: try #require(ue.kasme), uplinkNASCount: ue.lastUplinkCount).bytes)
        #expect(ue.lastUplinkCount == 1)
    }

    @Test func anAPNOutsideTheSubscriptionIsRejectedWithESMCause27() throws {
        var network = TestNetwork()
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb, apn: "corporate")
        try network.authenticateAndSecure(&ue, enb: enb)
        guard case .emm(.attachReject(let reject)) = try Self.expectEnd(&network, &ue, enb, failure: "emm-19") else {
            Issue.record("expected ATTACH REJECT")
            return
        }
        #expect(reject.emmCause == .esmFailure)
        guard case .pdnConnectivityReject(let pdnReject)? = reject.esmMessageContainer?.message else {
            Issue.record("no PDN CONNECTIVITY REJECT in the ATTACH REJECT")
            return
        }
        #expect(pdnReject.esmCause == .missingOrUnknownAPN)
        #expect(pdnReject.procedureTransactionIdentity == ue.pti)
        #expect(network.gtpSent.isEmpty)
    }

    @Test func aRefusedCreateSessionRejectsTheAttachWithESMFailure() throws {
        var network = TestNetwork()
        network.sgw.refuseCreateSession = .allDynamicAddressesAreOccupied
        var enb = network.connectENB()
        var ue = TestNetwork.subscriber()
        Self.startAttach(&network, &ue, &enb)
        try network.authenticateAndSecure(&ue, enb: enb)
        guard case .emm(.attachReject(let reject)) = try Self.expectEnd(&network, &ue, enb, failure: "emm-19"),
              case .pdnConnectivityReject(let pdnReject)? = reject.esmMessageContainer?.message else {
            Issue.record("expected ATTACH REJECT with PDN CONNECTIVITY REJECT")
            return
        }
        #expect(pdnReject.esmCause == .insufficientResources)
    }
}
