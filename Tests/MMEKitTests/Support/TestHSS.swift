import Diameter
import MobileCrypto
import NIOCore
import Wire

/// An HSS double for the MME's S6a (TS 29.272): subscribers with Milenage keys and an SQN,
/// E-UTRAN vectors computed for real, re-synchronisation from AUTS, and subscription data with
/// the `internet` (default) and `ims` APNs. Answers what it is sent, or keeps the request when
/// `holding` is set (to test timeouts and late answers).
struct TestHSS {
    struct Subscriber {
        var milenage: Milenage
        var sqn: SQN
        var msisdn = "491701234567"
        /// APN name, QCI, ARP priority, PDN type (S6a values), APN-AMBR in bit/s.
        var apns: [(name: String, qci: UInt32, priority: UInt32, pdnType: Int32)] = [
            ("internet", 9, 8, 0), ("ims", 5, 1, 0),
        ]
    }

    static let host = "hss.epc.mnc001.mcc001.3gppnetwork.org"
    static let realm = "epc.mnc001.mcc001.3gppnetwork.org"
    /// The AMF with the EPS separation bit (TS 33.401 6.1.1).
    static let amf: UInt16 = 0x8000

    var subscribers: [IMSI: Subscriber] = [:]
    var requests = PeerRequests<DiameterMessage>()
    /// An Experimental-Result-Code to answer every request with instead of success.
    var failWith: UInt32?
    var resynchronisations = 0

    mutating func add(_ imsi: IMSI, milenage: Milenage, sqn: UInt64 = 0x20) {
        subscribers[imsi] = Subscriber(milenage: milenage, sqn: SQN(sqn)!)
    }

    /// The answer to a request, or nil when it is held.
    mutating func handle(_ request: DiameterMessage) -> DiameterMessage? {
        requests.take(request) ? answer(request) : nil
    }

    mutating func answer(_ request: DiameterMessage) -> DiameterMessage {
        guard let imsi = request[.userName]?.value.text.flatMap(IMSI.init), var subscriber = subscribers[imsi] else {
            return Self.answer(request, experimental: 5001, [])
        }
        if let failWith { return Self.answer(request, experimental: failWith, []) }
        switch request.commandCode {
        case DiameterCommand.authenticationInformation.code:
            let requested = request[.requestedEUTRANAuthenticationInfo]
            if let resync = requested?[.reSynchronizationInfo]?.value.octets.map(Array.init(buffer:)), resync.count == 30,
               let rand = Key128(bytes: resync.prefix(16)), let auts = AUTS(bytes: resync.suffix(14)),
               let sqnMS = try? subscriber.milenage.resynchronise(rand: rand, auts: auts) {
                resynchronisations += 1
                subscriber.sqn = sqnMS
            }
            let plmnOctets = request[.visitedPLMNId]?.value.octets.map(Array.init(buffer:)) ?? [0, 0xF1, 0x10]
            let plmn = PLMN.fromOctets(plmnOctets)
            subscriber.sqn = SQN(subscriber.sqn.value + 32)!
            let vector = subscriber.milenage.eutranVector(sqn: subscriber.sqn, amf: Self.amf, servingNetwork: plmn)
            subscribers[imsi] = subscriber
            return Self.answer(request, result: 2001, [AVP(.authenticationInfo, [AVP(.eutranVector, [
                AVP(.itemNumber, unsigned32: 1),
                AVP(.rand, octets: vector.rand.bytes),
                AVP(.xres, octets: vector.xresBytes),
                AVP(.autn, octets: vector.autn.bytes),
                AVP(.kasme, octets: vector.kasme.bytes),
            ])])])
        case DiameterCommand.updateLocation.code:
            return Self.answer(request, result: 2001, [AVP(.ulaFlags, unsigned32: 1), subscriptionData(subscriber)])
        default:
            return Self.answer(request, result: 3001, [])
        }
    }

    func subscriptionData(_ subscriber: Subscriber) -> AVP {
        var msisdn = ByteBuffer()
        MSISDN(subscriber.msisdn)!.encode(into: &msisdn)
        let configurations = subscriber.apns.enumerated().map { index, apn in
            AVP(.apnConfiguration, [
                AVP(.contextIdentifier, unsigned32: UInt32(index + 1)), AVP(.pdnType, enumerated: apn.pdnType),
                AVP(.serviceSelection, apn.name),
                AVP(.epsSubscribedQoSProfile, [
                    AVP(.qosClassIdentifier, enumerated: Int32(apn.qci)),
                    AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: apn.priority),
                                                       AVP(.preEmptionCapability, enumerated: 1),
                                                       AVP(.preEmptionVulnerability, enumerated: 0)]),
                ]),
                AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 50_000_000), AVP(.maxRequestedBandwidthDL, unsigned32: 100_000_000)]),
            ])
        }
        return AVP(.subscriptionData, [
            AVP(.msisdn, octets: msisdn),
            AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 100_000_000), AVP(.maxRequestedBandwidthDL, unsigned32: 200_000_000)]),
            AVP(.apnConfigurationProfile, [AVP(.contextIdentifier, unsigned32: 1),
                                           AVP(.allAPNConfigurationsIncludedIndicator, enumerated: 0)] + configurations),
        ])
    }

    static func answer(_ request: DiameterMessage, result: UInt32, _ avps: [AVP]) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader())
        answer.append(AVP(.sessionId, request.sessionID ?? ""))
        answer.append(AVP(.resultCode, unsigned32: result))
        answer.append(AVP(.authSessionState, enumerated: 1))
        answer.append(AVP(.originHost, host))
        answer.append(AVP(.originRealm, realm))
        for avp in avps { answer.append(avp) }
        return answer
    }

    static func answer(_ request: DiameterMessage, experimental code: UInt32, _ avps: [AVP]) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader())
        answer.append(AVP(.sessionId, request.sessionID ?? ""))
        answer.append(AVP(.experimentalResult, [AVP(.vendorId, unsigned32: DiameterVendor.tgpp),
                                                AVP(.experimentalResultCode, unsigned32: code)]))
        answer.append(AVP(.authSessionState, enumerated: 1))
        answer.append(AVP(.originHost, host))
        answer.append(AVP(.originRealm, realm))
        return answer
    }
}

extension PLMN {
    /// The PLMN of three TBCD octets (Visited-PLMN-Id).
    static func fromOctets(_ octets: [UInt8]) -> PLMN {
        var reader = WireReader(bytes: octets)
        return (try? PLMN.decode(&reader)) ?? PLMN(mcc: "001", mnc: "01")!
    }
}

/// What a peer double was sent: everything, in order, and what it holds back unanswered while
/// `holding` is set (to test timeouts and late answers).
struct PeerRequests<Message> {
    var received: [Message] = []
    var holding = false
    var held: [Message] = []

    /// Records a request; true when it is to be answered now.
    mutating func take(_ request: Message) -> Bool {
        received.append(request)
        if holding { held.append(request) }
        return !holding
    }
}
