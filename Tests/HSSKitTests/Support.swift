import Diameter
import DiameterPeer
import Foundation
import MobileCrypto
import NIOCore
import Synchronization
import Testing
import Wire
@testable import HSSKit

/// The USIM side of TS 33.102 Annex C, written independently of the HSS code: an array of the
/// highest SEQ accepted per IND, the Δ check against the highest SEQ seen, MAC checks through
/// MobileCrypto. It is the oracle the HSS's vectors and re-synchronisation are judged by.
struct USIM {
    let milenage: Milenage
    let indexBits: UInt64 = 5
    let delta: UInt64 = 1 << 28
    var seqArray: [UInt64]

    init(k: Key128, opc: Key128, highestSEQ: UInt64 = 0) {
        milenage = Milenage(k: k, opc: opc)
        // A USIM in use for a while has every entry near its highest SEQ.
        seqArray = Array(repeating: highestSEQ, count: 32)
    }

    var highestSEQ: UInt64 { seqArray.max() ?? 0 }
    /// SQN_MS for an AUTS: the highest SEQ accepted with its IND.
    var sqnMS: SQN {
        let index = seqArray.firstIndex(of: highestSEQ) ?? 0
        return SQN(highestSEQ << indexBits | UInt64(index))!
    }

    enum Outcome: Equatable {
        case accepted(res: UInt64, sqn: SQN)
        case macFailure
        case synchronisationFailure(AUTS)
    }

    mutating func authenticate(rand: Key128, autn: AUTN) -> Outcome {
        let response: AKAResponse
        do {
            response = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: sqnMS)
        } catch {
            return .macFailure
        }
        let seq = response.sqn.value >> indexBits
        let ind = Int(response.sqn.value & ((1 << indexBits) - 1))
        guard seq > seqArray[ind], seq <= highestSEQ || seq - highestSEQ <= delta else {
            return .synchronisationFailure(milenage.auts(rand: rand, sqnMS: sqnMS))
        }
        seqArray[ind] = seq
        return .accepted(res: response.res, sqn: response.sqn)
    }
}

/// An HSS in process: a store in a fresh temporary folder, the S6a handler, request builders.
struct TestHSS {
    static let k = Key128(hex: "465b5ce8b199b49faa5f0a2ee238a6bc")!
    static let opc = Key128(hex: "cd63cb71954a9f4e48a5994e37a02baf")!
    static let home = PLMN(mcc: "001", mnc: "01")!
    static let visited = PLMN(mcc: "208", mnc: "93")!
    static let identity = DiameterNodeIdentity(originHost: "hss.epc.test", originRealm: "epc.test", originStateID: 1,
                                               applications: [.s6a])
    static let mme1 = PeerCapabilities(originHost: "mme1.epc.test", originRealm: "epc.test", applications: [.s6a])
    static let mme2 = PeerCapabilities(originHost: "mme2.epc.test", originRealm: "epc.test", applications: [.s6a])

    let folder: URL
    let store: SubscriberStore
    let server: S6aServer
    let sent = RecordingSender()

    init(roamingPartners: [PLMN] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-hss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SubscriberStore(path: folder.appendingPathComponent("subscribers.sqlite").path)
        server = S6aServer(policy: S6aPolicy(identity: Self.identity, homePLMNs: [Self.home], roamingPartners: roamingPartners),
                           store: store)
        server.sendRequests(through: sent)
    }

    var path: String { folder.appendingPathComponent("subscribers.sqlite").path }

    static func subscriber(_ imsi: String = "001010000000001", sqn: UInt64 = 0, apns: [APNConfiguration] = APNConfiguration.defaultProfile,
                           rats: Set<RATType> = [.eutran], roaming: Bool = false) -> Subscriber {
        Subscriber(imsi: imsi, k: k, operatorKey: .opc(opc), sqn: sqn, msisdn: "336" + imsi.suffix(8), apns: apns,
                   ims: IMSIdentities(impi: "\(imsi)@ims.mnc001.mcc001.3gppnetwork.org",
                                      impus: ["sip:\(imsi)@ims.mnc001.mcc001.3gppnetwork.org", "tel:+336\(imsi.suffix(8))"]),
                   allowedRATs: rats, roamingAllowed: roaming)
    }

    static func plmnAVP(_ plmn: PLMN) -> AVP { AVP(.visitedPLMNId, octets: plmn.encoded()) }

    static func air(_ imsi: String = "001010000000001", vectors: UInt32 = 1, resync: [UInt8]? = nil,
                    plmn: PLMN = home, from mme: PeerCapabilities = mme1) -> DiameterMessage {
        var requested = [AVP(.numberOfRequestedVectors, unsigned32: vectors), AVP(.immediateResponsePreferred, unsigned32: 0)]
        if let resync { requested.append(AVP(.reSynchronizationInfo, octets: resync)) }
        return request(.authenticationInformation, from: mme, [AVP(.userName, imsi), AVP(.requestedEUTRANAuthenticationInfo, requested),
                                                                plmnAVP(plmn)])
    }

    static func ulr(_ imsi: String = "001010000000001", from mme: PeerCapabilities = mme1, rat: Int32 = 1004,
                    flags: ULRFlags = [.s6aS6dIndicator], plmn: PLMN = home) -> DiameterMessage {
        request(.updateLocation, from: mme, [AVP(.userName, imsi), AVP(.ratType, enumerated: rat),
                                             AVP(.ulrFlags, unsigned32: flags.rawValue), plmnAVP(plmn)])
    }

    static func request(_ command: DiameterCommand, from mme: PeerCapabilities, _ avps: [AVP]) -> DiameterMessage {
        let identity = DiameterNodeIdentity(originHost: mme.originHost, originRealm: mme.originRealm, originStateID: 1, applications: [.s6a])
        return DiameterMessage.request(command, sessionID: "\(mme.originHost);1;\(UUID().uuidString)", from: identity,
                                       destinationRealm: "epc.test", avps: avps)
    }

    /// Sends a request through the handler as the peer layer would, turning a thrown protocol
    /// error into its answer.
    func answer(_ request: DiameterMessage, from mme: PeerCapabilities = mme1) async -> DiameterMessage {
        do {
            return try await server.handle(request, from: mme)
        } catch {
            return DiameterMessage.errorAnswer(to: request, from: Self.identity, error)
        }
    }

    static func vectors(_ aia: DiameterMessage) -> [(rand: Key128, xres: [UInt8], autn: AUTN, kasme: [UInt8])] {
        (aia[.authenticationInfo]?.all(.eutranVector) ?? []).compactMap { vector in
            guard let rand = vector[.rand]?.value.octets.flatMap({ Key128(bytes: Array($0.readableBytesView)) }),
                  let xres = vector[.xres]?.value.octets.map({ Array($0.readableBytesView) }),
                  let autn = vector[.autn]?.value.octets.flatMap({ AUTN(bytes: Array($0.readableBytesView)) }),
                  let kasme = vector[.kasme]?.value.octets.map({ Array($0.readableBytesView) }) else { return nil }
            return (rand, xres, autn, kasme)
        }
    }
}

/// Stands in for the Diameter node: records the requests the HSS sends (CLR) and answers them.
final class RecordingSender: DiameterRequestSender {
    private let requests = Mutex<[DiameterMessage]>([])

    var sent: [DiameterMessage] { requests.withLock { $0 } }

    func request(_ message: DiameterMessage, timeout: TimeAmount?) async throws(DiameterRequestError) -> DiameterMessage {
        requests.withLock { $0.append(message) }
        return DiameterMessage.answer(to: message, from: TestHSS.identity)
    }

    /// Waits for `count` requests (they are sent from a background task).
    func waitFor(_ count: Int) async -> [DiameterMessage] {
        for _ in 0..<500 where sent.count < count { try? await Task.sleep(for: .milliseconds(10)) }
        return sent
    }
}

extension ExperimentalResultCode {
    static func of(_ answer: DiameterMessage) -> UInt32? { answer.experimentalResult?.code }
}
