import NIOCore
import Wire

/// The entry point a libFuzzer harness calls with each input (see docs/fuzzing.md).
public enum DiameterFuzz {
    /// Feeds `data` through the stream framer and the decoder; every decoded message has its
    /// grouped AVPs built, is re-encoded, and must decode again to the same message. Bad input must
    /// only ever throw: a trap here is a bug in the codec, never in the input.
    public static func run(_ data: UnsafeRawBufferPointer) {
        var framer = DiameterFramer(maximumLength: 1 << 16)
        framer.append(ByteBuffer(bytes: data))
        while let frame = try? framer.next() {
            guard let message = try? DiameterMessage.decode(frame, unknownMandatory: .keep) else { continue }
            for avp in message.avps { _ = avp.value.children }
            let encoded = message.encoded()
            guard let again = try? DiameterMessage.decode(encoded, unknownMandatory: .keep) else {
                fatalError("a re-encoded \(message.name) does not decode")
            }
            precondition(again == message, "a decode/encode round trip changed \(message.name)")
        }
    }
}
