import NIOCore
import Wire

/// The children of a Grouped AVP, kept as the bytes they travel in.
///
/// A decoded message checks every nested AVP (lengths, types, UTF-8, unknown M bits) but only
/// builds the top level; children are built when read. Most grouped AVPs are forwarded or read
/// once, so building all of them on every decode (an array per group) would cost more than the
/// rest of the message. Built groups are encoded once, when made.
public struct AVPGroup: Hashable, Sendable {
    public let bytes: ByteBuffer

    public init(_ children: [AVP]) {
        var bytes = ByteBuffer()
        bytes.writeWire(estimatedSize: 64 * children.count) { writer in
            for child in children { child.encode(into: &writer) }
        }
        self.bytes = bytes
    }

    init(validated bytes: ByteBuffer) { self.bytes = bytes }

    /// The children, typed by the standard dictionary. The bytes were checked when decoded or
    /// written by the encoder, so this does not fail.
    public var children: [AVP] {
        var reader = WireReader(bytes)
        var decoder = AVPDecoder(dictionary: .standard)
        decoder.trusted = true
        return (try? decoder.decodeAll(&reader, depth: 0)) ?? []
    }

    /// The first child with this code and vendor, found without building the others.
    public func first(_ definition: AVPDefinition) -> AVP? {
        var reader = WireReader(bytes)
        var decoder = AVPDecoder(dictionary: .standard)
        decoder.trusted = true
        while !reader.isAtEnd {
            guard let avp = try? decoder.decodeOne(&reader, depth: 0) else { return nil }
            if avp.isA(definition) { return avp }
        }
        return nil
    }
}
