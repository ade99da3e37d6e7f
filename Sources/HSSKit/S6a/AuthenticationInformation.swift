import Diameter
import DiameterPeer
import MobileCrypto
import NIOCore
import Wire

extension S6aServer {
    /// AIR → AIA (TS 29.272 5.2.3.1): E-UTRAN vectors from Milenage. The SQNs they use are
    /// committed before the answer is built, so no vector is ever issued twice.
    func authenticationInformation(_ request: DiameterMessage) async throws(DiameterAnswerError) -> DiameterMessage {
        let imsi = try imsi(of: request)
        let visited = try visitedPLMN(of: request)
        let requested = request[.requestedEUTRANAuthenticationInfo]
        var count = 0
        var resynchronisation: (rand: Key128, auts: AUTS)?
        if let requested {
            if let avp = requested[.numberOfRequestedVectors] {
                guard let value = avp.value.unsigned32, value > 0 else {
                    throw .invalidAVPValue(avp, "Number-Of-Requested-Vectors must be at least 1")
                }
                count = min(Int(value), policy.maximumVectorsPerRequest)
            } else {
                count = 1
            }
            if let avp = requested[.reSynchronizationInfo] {
                // RAND (16 octets) followed by AUTS (14 octets), TS 29.272 7.3.15.
                guard let octets = avp.value.octets, octets.readableBytes == 30,
                      let rand = Key128(bytes: octets.readableBytesView.prefix(16)),
                      let auts = AUTS(bytes: octets.readableBytesView.dropFirst(16)) else {
                    throw .invalidAVPValue(avp, "Re-Synchronization-Info is not RAND (16 octets) and AUTS (14 octets)")
                }
                resynchronisation = (rand, auts)
            }
        }

        let policy = self.policy
        let allocation: VectorAllocation?
        do {
            allocation = try await store.allocateVectors(imsi: imsi, count: count, scheme: policy.sequenceNumbers,
                                                         resynchronisation: resynchronisation) { subscriber in
                subscriber.hasEPSSubscription && policy.allowsService(in: visited, for: subscriber)
            }
        } catch {
            throw storeFailure(error, request)
        }
        guard let allocation else { return experimentalError(request, .userUnknown) }
        let subscriber = allocation.subscriber
        guard subscriber.hasEPSSubscription else { return experimentalError(request, .unknownEPSSubscription) }
        guard policy.allowsService(in: visited, for: subscriber) else { return experimentalError(request, .roamingNotAllowed) }
        if let outcome = allocation.resynchronisation {
            logger.info("re-synchronisation", metadata: ["imsi": "\(imsi)", "outcome": "\(outcome)"])
        }

        var answer = DiameterMessage.answer(to: request, from: identity)
        guard !allocation.sqns.isEmpty else { return answer }
        let milenage = subscriber.milenage
        // TS 33.401 6.1.1: vectors for E-UTRAN carry the AMF separation bit.
        let amf = subscriber.amf | 0x8000
        var vectors: [AVP] = []
        for (index, sqn) in allocation.sqns.enumerated() {
            let vector = milenage.eutranVector(sqn: sqn, amf: amf, servingNetwork: visited)
            vectors.append(AVP(.eutranVector, [
                AVP(.itemNumber, unsigned32: UInt32(index + 1)),
                AVP(.rand, octets: vector.rand.bytes),
                AVP(.xres, octets: vector.xresBytes),
                AVP(.autn, octets: vector.autn.bytes),
                AVP(.kasme, octets: vector.kasme.first128.bytes + vector.kasme.last128.bytes),
            ]))
        }
        answer.append(AVP(.authenticationInfo, vectors))
        return answer
    }
}
