import NIOCore
import Wire

/// The entry point a libFuzzer harness calls with each input.
public enum NASFuzz {
    /// Decodes `data` as a NAS PDU (and a protected PDU's inner message as a plain one); whatever
    /// decodes must re-encode to the same bytes and decode again to an equal value. Bad input must
    /// only ever throw: a trap here is a bug in the codec, never in the input.
    public static func run(_ data: UnsafeRawBufferPointer) {
        let input = ByteBuffer(bytes: data)
        if let pdu = try? NASPDU.decode(input) {
            check(pdu, input)
            if case .protected(let envelope) = pdu, let inner = try? envelope.decodeInner() {
                check(NASPDU.plain(inner), envelope.inner)
            }
        }
        // The same bytes as an ESM message on its own, the way an ESM message container holds one.
        let container = ESMMessageContainer(bytes: input)
        if let message = container.message {
            precondition(ESMMessageContainer(message).bytes == input, "an ESM message re-encoded differently")
        }
    }

    private static func check(_ pdu: NASPDU, _ input: ByteBuffer) {
        touchTypedViews(pdu)
        let encoded = pdu.encoded()
        precondition(encoded == input, "a received NAS PDU re-encoded differently")
        let again: NASPDU
        do {
            again = try NASPDU.decode(encoded)
        } catch {
            fatalError("a re-encoded NAS PDU does not decode: \(error)")
        }
        precondition(again == pdu, "a decode/encode round trip changed the NAS PDU")
    }

    /// Reads the values that are decoded on access, so that their decoders run on fuzzed bytes too.
    private static func touchTypedViews(_ pdu: NASPDU) {
        guard case .plain(let message) = pdu else { return }
        _ = String(describing: message)
        switch message {
        case .emm(.attachRequest(let request)):
            _ = request.epsMobileIdentity.imsi
            _ = request.epsMobileIdentity.guti
            _ = request.ueNetworkCapability.supports(CipheringAlgorithmID.eea2)
            _ = request.lastVisitedRegisteredTAI
        case .emm(.attachAccept(let accept)):
            _ = accept.taiList.tais
            _ = accept.guti?.guti
            _ = accept.equivalentPLMNs?.plmns
        case .emm(.identityResponse(let response)):
            _ = response.mobileIdentity.imsi
            _ = response.mobileIdentity.imei
        case .emm(.emmInformation(let information)):
            _ = information.fullNetworkName?.text
            _ = information.universalTimeAndLocalTimeZone?.year
        case .esm(.activateDefaultEPSBearerContextRequest(let request)):
            _ = request.epsQoS.bitRates
            _ = request.accessPointName.name
            _ = request.pdnAddress.ipv4
            _ = request.apnAMBR?.downlink
            _ = request.protocolConfigurationOptions?.containers
        case .esm(.activateDedicatedEPSBearerContextRequest(let request)):
            _ = request.epsQoS.bitRates
            _ = request.tft.template
        default:
            break
        }
    }
}
