import APER
import NIOCore
import Wire

/// The entry point a libFuzzer harness calls with each input (see docs/fuzzing.md).
public enum S1APFuzz {
    /// Decodes `data`; when it decodes (or is refused by criticality, which needs a decoded
    /// message too), builds every IE's typed value, checks that the typed value re-encodes to a
    /// value that decodes back to it, re-encodes the message and checks that the encoding decodes
    /// to the same message. Bad input must only ever throw: a trap here is a bug in the codec.
    public static func run(_ data: UnsafeRawBufferPointer) {
        let message: S1APMessage
        do {
            message = try S1APMessage.decode(ByteBuffer(bytes: data))
        } catch {
            guard let refused = error.message else { return }
            message = refused
        }
        _ = message.asn1Value.json
        _ = message.notifications
        if let spec = message.spec {
            for field in message.ies.fields {
                guard let ie = spec.spec(of: field.id), let typed = try? ie.reencoded(field.value) else { continue }
                // The typed value's own encoding is canonical: it must decode to itself.
                guard let again = try? ie.reencoded(typed) else {
                    fatalError("\(message.name) \(field.id): the typed value's encoding does not decode")
                }
                precondition(again == typed, "\(message.name) \(field.id): typed encoding is not stable")
            }
        }
        let encoded = message.encoded()
        let again: S1APMessage
        do {
            again = try S1APMessage.decode(encoded)
        } catch {
            guard let refused = error.message else { fatalError("re-encoded message does not decode: \(error)") }
            again = refused
        }
        precondition(again == message, "a decode/encode round trip changed the message")
        precondition(message.encodedByBits() == Array(encoded.readableBytesView), "the two encoders disagree")
    }
}
