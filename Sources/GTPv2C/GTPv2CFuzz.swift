import NIOCore
import Wire

/// The entry point a libFuzzer harness calls with each input (see docs/fuzzing.md).
public enum GTPv2CFuzz {
    /// Decodes `data`; when it decodes, reads every IE through its typed accessor, re-encodes the
    /// messages and checks that the encoding decodes again to the same messages. Bad input must only
    /// ever throw: a trap here is a bug in the codec, never in the input.
    public static func run(_ data: UnsafeRawBufferPointer) {
        guard let messages = try? GTPv2Message.decodeDatagram(ByteBuffer(bytes: data)) else { return }
        for message in messages {
            for ie in message.ies {
                if case .bearerContext(let context) = ie.value { _ = context.ies }
            }
        }
        var encoded = ByteBuffer()
        GTPv2Message.encodeDatagram(messages, into: &encoded)
        let again: [GTPv2Message]
        do {
            again = try GTPv2Message.decodeDatagram(encoded)
        } catch {
            fatalError("re-encoded messages do not decode: \(error)")
        }
        precondition(again == messages, "a decode/encode round trip changed the messages")
    }
}
