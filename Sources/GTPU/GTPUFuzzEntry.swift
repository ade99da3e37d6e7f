import NIOCore
import Wire

/// The entry point a libFuzzer harness calls with each input.
public enum GTPUFuzz {
    /// Decodes `data` with both decoders; when it decodes, re-encodes it and checks that the
    /// encoding decodes again and is stable. Bad input must only ever throw: a trap here is a bug
    /// in the codec, never in the input.
    public static func run(_ data: UnsafeRawBufferPointer) {
        let input = ByteBuffer(bytes: data)
        let view = try? GTPUPacketView.parse(input)
        _ = try? GTPUPacketView.peekHeader(input)
        guard let message = try? GTPUMessage.decode(input) else { return }
        guard let view, view.teid == message.header.teid, view.messageType == message.body.messageType else {
            fatalError("GTPUMessage.decode accepted what GTPUPacketView.parse refused or read differently")
        }
        var encoded = ByteBuffer()
        message.encode(into: &encoded)
        let again: GTPUMessage
        do {
            again = try GTPUMessage.decode(encoded)
        } catch {
            fatalError("re-encoded \(message) does not decode: \(error)")
        }
        precondition(again.header == message.header, "the header changed across a round trip")
        precondition(again.body.messageType == message.body.messageType, "the message type changed")
        var reencoded = ByteBuffer()
        again.encode(into: &reencoded)
        precondition(reencoded == encoded, "encoding \(message) is not stable")
    }
}
