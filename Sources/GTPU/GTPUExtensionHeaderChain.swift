import NIOCore
import Wire

/// The extension headers of a received packet, read in place.
///
/// The chain is checked once, when the packet is parsed; iterating it afterwards yields each header
/// as a slice of the packet, so the user plane can look at them without allocating.
public struct GTPUExtensionHeaderChain: Sequence, Hashable, Sendable {
    /// The type of the first header; `noMoreExtensionHeaders` for an empty chain.
    public let firstType: GTPUExtensionHeaderType
    /// Every header's octets from its length octet through its next-type octet.
    public let bytes: ByteBuffer

    /// An empty chain.
    public init() {
        firstType = .noMoreExtensionHeaders
        bytes = ByteBuffer()
    }

    private init(firstType: GTPUExtensionHeaderType, bytes: ByteBuffer) {
        self.firstType = firstType
        self.bytes = bytes
    }

    public var isEmpty: Bool { firstType == .noMoreExtensionHeaders }

    /// Reads the chain whose first type is `first` from `reader`, which must end where the message
    /// ends, so that a chain running past the message is refused rather than eating the payload's
    /// bounds. A header with length 0 would never advance and is refused too.
    @usableFromInline
    static func read(first: GTPUExtensionHeaderType, from reader: inout WireReader) throws(CodecError) -> Self {
        var start = reader.unread
        var type = first
        while type != .noMoreExtensionHeaders {
            let at = reader.offset
            let units = try reader.u8("GTP-U extension header length")
            guard units != 0 else {
                throw CodecError(.invalidLength(0), at: at, in: "GTP-U extension header \(type)")
            }
            try reader.skip(Int(units) * 4 - 2, "GTP-U extension header content")
            type = GTPUExtensionHeaderType(rawValue: try reader.u8("GTP-U next extension header type"))
        }
        let consumed = start.readableBytes - reader.remaining
        return Self(firstType: first, bytes: start.readSlice(length: consumed) ?? ByteBuffer())
    }

    public func makeIterator() -> Iterator { Iterator(type: firstType, bytes: bytes) }

    public struct Iterator: IteratorProtocol {
        var type: GTPUExtensionHeaderType
        var bytes: ByteBuffer

        public mutating func next() -> GTPUExtensionHeader? {
            // The chain was validated when it was read; the guards only keep this from trapping.
            guard type != .noMoreExtensionHeaders,
                  let units = bytes.readInteger(as: UInt8.self), units != 0,
                  let content = bytes.readSlice(length: Int(units) * 4 - 2),
                  let next = bytes.readInteger(as: UInt8.self) else { return nil }
            let header = GTPUExtensionHeader(validatedType: type, content: content)
            type = GTPUExtensionHeaderType(rawValue: next)
            return header
        }
    }

    /// The first header of `type`, if any.
    public func first(ofType type: GTPUExtensionHeaderType) -> GTPUExtensionHeader? {
        first { $0.type == type }
    }
}
