import NIOCore
import Wire
import Diameter

/// One request and one answer of every Diameter command VCore speaks (base, S6a, Cx, Gx, Rx),
/// with their required AVPs and the ones a real peer adds: for round trips, the tshark check and
/// the benchmarks.
public enum DiameterSamples {
    static let mmeHost = "mme.epc.mnc001.mcc001.3gppnetwork.org"
    static let hssHost = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let epcRealm = "epc.mnc001.mcc001.3gppnetwork.org"
    static let scscfHost = "scscf.ims.mnc001.mcc001.3gppnetwork.org"
    static let pcscfHost = "pcscf.ims.mnc001.mcc001.3gppnetwork.org"
    static let pgwHost = "pgw.epc.mnc001.mcc001.3gppnetwork.org"
    static let pcrfHost = "pcrf.epc.mnc001.mcc001.3gppnetwork.org"
    static let imsRealm = "ims.mnc001.mcc001.3gppnetwork.org"
    public static let imsi = "001010000000001"
    static let impu = "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"
    static let impi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org"
    static let plmn: [UInt8] = [0x00, 0xF1, 0x10]

    static func message(_ command: UInt32, _ application: DiameterApplication, request: Bool, id: UInt32,
                        _ avps: [AVP]) -> DiameterMessage {
        var flags: DiameterHeader.Flags = request ? [.request, .proxiable] : [.proxiable]
        if application == .common { flags.remove(.proxiable) }
        return DiameterMessage(header: DiameterHeader(flags: flags, commandCode: command, applicationID: application.rawValue,
                                                      hopByHop: 0x1000 + id, endToEnd: 0x5000_0000 + id), avps: avps)
    }

    static func session(_ host: String, _ id: Int) -> AVP { AVP(.sessionId, "\(host);1730000000;\(id)") }

    static func vendorApplication(_ application: DiameterApplication) -> AVP {
        AVP(.vendorSpecificApplicationId, [AVP(.vendorId, unsigned32: DiameterVendor.tgpp),
                                           AVP(.authApplicationId, unsigned32: application.rawValue)])
    }

    static func origin(_ host: String, _ realm: String) -> [AVP] { [AVP(.originHost, host), AVP(.originRealm, realm)] }
    static let noStateMaintained = AVP(.authSessionState, enumerated: 1)
    static let success = AVP(.resultCode, unsigned32: 2001)

    // MARK: base

    public static var capabilitiesExchangeRequest: DiameterMessage {
        message(257, .common, request: true, id: 1, origin(mmeHost, epcRealm) + [
            AVP(.hostIPAddress, address: .v4(IPv4Address(10, 0, 0, 1))),
            AVP(.vendorId, unsigned32: 0), AVP(.productName, "VCore"), AVP(.originStateId, unsigned32: 1_730_000_000),
            AVP(.supportedVendorId, unsigned32: DiameterVendor.tgpp), AVP(.authApplicationId, unsigned32: DiameterApplication.s6a.rawValue),
            vendorApplication(.s6a), AVP(.firmwareRevision, unsigned32: 1),
        ])
    }

    public static var capabilitiesExchangeAnswer: DiameterMessage {
        message(257, .common, request: false, id: 1, [success] + origin(hssHost, epcRealm) + [
            AVP(.hostIPAddress, address: .v6(IPv6Address("fd00::2")!)),
            AVP(.vendorId, unsigned32: 0), AVP(.productName, "VCore"),
            AVP(.supportedVendorId, unsigned32: DiameterVendor.tgpp), vendorApplication(.s6a),
        ])
    }

    public static var deviceWatchdogRequest: DiameterMessage {
        message(280, .common, request: true, id: 2, origin(mmeHost, epcRealm) + [AVP(.originStateId, unsigned32: 7)])
    }

    public static var deviceWatchdogAnswer: DiameterMessage {
        message(280, .common, request: false, id: 2, [success] + origin(hssHost, epcRealm))
    }

    public static var disconnectPeerRequest: DiameterMessage {
        message(282, .common, request: true, id: 3, origin(mmeHost, epcRealm) + [AVP(.disconnectCause, enumerated: 0)])
    }

    public static var disconnectPeerAnswer: DiameterMessage {
        message(282, .common, request: false, id: 3, [success] + origin(hssHost, epcRealm))
    }

    // MARK: S6a (TS 29.272)

    static func s6aRequest(_ code: UInt32, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        message(code, .s6a, request: true, id: id, [session(mmeHost, Int(id)), vendorApplication(.s6a), noStateMaintained]
                + origin(mmeHost, epcRealm) + [AVP(.destinationHost, hssHost), AVP(.destinationRealm, epcRealm),
                                               AVP(.userName, imsi)] + avps)
    }

    static func s6aAnswer(_ code: UInt32, id: UInt32, _ avps: [AVP]) -> DiameterMessage {
        message(code, .s6a, request: false, id: id, [session(mmeHost, Int(id)), vendorApplication(.s6a), success,
                                                     noStateMaintained] + origin(hssHost, epcRealm) + avps)
    }

    public static var authenticationInformationRequest: DiameterMessage {
        s6aRequest(318, id: 10, [
            AVP(.requestedEUTRANAuthenticationInfo, [AVP(.numberOfRequestedVectors, unsigned32: 1),
                                                     AVP(.immediateResponsePreferred, unsigned32: 0)]),
            AVP(.visitedPLMNId, octets: plmn),
        ])
    }

    public static var authenticationInformationAnswer: DiameterMessage {
        s6aAnswer(318, id: 10, [
            AVP(.authenticationInfo, [AVP(.eutranVector, [
                AVP(.itemNumber, unsigned32: 1),
                AVP(.rand, octets: Array(repeating: 0x23, count: 16)),
                AVP(.xres, octets: Array(repeating: 0xA5, count: 8)),
                AVP(.autn, octets: Array(repeating: 0x55, count: 16)),
                AVP(.kasme, octets: Array(repeating: 0x3C, count: 32)),
            ])]),
        ])
    }

    public static var updateLocationRequest: DiameterMessage {
        s6aRequest(316, id: 11, [
            AVP(.terminalInformation, [AVP(.imei, "35693600123456"), AVP(.softwareVersion, "78")]),
            AVP(.ratType, enumerated: 1004), AVP(.ulrFlags, unsigned32: 0x22), AVP(.visitedPLMNId, octets: plmn),
        ])
    }

    static func apnConfiguration(_ context: UInt32, _ apn: String, qci: UInt32, priority: UInt32) -> AVP {
        AVP(.apnConfiguration, [
            AVP(.contextIdentifier, unsigned32: context), AVP(.pdnType, enumerated: 0), AVP(.serviceSelection, apn),
            AVP(.epsSubscribedQoSProfile, [
                AVP(.qosClassIdentifier, enumerated: Int32(qci)),
                AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: priority),
                                                   AVP(.preEmptionCapability, enumerated: 1),
                                                   AVP(.preEmptionVulnerability, enumerated: 0)]),
            ]),
            AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 1_024_000), AVP(.maxRequestedBandwidthDL, unsigned32: 1_024_000)]),
        ])
    }

    static var subscriptionData: AVP {
        AVP(.subscriptionData, [
            AVP(.msisdn, octets: [0x94, 0x71, 0x11, 0x32, 0x54, 0x76]),
            AVP(.accessRestrictionData, unsigned32: 0x20),
            AVP(.subscriberStatus, enumerated: 0),
            AVP(.networkAccessMode, enumerated: 2),
            AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 1_024_000), AVP(.maxRequestedBandwidthDL, unsigned32: 2_048_000)]),
            AVP(.apnConfigurationProfile, [
                AVP(.contextIdentifier, unsigned32: 1),
                AVP(.allAPNConfigurationsIncludedIndicator, enumerated: 0),
                apnConfiguration(1, "internet", qci: 9, priority: 8),
                apnConfiguration(2, "ims", qci: 5, priority: 1),
            ]),
            AVP(.subscribedPeriodicRAUTAUTimer, unsigned32: 12),
        ])
    }

    /// What an HSS answers to an attach: the benchmark's S6a message.
    public static var updateLocationAnswer: DiameterMessage {
        s6aAnswer(316, id: 11, [AVP(.ulaFlags, unsigned32: 1), subscriptionData])
    }

    public static var purgeUERequest: DiameterMessage { s6aRequest(321, id: 12, [AVP(.purFlags, unsigned32: 0)]) }
    public static var purgeUEAnswer: DiameterMessage { s6aAnswer(321, id: 12, [AVP(.puaFlags, unsigned32: 1)]) }

    public static var cancelLocationRequest: DiameterMessage {
        var m = s6aRequest(317, id: 13, [AVP(.cancellationType, enumerated: 0), AVP(.clrFlags, unsigned32: 2)])
        m.header.flags.remove(.proxiable)
        return m
    }

    public static var cancelLocationAnswer: DiameterMessage { s6aAnswer(317, id: 13, []) }
    public static var insertSubscriberDataRequest: DiameterMessage {
        s6aRequest(319, id: 14, [subscriptionData, AVP(.idrFlags, unsigned32: 0)])
    }
    public static var insertSubscriberDataAnswer: DiameterMessage {
        s6aAnswer(319, id: 14, [AVP(.imsVoiceOverPSSessionsSupported, enumerated: 1)])
    }
    public static var deleteSubscriberDataRequest: DiameterMessage {
        s6aRequest(320, id: 15, [AVP(.dsrFlags, unsigned32: 0x20), AVP(.contextIdentifier, unsigned32: 2)])
    }
    public static var deleteSubscriberDataAnswer: DiameterMessage { s6aAnswer(320, id: 15, [AVP(.dsaFlags, unsigned32: 0)]) }
    public static var notifyRequest: DiameterMessage { s6aRequest(323, id: 16, [AVP(.norFlags, unsigned32: 0x80)]) }
    public static var notifyAnswer: DiameterMessage { s6aAnswer(323, id: 16, []) }

    public static var s6a: [DiameterMessage] {
        [authenticationInformationRequest, authenticationInformationAnswer, updateLocationRequest, updateLocationAnswer,
         purgeUERequest, purgeUEAnswer, cancelLocationRequest, cancelLocationAnswer,
         insertSubscriberDataRequest, insertSubscriberDataAnswer, deleteSubscriberDataRequest, deleteSubscriberDataAnswer,
         notifyRequest, notifyAnswer]
    }

    public static var base: [DiameterMessage] {
        [capabilitiesExchangeRequest, capabilitiesExchangeAnswer, deviceWatchdogRequest, deviceWatchdogAnswer,
         disconnectPeerRequest, disconnectPeerAnswer]
    }

    public static var all: [DiameterMessage] { base + s6a + DiameterIMSSamples.cx + DiameterIMSSamples.gx + DiameterIMSSamples.rx }
}
