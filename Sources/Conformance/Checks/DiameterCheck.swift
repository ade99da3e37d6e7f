import NIOCore
import Diameter

/// Diameter: decode one message, rebuild every AVP (grouped ones recursively) from its typed
/// value, re-encode, compare.
enum DiameterCheck {
    static func check(_ bytes: ByteBuffer) -> CheckOutcome {
        let message: DiameterMessage
        do {
            message = try DiameterMessage.decode(bytes)
        } catch {
            return CheckOutcome(protocolName: "diameter", messageType: name(of: error), result: .failed("\(error)"))
        }
        let rebuilt = DiameterMessage(header: message.header, avps: message.avps.map(rebuild)).encoded()
        let result: CheckOutcome.Result = rebuilt == bytes ? .identical
            : .different("re-encoding differs: \(ByteDiff(bytes, rebuilt))")
        return CheckOutcome(protocolName: "diameter", messageType: message.name, result: result)
    }

    static func rebuild(_ avp: AVP) -> AVP {
        var copy = avp
        switch avp.value {
        case .grouped(let group): copy.value = .grouped(AVPGroup(group.children.map(rebuild)))
        case .utf8: copy.value = .text(avp.value.text ?? "")
        default: break
        }
        return copy
    }

    private static func name(of error: DiameterDecodeError) -> String {
        switch error {
        case .invalidAVP(_, let header, _):
            DiameterMessage(header: header).name
        case .unknownMandatoryAVP(_, let message):
            message.name
        case .malformed, .unsupportedVersion:
            "unknown"
        }
    }
}
