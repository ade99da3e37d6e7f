import Diameter
import DiameterPeer

extension S6aServer {
    /// PUR → PUA (TS 29.272 5.2.2.1): the MME dropped the UE's context. From the registered MME
    /// the HSS sets "UE purged in MME" and asks it to freeze the M-TMSI (PUA-Flags bit 0); from
    /// another MME it records nothing.
    func purgeUE(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        let imsi = try imsi(of: request)
        let outcome: PurgeOutcome?
        do {
            outcome = try await store.purge(imsi: imsi, fromMME: request.originHost ?? peer.originHost)
        } catch {
            throw storeFailure(error, request)
        }
        guard let outcome else { return experimentalError(request, .userUnknown) }
        var answer = DiameterMessage.answer(to: request, from: identity)
        answer.append(AVP(.puaFlags, unsigned32: outcome == .purged ? 1 : 0))
        return answer
    }

    /// NOR → NOA (TS 29.272 5.2.5.1): the registered MME reports the terminal's IMEI and the PDN
    /// GW it chose for an APN (Service-Selection with MIP6-Agent-Info). From an MME that is not
    /// registered: DIAMETER_ERROR_UNKNOWN_SERVING_NODE.
    func notify(_ request: DiameterMessage, from peer: PeerCapabilities) async throws(DiameterAnswerError) -> DiameterMessage {
        let imsi = try imsi(of: request)
        let imei = request[.terminalInformation]?[.imei]?.value.text
        var gateways: [(apn: String, host: String, realm: String?)] = []
        if let apn = request[.serviceSelection]?.value.text,
           let gateway = request[.mip6AgentInfo]?[.mipHomeAgentHost],
           let host = gateway[.destinationHost]?.value.text {
            gateways.append((apn, host, gateway[.destinationRealm]?.value.text))
        }
        let recorded: Bool?
        do {
            recorded = try await store.notify(imsi: imsi, fromMME: request.originHost ?? peer.originHost, imei: imei,
                                              gateways: gateways)
        } catch {
            throw storeFailure(error, request)
        }
        guard let recorded else { return experimentalError(request, .userUnknown) }
        guard recorded else { return experimentalError(request, .unknownServingNode) }
        return DiameterMessage.answer(to: request, from: identity)
    }
}
