import Diameter
import Foundation
import GTPv2C
import MMEKit
import MobileCrypto
import NAS
import NIOCore
import S1AP
import Wire

/// Attach procedures per second through the MME's logic in-process: one eNB, N UEs attaching
/// one after another, an HSS and an SGW that answer at once. Every message crosses as octets
/// (the MME decodes what it receives and its actions are encoded), so the figure includes the
/// S1AP, NAS, Diameter and GTPv2-C codecs and NAS security (EEA2/EIA2), as the MME process
/// would spend them. The UEs' side is cheap on purpose (vectors, RES and KASME precomputed) and
/// the time inside `MME.handle` plus the encoding of its actions is reported on its own.
///
/// Run: swift build -c release --product mme-bench && .build/release/mme-bench [ATTACHES]

let attaches = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let plmn = PLMN(mcc: "001", mnc: "01")!
let sgw = GTPPeer(address: .v4(IPv4Address(10, 0, 2, 1)))
let milenage = Milenage(k: Key128(hex: "465B5CE8B199B49FAA5F0A2EE238A6BC")!, opc: Key128(hex: "CD63CB71954A9F4E48A5994E37A02BAF")!)

let configuration = MMEConfiguration(
    name: "bench-mme", plmns: [.init(mcc: "001", mnc: "01", tacs: [1])], mmeGroupID: 1, mmeCode: 1,
    security: .init(integrity: ["EIA2"], ciphering: ["EEA2"]), s1ap: .init(bind: ["10.0.0.1"]), s11: .init(address: "10.0.1.1"),
    s6a: .init(hss: "hss", originHost: "mme.bench", originRealm: "bench", destinationRealm: "bench"),
    sgw: .init(name: "sgw"), pgw: .init(name: "pgw"))

/// What the HSS would compute for each subscriber, done before the clock starts.
struct Subscriber {
    var imsi: IMSI
    var vector: EUTRANVector
}

let subscribers: [Subscriber] = (0..<attaches).map { index in
    let imsi = IMSI("00101" + String(format: "%010d", index + 1))!
    return Subscriber(imsi: imsi, vector: milenage.eutranVector(sqn: SQN(UInt64(index + 1) << 5)!, amf: 0x8000, servingNetwork: plmn,
                                                                 rand: Key128(high: UInt64(index), low: 0x5A5A)))
}

/// Subscription-Data as an HSS sends it, built once.
let subscriptionData = AVP(.subscriptionData, [
    AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 100_000_000), AVP(.maxRequestedBandwidthDL, unsigned32: 200_000_000)]),
    AVP(.apnConfigurationProfile, [
        AVP(.contextIdentifier, unsigned32: 1), AVP(.allAPNConfigurationsIncludedIndicator, enumerated: 0),
        AVP(.apnConfiguration, [
            AVP(.contextIdentifier, unsigned32: 1), AVP(.pdnType, enumerated: 0), AVP(.serviceSelection, "internet"),
            AVP(.epsSubscribedQoSProfile, [AVP(.qosClassIdentifier, enumerated: 9),
                                           AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: 8)])]),
            AVP(.ambr, [AVP(.maxRequestedBandwidthUL, unsigned32: 50_000_000), AVP(.maxRequestedBandwidthDL, unsigned32: 100_000_000)]),
        ]),
    ]),
])

/// The HSS and SGW doubles: one answer per request, from what the request says.
struct Peers {
    var current: Subscriber
    var teid: UInt32 = 0x100

    func diameterAnswer(_ request: DiameterMessage) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader())
        answer.append(AVP(.sessionId, request.sessionID ?? ""))
        answer.append(AVP(.resultCode, unsigned32: 2001))
        answer.append(AVP(.originHost, "hss.bench"))
        answer.append(AVP(.originRealm, "bench"))
        if request.commandCode == DiameterCommand.authenticationInformation.code {
            let vector = current.vector
            answer.append(AVP(.authenticationInfo, [AVP(.eutranVector, [
                AVP(.rand, octets: vector.rand.bytes), AVP(.xres, octets: vector.xresBytes),
                AVP(.autn, octets: vector.autn.bytes), AVP(.kasme, octets: vector.kasme.bytes),
            ])]))
        } else {
            answer.append(subscriptionData)
        }
        return answer
    }

    mutating func gtpResponse(_ request: GTPv2Message) -> GTPv2Message? {
        let sequence = request.header.sequenceNumber
        switch request.type {
        case .createSessionRequest:
            let create = CreateSessionRequest(unchecked: request)
            teid &+= 2
            var response = CreateSessionResponse(teid: create.senderFTEID?.teid ?? 0, sequenceNumber: sequence)
            response.cause = GTPv2Cause(.requestAccepted)
            response.senderFTEID = FTEID(interfaceType: .s11s4SGWGTPC, teid: teid, ipv4: IPv4Address(10, 0, 2, 1))
            response.paa = PDNAddressAllocation(ipv4: IPv4Address(0x0A2D_0000 | teid))
            var bearer = BearerContext()
            bearer.ebi = create.bearerContextsToBeCreated.first?.ebi
            bearer.cause = GTPv2Cause(.requestAccepted)
            bearer.setFTEID(FTEID(interfaceType: .s1uSGWGTPU, teid: teid &+ 1, ipv4: IPv4Address(10, 0, 2, 2)), instance: 0)
            response.bearerContextsCreated = [bearer]
            response.recovery = 1
            return response.message
        case .modifyBearerRequest:
            var response = ModifyBearerResponse(teid: 0, sequenceNumber: sequence)
            response.cause = GTPv2Cause(.requestAccepted)
            return response.message
        default:
            return nil
        }
    }
}

/// The MME with its I/O replaced by the doubles, and the time spent in it.
struct Bench {
    var mme: MME
    var peers: Peers
    var queue: [MMEEvent] = []
    /// The S1AP messages the MME sent the eNB since the last look.
    var toENB: [S1APMessage] = []
    var inMME: Duration = .zero
    let clock = ContinuousClock()

    mutating func deliver(_ event: MMEEvent) {
        queue.append(event)
        while !queue.isEmpty {
            let next = queue.removeFirst()
            var encoded: [(MMEAction, ByteBuffer)] = []
            let start = clock.now
            for action in mme.handle(next) {
                // The I/O layer would encode each message it sends: part of the MME's cost.
                switch action {
                case .sendS1AP(_, _, let message): encoded.append((action, message.encoded()))
                case .sendDiameter(let message): encoded.append((action, message.encoded()))
                case .sendGTP(let message, _): encoded.append((action, message.encoded()))
                default: break
                }
            }
            inMME += clock.now - start
            for (action, bytes) in encoded { perform(action, bytes) }
        }
    }

    mutating func perform(_ action: MMEAction, _ bytes: ByteBuffer) {
        switch action {
        case .sendS1AP(_, _, let message):
            toENB.append(message)
        case .sendDiameter:
            guard let request = try? DiameterMessage.decode(bytes) else { fatalError("the MME sent a Diameter message that does not decode") }
            queue.append(.diameterBytes(peers.diameterAnswer(request).encoded()))
        case .sendGTP:
            guard let request = try? GTPv2Message.decode(bytes) else { fatalError("the MME sent a GTPv2-C message that does not decode") }
            if let response = peers.gtpResponse(request) { queue.append(.gtp(response.encoded(), from: sgw)) }
        default:
            break
        }
    }

    mutating func take() -> [S1APMessage] {
        defer { toENB.removeAll(keepingCapacity: true) }
        return toENB
    }
}

let association = ENBAssociationID(1)
let cell = EUTRANCGI(plmnIdentity: PLMNIdentity(plmn), cellID: 0x19B0101)
let tai = S1APTAI(TAI(plmn: plmn, tac: 1))
let capability = UENetworkCapability(eea: AlgorithmSupport([0, 1, 2]), eia: AlgorithmSupport([1, 2]))

func uplink(_ nas: [UInt8], mmeID: UInt32, enbID: UInt32) -> ByteBuffer {
    var message = S1AP.UplinkNASTransport()
    message.mmeUES1APID = mmeID
    message.enbUES1APID = enbID
    message.nasPDU = nas
    message.eutranCGI = cell
    message.tai = tai
    return message.encoded()
}

func bytes(_ pdu: NAS.NASPDU) -> [UInt8] { Array(pdu.encoded().readableBytesView) }

/// One attach, the eNB and UE side of each step.
func attach(_ subscriber: Subscriber, enbID: UInt32, bench: inout Bench) {
    let pdn = PDNConnectivityRequest(header: ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: 1), pdnType: .ipv4,
                                     requestType: .initialRequest)
    let request = AttachRequest(nasKeySetIdentifier: .noKeyAvailable, attachType: .epsAttach, epsMobileIdentity: .imsi(subscriber.imsi),
                                ueNetworkCapability: capability, esmMessageContainer: ESMMessageContainer(.pdnConnectivityRequest(pdn)))
    var initial = InitialUEMessage()
    initial.enbUES1APID = enbID
    initial.nasPDU = bytes(.plain(.emm(.attachRequest(request))))
    initial.tai = tai
    initial.eutranCGI = cell
    initial.rrcEstablishmentCause = .moSignalling
    bench.deliver(.s1ap(association, stream: 1, initial.encoded()))

    guard let challenge = bench.take().first, let mmeID = challenge.mmeUES1APID else { fatalError("no AUTHENTICATION REQUEST") }
    let response = AuthenticationResponse(res: NASOctets(subscriber.vector.xresBytes)!)
    bench.deliver(.s1ap(association, stream: 1, uplink(bytes(.plain(.emm(.authenticationResponse(response)))), mmeID: mmeID, enbID: enbID)))

    // The SECURITY MODE COMMAND selects EEA2/EIA2 with eKSI 0: the UE's context follows.
    _ = bench.take()
    var security = NASSecurityContext(kasme: subscriber.vector.kasme, keySetIdentifier: 0, integrity: .eia2, ciphering: .eea2, role: .ue)
    let complete = security.protect(.emm(.securityModeComplete(SecurityModeComplete())), headerType: .integrityProtectedAndCipheredWithNewEPSSecurityContext)
    bench.deliver(.s1ap(association, stream: 1, uplink(bytes(.protected(complete)), mmeID: mmeID, enbID: enbID)))

    guard let setup = bench.take().first.flatMap(InitialContextSetupRequest.init), let items = setup.erabsToBeSetup else {
        fatalError("no Initial Context Setup Request")
    }
    var answer = InitialContextSetupResponse()
    answer.mmeUES1APID = mmeID
    answer.enbUES1APID = enbID
    answer.erabsSetup = items.map {
        ERABSetupItemCtxtSURes(erabID: $0.erabID, transportLayerAddress: TransportLayerAddress(transportLayerAddress: .v4(IPv4Address(10, 0, 0, 2))),
                               gtpTEID: enbID)
    }
    bench.deliver(.s1ap(association, stream: 1, answer.encoded()))
    let accept = ActivateDefaultEPSBearerContextAccept(header: ESMHeader(bearerIdentity: 5, procedureTransactionIdentity: 1))
    let attached = security.protect(.emm(.attachComplete(AttachComplete(esmMessageContainer: ESMMessageContainer(.activateDefaultEPSBearerContextAccept(accept))))))
    bench.deliver(.s1ap(association, stream: 1, uplink(bytes(.protected(attached)), mmeID: mmeID, enbID: enbID)))
    _ = bench.take()
}

var bench = Bench(mme: try MME(configuration: configuration, recoveryCounter: 1, instanceSeed: 7), peers: Peers(current: subscribers[0]))
bench.deliver(.sgwCandidates([sgw]))
bench.deliver(.pgwCandidates([.v4(IPv4Address(10, 0, 3, 1))]))
bench.deliver(.s1apAssociationUp(association, outboundStreams: 4))
var setupRequest = S1SetupRequest()
setupRequest.globalENBID = GlobalENBID(plmnIdentity: PLMNIdentity(plmn), enbID: .macroENBID(0x19B01))
setupRequest.supportedTAs = [SupportedTAsItem(tac: 1, broadcastPLMNs: [PLMNIdentity(plmn)])]
setupRequest.defaultPagingDRX = .v128
bench.deliver(.s1ap(association, stream: 0, setupRequest.encoded()))
_ = bench.take()
bench.inMME = .zero

let start = ContinuousClock.now
for (index, subscriber) in subscribers.enumerated() {
    bench.peers.current = subscriber
    attach(subscriber, enbID: UInt32(index + 1), bench: &bench)
}
let elapsed = ContinuousClock.now - start
let succeeded = bench.mme.statistics.attachSuccesses
guard succeeded == attaches else { fatalError("\(succeeded) of \(attaches) attaches succeeded: \(bench.mme.statistics)") }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

print("attaches:                               \(attaches) (UE contexts kept: \(bench.mme.context.registeredUEs))")
print("attaches/s, whole loop (MME + doubles): \(String(format: "%8.0f", Double(attaches) / seconds(elapsed)))")
print("attaches/s, MME alone:                  \(String(format: "%8.0f", Double(attaches) / seconds(bench.inMME)))")
print("MME time per attach:                    \(String(format: "%8.1f", seconds(bench.inMME) / Double(attaches) * 1e6)) µs (9 events, 14 messages in and out)")
