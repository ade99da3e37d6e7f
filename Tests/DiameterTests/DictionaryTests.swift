import NIOCore
import Testing
@testable import Diameter

@Suite("Diameter dictionary")
struct DictionaryTests {
    private struct Key: Hashable, CustomStringConvertible {
        let code: UInt32, vendor: UInt32
        var description: String { "\(code)/\(vendor)" }
    }

    @Test func noCodeIsDefinedTwice() {
        var seen: [Key: AVPDefinition] = [:]
        for definition in AVPDefinition.allStandard {
            let key = Key(code: definition.code, vendor: definition.vendor)
            #expect(seen[key] == nil, "\(key) is both \(seen[key]!.name) and \(definition.name)")
            seen[key] = definition
        }
        #expect(seen.count == AVPDefinition.allStandard.count)
    }

    @Test func namesAreUniqueButForServiceType() {
        let byName = Dictionary(grouping: AVPDefinition.allStandard, by: \.name).filter { $0.value.count > 1 }
        // RFC 7155 Service-Type (6) and TS 29.272 Service-Type (1483): the IETF one keeps the name.
        #expect(Set(byName.keys) == ["Service-Type"])
        #expect(DiameterDictionary.standard.definition(named: "Service-Type") == .serviceType)
        #expect(AVPDefinition.lcsServiceType.code == 1483)
    }

    @Test func standardDictionaryFindsEveryDefinition() {
        for definition in AVPDefinition.allStandard {
            #expect(DiameterDictionary.standard.definition(code: definition.code, vendor: definition.vendor) == definition)
        }
        #expect(DiameterDictionary.standard.allDefinitions.count == AVPDefinition.allStandard.count)
        #expect(DiameterDictionary.standard.definition(code: 1400, vendor: 0) == nil)
    }

    @Test func namesOtherCodeRelies() {
        #expect(AVPDefinition.sessionId.code == 263 && AVPDefinition.sessionId.type == .utf8String)
        #expect(AVPDefinition.originHost.code == 264 && AVPDefinition.originHost.type == .diameterIdentity)
        #expect(AVPDefinition.originRealm.code == 296)
        #expect(AVPDefinition.resultCode.code == 268 && AVPDefinition.resultCode.type == .unsigned32)
        #expect(AVPDefinition.experimentalResult.code == 297 && AVPDefinition.experimentalResult.type == .grouped)
        #expect(AVPDefinition.experimentalResultCode.code == 298)
        #expect(AVPDefinition.vendorId.code == 266)
    }

    @Test func vendorsAreIETFOrThreeGPPButForKamailio() {
        let vendors = Set(AVPDefinition.allStandard.map(\.vendor))
        #expect(vendors == [DiameterVendor.ietf, DiameterVendor.tgpp, 50])
        #expect(AVPDefinition.kamailioCallId.mandatory == .mustNot)
    }

    @Test func enumerationsOnlyOnEnumeratedAVPs() {
        for definition in AVPDefinition.allStandard where !definition.enumeration.isEmpty {
            #expect(definition.type == .enumerated, "\(definition) names values but is \(definition.type)")
        }
    }

    @Test(arguments: [
        AVPDefinition.authSessionState, .ccRequestType, .ratType, .pdnType, .serverAssignmentType,
        .subscriptionIdType, .eventTrigger, .mediaType, .flowStatus, .disconnectCause, .reAuthRequestType,
        .terminationCause, .cancellationType, .userAuthorizationType, .reasonCode, .bearerOperation,
        .flowDirection, .preEmptionCapability, .preEmptionVulnerability, .qosClassIdentifier, .ipCANType,
        .subscriberStatus, .networkAccessMode, .allAPNConfigurationsIncludedIndicator, .specificAction,
        .userDataAlreadyAvailable, .abortCause, .sessionReleaseCause, .ruleFailureCode, .pccRuleStatus,
    ])
    func enumerationsThatMatterHaveValueNames(definition: AVPDefinition) {
        #expect(definition.type == .enumerated)
        #expect(!definition.enumeration.isEmpty, "\(definition) has no value names")
    }

    @Test func someValuesFromTheSpecifications() {
        #expect(AVPDefinition.authSessionState.enumeration[1] == "NO_STATE_MAINTAINED")
        #expect(AVPDefinition.ccRequestType.enumeration[3] == "TERMINATION_REQUEST")
        #expect(AVPDefinition.ratType.enumeration[1004] == "EUTRAN")
        #expect(AVPDefinition.pdnType.enumeration[2] == "IPv4v6")
        #expect(AVPDefinition.serverAssignmentType.enumeration[1] == "REGISTRATION")
        #expect(AVPDefinition.mediaType.enumeration[-1] == "OTHER")
        #expect(AVPDefinition.eventTrigger.enumeration[26] == "TAI_CHANGE")
        #expect(AVPDefinition.flowStatus.enumeration[2] == "ENABLED")
    }

    @Test func flagRulesOfAFewAVPs() {
        // M bit set: RFC 6733 base AVPs, 29.272 Rel-8 AVPs, 29.214 Rel-7 AVPs.
        for definition in [AVPDefinition.sessionId, .subscriptionData, .ulrFlags, .mediaComponentDescription,
                           .qosClassIdentifier, .publicIdentity] {
            #expect(definition.mandatory == .must, "\(definition)")
        }
        // M bit must not be set: RFC 6733 Product-Name, later 3GPP AVPs.
        for definition in [AVPDefinition.productName, .firmwareRevision, .errorMessage, .ratType,
                           .allocationRetentionPriority, .ueSRVCCCapability, .rxRequestType, .uarFlags] {
            #expect(definition.mandatory == .mustNot, "\(definition)")
        }
        #expect(AVPDefinition.supportedFeatures.mandatory == .may)
    }

    @Test func builtAVPsCarryTheFlagsOfTheirDefinition() {
        let ulrFlags = AVP(.ulrFlags, unsigned32: 0x22)
        #expect(ulrFlags.flags == [.vendorSpecific, .mandatory])
        #expect(ulrFlags.vendorID == DiameterVendor.tgpp)
        let ratType = AVP(.ratType, enumerated: 1004)
        #expect(ratType.flags == [.vendorSpecific])
        let productName = AVP(.productName, "VCore")
        #expect(productName.flags == [])
        #expect(AVP(.originHost, "hss.vcore").flags == [.mandatory])
    }

    @Test func avpsRoundTripThroughTheDecoderTyped() throws {
        var message = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 316,
                                                             applicationID: 16_777_251, hopByHop: 1, endToEnd: 2))
        message.append(AVP(.sessionId, "mme;1;2"))
        message.append(AVP(.ratType, enumerated: 1004))
        message.append(AVP(.visitedPLMNId, octets: [0x00, 0xF1, 0x10]))
        message.append(AVP(.subscriptionData, [AVP(.subscriberStatus, enumerated: 0),
                                               AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 1000)])]))
        let decoded = try DiameterMessage.decode(message.encoded())
        #expect(decoded == message)
        #expect(decoded[.subscriptionData]?[.ambr]?[.maxRequestedBandwidthUL]?.value == .unsigned32(1000))
    }
}

@Suite("Diameter commands and applications")
struct DictionaryCommandTests {
    @Test(arguments: [
        (UInt32(257), "Capabilities-Exchange"), (280, "Device-Watchdog"), (282, "Disconnect-Peer"),
        (318, "Authentication-Information"), (316, "Update-Location"), (321, "Purge-UE"), (317, "Cancel-Location"),
        (319, "Insert-Subscriber-Data"), (320, "Delete-Subscriber-Data"), (323, "Notify"), (322, "Reset"),
        (300, "User-Authorization"), (301, "Server-Assignment"), (302, "Location-Info"), (303, "Multimedia-Auth"),
        (304, "Registration-Termination"), (305, "Push-Profile"), (272, "Credit-Control"), (258, "Re-Auth"),
        (265, "AA"), (275, "Session-Termination"), (274, "Abort-Session"), (271, "Accounting"),
    ])
    func commandNamesAsTsharkPrintsThem(code: UInt32, name: String) {
        #expect(DiameterCommand.named(code: code)?.name == name)
    }

    @Test func unknownCommandsHaveNoName() {
        #expect(DiameterCommand.named(code: 9999) == nil)
        #expect(DiameterCommand.command(code: 9999, application: .gx) == nil)
    }

    @Test func everyRowRequiresOriginHostAndRealm() {
        for command in DiameterCommand.all {
            #expect(command.requiredInRequest.contains(.originHost) && command.requiredInRequest.contains(.originRealm))
            #expect(command.requiredInAnswer.contains(.originHost) && command.requiredInAnswer.contains(.originRealm))
            let sessionBased = ![257, 280, 282].contains(command.code)
            #expect(command.requiredInRequest.contains(.sessionId) == sessionBased, "\(command)")
            #expect(Set(command.requiredInRequest.map(\.code)).count == command.requiredInRequest.count, "\(command)")
        }
    }

    @Test func applicationRowsFollowTheirOwnABNF() throws {
        let gxRAR = try #require(DiameterCommand.command(code: 258, application: .gx))
        #expect(gxRAR.application == .gx)
        #expect(!gxRAR.requiredInAnswer.contains(.resultCode))  // [ Result-Code ] on Gx (29.212 5.6.5)
        let rxRAR = try #require(DiameterCommand.command(code: 258, application: .rx))
        #expect(rxRAR.requiredInRequest.contains(.specificAction))
        let otherRAR = try #require(DiameterCommand.command(code: 258, application: DiameterApplication(rawValue: 99)))
        #expect(otherRAR.application == .common && otherRAR.requiredInAnswer.contains(.resultCode))
        #expect(DiameterCommand.command(code: 272, application: .gx)?.requiredInRequest.contains(.serviceContextId) == false)
        #expect(DiameterCommand.command(code: 272, application: .creditControl)?.requiredInRequest
                    .contains(.serviceContextId) == true)
        #expect(DiameterCommand.command(code: 316, application: .s6a)?.requiredInRequest
                    == [.sessionId, .authSessionState, .originHost, .originRealm, .destinationRealm, .userName,
                        .ratType, .ulrFlags, .visitedPLMNId])
    }

    @Test func missingRequiredAVPsOfABuiltRequest() {
        var air = DiameterMessage(header: DiameterHeader(flags: [.request, .proxiable], commandCode: 318,
                                                         applicationID: DiameterApplication.s6a.rawValue,
                                                         hopByHop: 1, endToEnd: 1))
        for avp in [AVP(.sessionId, "mme;1"), AVP(.authSessionState, enumerated: 1), AVP(.originHost, "mme"),
                    AVP(.originRealm, "epc"), AVP(.destinationRealm, "epc")] {
            air.append(avp)
        }
        #expect(air.missingRequiredAVPs == [.userName, .visitedPLMNId])
        air.append(AVP(.userName, "001010123456789"))
        air.append(AVP(.visitedPLMNId, octets: [0x00, 0xF1, 0x10]))
        #expect(air.missingRequiredAVPs.isEmpty)

        var errorAnswer = DiameterMessage(header: air.header.answerHeader(error: true))
        errorAnswer.append(AVP(.originHost, "hss"))
        #expect(errorAnswer.missingRequiredAVPs == [.originRealm, .resultCode])
    }

    @Test func applicationIdentifiers() {
        #expect(DiameterApplication.common.rawValue == 0)
        #expect(DiameterApplication.s6a.rawValue == 16_777_251)
        #expect(DiameterApplication.cx.rawValue == 16_777_216)
        #expect(DiameterApplication.gx.rawValue == 16_777_238)
        #expect(DiameterApplication.rx.rawValue == 16_777_236)
        #expect(DiameterApplication.sh.rawValue == 16_777_217)
        #expect(DiameterApplication.gx.vendor == DiameterVendor.tgpp)
        #expect(DiameterApplication.common.vendor == DiameterVendor.ietf)
    }

    @Test func experimentalResultCodes() {
        #expect(ExperimentalResultCode.userUnknown.rawValue == 5001)
        #expect(ExperimentalResultCode.roamingNotAllowed.rawValue == 5004)
        #expect(ExperimentalResultCode.unknownEPSSubscription.rawValue == 5420)
        #expect(ExperimentalResultCode.ratNotAllowed.rawValue == 5421)
        #expect(ExperimentalResultCode.equipmentUnknown.rawValue == 5422)
        #expect(ExperimentalResultCode.unknownServingNode.rawValue == 5423)
        #expect(ExperimentalResultCode.authenticationDataUnavailable.rawValue == 4181)
        #expect(ExperimentalResultCode.firstRegistration.rawValue == 2001)
        #expect(ExperimentalResultCode.subsequentRegistration.rawValue == 2002)
        #expect(ExperimentalResultCode.unregisteredService.rawValue == 2003)
        #expect(ExperimentalResultCode.successServerNameNotStored.rawValue == 2004)
        #expect(ExperimentalResultCode.ipCANSessionNotAvailable.rawValue == 5065)
        #expect(ExperimentalResultCode.requestedServiceNotAuthorized.rawValue == 5063)
        #expect(ExperimentalResultCode.firstRegistration.isSuccess)
        #expect(ExperimentalResultCode.authenticationDataUnavailable.isTransientFailure)
        #expect(ExperimentalResultCode.userUnknown.isPermanentFailure)
    }
}
