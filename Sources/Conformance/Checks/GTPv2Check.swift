import Foundation
import NIOCore
import Wire
import GTPv2C

/// GTPv2-C: decode the datagram, rebuild every IE from its typed value, re-encode, compare.
enum GTPv2Check {
    static func check(_ datagram: ByteBuffer) -> [CheckOutcome] {
        let messages: [GTPv2Message]
        do {
            messages = try GTPv2Message.decodeDatagram(datagram)
        } catch {
            let name = error.header.map { "\($0.messageType)" } ?? "unknown"
            return [CheckOutcome(protocolName: "gtpv2", messageType: name, result: .failed("\(error)"))]
        }
        var rebuilt = ByteBuffer()
        GTPv2Message.encodeDatagram(messages.map(rebuild), into: &rebuilt)
        let untyped = messages.flatMap(\.rawKnownIEs)
        let datagramResult: CheckOutcome.Result
        if !untyped.isEmpty {
            datagramResult = .different("IEs kept as bytes, not decodable: \(untyped.map { "\($0.key)" })")
        } else if rebuilt != datagram {
            datagramResult = .different("re-encoding differs: \(ByteDiff(datagram, rebuilt))")
        } else {
            datagramResult = .identical
        }
        return messages.map { CheckOutcome(protocolName: "gtpv2", messageType: "\($0.type)", result: datagramResult) }
    }

    /// The message with every IE rebuilt from its typed value, so that re-encoding goes through the
    /// typed encoders rather than copying the bytes that were received.
    static func rebuild(_ message: GTPv2Message) -> GTPv2Message {
        GTPv2Message(header: message.header, ies: message.ies.map(rebuild))
    }

    static func rebuild(_ ie: GTPv2IE) -> GTPv2IE {
        var copy = ie
        switch ie.value {
        case .bearerContext(let context): copy.value = .bearerContext(BearerContext(ies: context.ies.map(rebuild)))
        case .apn(let apn): copy.value = .apn(APN(apn.name))
        case .pco(let pco):
            copy.value = .pco(ProtocolConfigurationOptions(containers: pco.containers, configurationProtocol: pco.header & 0x07))
        case .uli(let uli):
            copy.value = .uli(UserLocationInformation(cgi: uli.cgi, sai: uli.sai, rai: uli.rai, tai: uli.tai, ecgi: uli.ecgi,
                                                      lai: uli.lai, macroENodeB: uli.macroENodeB,
                                                      extendedMacroENodeB: uli.extendedMacroENodeB))
        default: break
        }
        return copy
    }
}

/// Where two encodings first differ, for failure messages.
struct ByteDiff: CustomStringConvertible {
    let description: String

    init(_ expected: ByteBuffer, _ actual: ByteBuffer) {
        let a = Array(expected.readableBytesView), b = Array(actual.readableBytesView)
        let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func hex(_ bytes: ArraySlice<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        description = "first difference at byte \(index) of \(a.count) (got \(b.count)): "
            + "expected \(hex(a[index..<min(a.count, index + 8)])), got \(hex(b[index..<min(b.count, index + 8)]))"
    }
}
