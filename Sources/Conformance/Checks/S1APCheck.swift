import NIOCore
import S1AP

/// S1AP: decode the PDU, re-encode it, and rebuild every IE from its typed value. A message that
/// TS 36.413 section 10 tells a receiver to refuse still counts as decoded; it is reported as
/// refused with the reason, since refusing it is the conformant outcome.
enum S1APCheck {
    static func check(_ pdu: ByteBuffer) -> (CheckOutcome, S1APMessage?) {
        let bytes = Array(pdu.readableBytesView)
        let message: S1APMessage
        var refusal: String?
        var notUnderstood: Set<ProtocolIEID> = []
        do {
            message = try S1APMessage.decode(bytes: bytes)
        } catch {
            guard let decoded = error.message else {
                let name = error.context?.messageName ?? "unknown"
                return (CheckOutcome(protocolName: "s1ap", messageType: name, result: .failed("\(error)")), nil)
            }
            if case .rejected(_, let ies, _) = error { notUnderstood = Set(ies.map(\.id)) }
            refusal = "\(error)"
            message = decoded
        }
        let outcome = CheckOutcome(protocolName: "s1ap", messageType: message.name,
                                   result: verdict(message, bytes: bytes, skipping: notUnderstood, refusal: refusal))
        return (outcome, message)
    }

    private static func verdict(_ message: S1APMessage, bytes: [UInt8], skipping notUnderstood: Set<ProtocolIEID>,
                                refusal: String?) -> CheckOutcome.Result {
        guard let spec = message.spec else { return .different("\(message.name) is not modelled") }
        let encoded = message.encodedBytes
        if encoded != bytes {
            return .different("re-encoding differs: \(ByteDiff(ByteBuffer(bytes: bytes), ByteBuffer(bytes: encoded)))")
        }
        for field in message.ies.fields where !notUnderstood.contains(field.id) {
            guard let ieSpec = spec.spec(of: field.id) else { return .different("\(field.id) kept as bytes") }
            do {
                if try ieSpec.reencoded(field.value) != field.value {
                    return .different("\(field.id): the typed value re-encodes differently")
                }
            } catch {
                return .different("\(field.id): \(error)")
            }
        }
        return refusal.map { .refused($0) } ?? .identical
    }
}
