import NIOCore
import Wire
import Diameter

/// Cx, Gx and Rx samples (the IMS and policy side of VCore).
public enum DiameterIMSSamples {
    typealias S = DiameterSamples

    static func cxRequest(_ code: UInt32, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        S.message(code, .cx, request: true, id: id, [S.session(S.scscfHost, Int(id)), S.vendorApplication(.cx), S.noStateMaintained]
                  + S.origin(S.scscfHost, S.imsRealm) + [AVP(.destinationRealm, S.imsRealm)] + avps)
    }

    static func cxAnswer(_ code: UInt32, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        S.message(code, .cx, request: false, id: id, [S.session(S.scscfHost, Int(id)), S.vendorApplication(.cx), S.noStateMaintained]
                  + S.origin("hss.ims.mnc001.mcc001.3gppnetwork.org", S.imsRealm) + avps)
    }

    static func experimental(_ code: UInt32) -> AVP {
        AVP(.experimentalResult, [AVP(.vendorId, unsigned32: DiameterVendor.tgpp), AVP(.experimentalResultCode, unsigned32: code)])
    }

    public static var cx: [DiameterMessage] {
        [
            cxRequest(300, id: 20, [AVP(.userName, S.impi), AVP(.publicIdentity, S.impu),
                                    AVP(.visitedNetworkIdentifier, octets: Array(S.imsRealm.utf8)),
                                    AVP(.userAuthorizationType, enumerated: 0)]),
            cxAnswer(300, id: 20, [experimental(2001), AVP(.serverName, "sip:\(S.scscfHost):6060")]),
            cxRequest(303, id: 21, [AVP(.destinationHost, "hss.ims.mnc001.mcc001.3gppnetwork.org"), AVP(.userName, S.impi),
                                    AVP(.publicIdentity, S.impu),
                                    AVP(.sipAuthDataItem, [AVP(.sipAuthenticationScheme, "Digest-AKAv1-MD5")]),
                                    AVP(.sipNumberAuthItems, unsigned32: 1), AVP(.serverName, "sip:\(S.scscfHost):6060")]),
            cxAnswer(303, id: 21, [S.success, AVP(.userName, S.impi), AVP(.publicIdentity, S.impu),
                                   AVP(.sipNumberAuthItems, unsigned32: 1),
                                   AVP(.sipAuthDataItem, [
                                       AVP(.sipItemNumber, unsigned32: 1),
                                       AVP(.sipAuthenticationScheme, "Digest-AKAv1-MD5"),
                                       AVP(.sipAuthenticate, octets: Array(repeating: 0x11, count: 32)),
                                       AVP(.sipAuthorization, octets: Array(repeating: 0x22, count: 8)),
                                       AVP(.confidentialityKey, octets: Array(repeating: 0x33, count: 16)),
                                       AVP(.integrityKey, octets: Array(repeating: 0x44, count: 16)),
                                   ])]),
            cxRequest(301, id: 22, [AVP(.destinationHost, "hss.ims.mnc001.mcc001.3gppnetwork.org"), AVP(.userName, S.impi),
                                    AVP(.publicIdentity, S.impu), AVP(.serverName, "sip:\(S.scscfHost):6060"),
                                    AVP(.serverAssignmentType, enumerated: 1), AVP(.userDataAlreadyAvailable, enumerated: 0)]),
            cxAnswer(301, id: 22, [S.success, AVP(.userName, S.impi),
                                   AVP(.userData, octets: Array("<IMSSubscription><PrivateID>\(S.impi)</PrivateID></IMSSubscription>".utf8)),
                                   AVP(.chargingInformation, [AVP(.primaryEventChargingFunctionName, "aaa://ocs.ims:3868")])]),
            cxRequest(302, id: 23, [AVP(.publicIdentity, "tel:+491711234567")]),
            cxAnswer(302, id: 23, [experimental(2001), AVP(.serverName, "sip:\(S.scscfHost):6060")]),
            cxRequest(304, id: 24, [AVP(.destinationHost, S.scscfHost), AVP(.userName, S.impi),
                                    AVP(.deregistrationReason, [AVP(.reasonCode, enumerated: 0), AVP(.reasonInfo, "administrative")])]),
            cxAnswer(304, id: 24, [S.success]),
            cxRequest(305, id: 25, [AVP(.destinationHost, S.scscfHost), AVP(.userName, S.impi),
                                    AVP(.userData, octets: Array("<IMSSubscription/>".utf8))]),
            cxAnswer(305, id: 25, [S.success]),
        ]
    }

    static let framedIP = AVP(.framedIPAddress, octets: [10, 45, 0, 2])
    static let subscriber = AVP(.subscriptionId, [AVP(.subscriptionIdType, enumerated: 1), AVP(.subscriptionIdData, S.imsi)])
    static let voiceFlows = [
        AVP(.flowDescription, "permit out 17 from 10.46.0.9 40000-40019 to 10.45.0.2 50000-50019"),
        AVP(.flowDescription, "permit in 17 from 10.45.0.2 50000-50019 to 10.46.0.9 40000-40019"),
    ]

    static func gx(_ code: UInt32, request: Bool, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        let host = request == (code == 272) ? S.pgwHost : S.pcrfHost
        var list = [S.session(S.pgwHost, Int(id)), AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue)]
        list += S.origin(host, S.epcRealm)
        if request { list.append(AVP(.destinationRealm, S.epcRealm)) }
        return S.message(code, .gx, request: request, id: id, list + avps)
    }

    static let bearerQoS = AVP(.qosInformation, [
        AVP(.qosClassIdentifier, enumerated: 1),
        AVP(.maxRequestedBandwidthUL, unsigned32: 128_000), AVP(.maxRequestedBandwidthDL, unsigned32: 128_000),
        AVP(.guaranteedBitrateUL, unsigned32: 128_000), AVP(.guaranteedBitrateDL, unsigned32: 128_000),
        AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: 2), AVP(.preEmptionCapability, enumerated: 0),
                                           AVP(.preEmptionVulnerability, enumerated: 1)]),
    ])

    public static var gx: [DiameterMessage] {
        [
            gx(272, request: true, id: 30, [
                AVP(.ccRequestType, enumerated: 1), AVP(.ccRequestNumber, unsigned32: 0), subscriber, framedIP,
                AVP(.ipCANType, enumerated: 5), AVP(.ratType, enumerated: 1004), AVP(.calledStationId, "internet"),
                AVP(.tgppSGSNMCCMNC, "00101"),
                AVP(.qosInformation, [AVP(.apnAggregateMaxBitrateUL, unsigned32: 1_024_000), AVP(.apnAggregateMaxBitrateDL, unsigned32: 1_024_000)]),
                AVP(.networkRequestSupport, enumerated: 1),
            ]),
            gx(272, request: false, id: 30, [
                S.success, AVP(.ccRequestType, enumerated: 1), AVP(.ccRequestNumber, unsigned32: 0),
                AVP(.defaultEPSBearerQoS, [AVP(.qosClassIdentifier, enumerated: 9),
                                           AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: 8)])]),
                AVP(.qosInformation, [AVP(.apnAggregateMaxBitrateUL, unsigned32: 1_024_000), AVP(.apnAggregateMaxBitrateDL, unsigned32: 1_024_000)]),
                AVP(.eventTrigger, enumerated: 2),
            ]),
            gx(258, request: true, id: 31, [
                AVP(.destinationHost, S.pgwHost), AVP(.reAuthRequestType, enumerated: 0),
                AVP(.chargingRuleInstall, [AVP(.chargingRuleDefinition, [
                    AVP(.chargingRuleName, octets: Array("voice-1".utf8)),
                    AVP(.flowInformation, [AVP(.flowDescription, "permit out 17 from 10.46.0.9 40000-40019 to 10.45.0.2 50000-50019"),
                                           AVP(.flowDirection, enumerated: 1)]),
                    AVP(.flowStatus, enumerated: 2), bearerQoS, AVP(.precedence, unsigned32: 10),
                ])]),
            ]),
            gx(258, request: false, id: 31, [S.success]),
        ]
    }

    static func rx(_ code: UInt32, request: Bool, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        let requester = code == 265 || code == 275
        let host = request == requester ? S.pcscfHost : S.pcrfHost
        var list = [S.session(S.pcscfHost, Int(id))]
        if code == 265 || code == 275 || code == 274 || request { list.append(AVP(.authApplicationId, unsigned32: DiameterApplication.rx.rawValue)) }
        list += S.origin(host, request == requester ? S.imsRealm : S.epcRealm)
        if request { list.append(AVP(.destinationRealm, requester ? S.epcRealm : S.imsRealm)) }
        if request && !requester { list.append(AVP(.destinationHost, S.pcscfHost)) }
        return S.message(code, .rx, request: request, id: id, list + avps)
    }

    public static var rx: [DiameterMessage] {
        [
            rx(265, request: true, id: 40, [
                framedIP, subscriber, AVP(.afChargingIdentifier, octets: Array("icid-1".utf8)),
                AVP(.mediaComponentDescription, [
                    AVP(.mediaComponentNumber, unsigned32: 1),
                    AVP(.mediaSubComponent, [AVP(.flowNumber, unsigned32: 1)] + voiceFlows + [AVP(.flowUsage, enumerated: 0)]),
                    AVP(.mediaType, enumerated: 0), AVP(.maxRequestedBandwidthUL, unsigned32: 49_000),
                    AVP(.maxRequestedBandwidthDL, unsigned32: 49_000), AVP(.flowStatus, enumerated: 2),
                    AVP(.codecData, octets: Array("uplink\noffer\nm=audio 50000 RTP/AVP 96\n".utf8)),
                ]),
                AVP(.specificAction, enumerated: 1),
            ]),
            rx(265, request: false, id: 40, [S.success, AVP(.ipCANType, enumerated: 5), AVP(.ratType, enumerated: 1004)]),
            rx(275, request: true, id: 41, [AVP(.terminationCause, enumerated: 1)]),
            rx(275, request: false, id: 41, [S.success]),
            rx(258, request: true, id: 42, [AVP(.specificAction, enumerated: 2), AVP(.abortCause, enumerated: 0)]),
            rx(258, request: false, id: 42, [S.success]),
            rx(274, request: true, id: 43, [AVP(.abortCause, enumerated: 1)]),
            rx(274, request: false, id: 43, [S.success]),
        ]
    }
}
