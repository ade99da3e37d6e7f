import NIOCore
import GTPU

/// GTP-U (tshark's "gtp"): decode, re-encode, compare with the message part of the datagram
/// (bytes after the Length field's end are link padding, not part of the message).
enum GTPUCheck {
    static func check(_ datagram: ByteBuffer) -> (CheckOutcome, GTPUMessage?) {
        let message: GTPUMessage
        let length: Int
        do {
            let view = try GTPUPacketView.parse(datagram)
            length = view.messageLength
            message = try GTPUMessage.decode(datagram)
        } catch {
            return (CheckOutcome(protocolName: "gtp", messageType: "unknown", result: .failed("\(error)")), nil)
        }
        var encoded = ByteBuffer()
        message.encode(into: &encoded)
        let original = datagram.getSlice(at: datagram.readerIndex, length: length) ?? datagram
        let result: CheckOutcome.Result = encoded == original ? .identical
            : .different("re-encoding differs: \(ByteDiff(original, encoded))")
        return (CheckOutcome(protocolName: "gtp", messageType: message.name, result: result), message)
    }
}
