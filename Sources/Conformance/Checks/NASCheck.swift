import NAS
import NIOCore

/// NAS-EPS: each NAS-PDU an S1AP message carries. The envelope must re-encode to its octets; the
/// plain message, and the inner message of a protected one once it can be read (verified and
/// deciphered with the follower's keys, or readable without), must decode and re-encode
/// identically. An ESM message in an ESM message container is counted too, as tshark counts it.
enum NASCheck {
    static func check(_ bytes: ByteBuffer, direction: NASDirection, connection: UEConnectionKey,
                      follower: inout NASSecurityFollower) -> (outcomes: [CheckOutcome], unreadable: Bool) {
        let pdu: NASPDU
        do {
            pdu = try NASPDU.decode(bytes, direction: direction)
        } catch {
            return ([failed("unknown", "\(error)")], false)
        }
        if pdu.encoded() != bytes {
            return ([CheckOutcome(protocolName: "nas-eps", messageType: "envelope",
                                  result: .different("re-encoding differs: \(ByteDiff(bytes, pdu.encoded()))"))], false)
        }
        switch pdu {
        case .plain:
            return (message(bytes, direction: direction, connection: connection, follower: &follower), false)
        case .serviceRequest(let request):
            follower.verify(request, on: connection)
            return ([CheckOutcome(protocolName: "nas-eps", messageType: "ServiceRequest", result: .identical)], false)
        case .protected(let envelope):
            switch follower.open(envelope, direction: direction, on: connection) {
            case .plain(let inner):
                return (message(inner, direction: direction, connection: connection, follower: &follower), false)
            case .maybePlain(let inner):
                guard (try? NASMessage.decode(inner, direction: direction)) != nil else { return ([], true) }
                return (message(inner, direction: direction, connection: connection, follower: &follower), false)
            case .ciphered:
                return ([], true)
            }
        }
    }

    private static func message(_ bytes: ByteBuffer, direction: NASDirection, connection: UEConnectionKey,
                                follower: inout NASSecurityFollower) -> [CheckOutcome] {
        let message: NASMessage
        do {
            message = try NASMessage.decode(bytes, direction: direction)
        } catch {
            return [failed(error.messageType.map { "type 0x" + String($0, radix: 16) } ?? "unknown", "\(error)")]
        }
        follower.observe(message, direction: direction, on: connection)
        let encoded = message.encoded()
        var outcomes = [CheckOutcome(protocolName: "nas-eps", messageType: message.name,
                                     result: encoded == bytes ? .identical
                                         : .different("re-encoding differs: \(ByteDiff(bytes, encoded))"))]
        if let container = message.esmMessageContainer {
            if let inner = container.message {
                let again = ESMMessageContainer(inner).bytes
                outcomes.append(CheckOutcome(protocolName: "nas-eps", messageType: NASMessage.esm(inner).name,
                                             result: again == container.bytes ? .identical
                                                 : .different("ESM container re-encoding differs: \(ByteDiff(container.bytes, again))")))
            } else {
                outcomes.append(failed("ESM container", container.decodingError.map { "\($0)" } ?? "does not decode"))
            }
        }
        return outcomes
    }

    private static func failed(_ type: String, _ why: String) -> CheckOutcome {
        CheckOutcome(protocolName: "nas-eps", messageType: type, result: .failed(why))
    }
}
