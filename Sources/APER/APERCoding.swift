import Wire

/// How values of one ASN.1 type are read, written and shown: a codec. Structured types are their
/// own codec (`APERCodable`); types that map onto Swift values (an `INTEGER (0..16777215)` as
/// `UInt32`, a `SEQUENCE OF` as an array) have a small codec enum of their own.
public protocol APERCoding: SendableMetatype {
    associatedtype Value: Hashable & Sendable
    static func decode(_ reader: inout APERReader) throws(CodecError) -> Value
    static func encode(_ value: Value, into writer: inout APERWriter)
    /// The value as an abstract ASN.1 value, to print it or compare it with another codec's.
    static func asn1Value(_ value: Value) -> ASN1Value
}

/// A structured type (SEQUENCE, CHOICE, ENUMERATED) that is its own codec.
public protocol APERCodable: APERCoding, Hashable, Sendable where Value == Self {}

extension APERCodable {
    public var asn1Value: ASN1Value { Self.asn1Value(self) }
}

extension APERCoding {
    /// Decodes a value from its complete encoding (the contents of an open type), which it must
    /// fill but for the final padding.
    public static func decode(complete bytes: UnsafeRawBufferPointer, origin: Int = 0) throws(CodecError) -> Value {
        var reader = APERReader(bytes, origin: origin)
        let value = try decode(&reader)
        try reader.expectOpenTypeEnd(start: 0, "complete encoding")
        return value
    }

    public static func decode(complete bytes: [UInt8]) throws(CodecError) -> Value {
        try withAPERBytes(bytes) { raw throws(CodecError) -> Value in try decode(complete: raw, origin: 0) }
    }

    /// The complete encoding of `value`: whole octets, never empty.
    public static func encoded(_ value: Value) -> [UInt8] {
        var writer = APERWriter()
        encode(value, into: &writer)
        return writer.completeEncoding
    }

    /// Decodes and discards: the check a message decoder runs on a value it keeps as bytes.
    public static func validate(_ reader: inout APERReader) throws(CodecError) {
        _ = try decode(&reader)
    }
}

/// The extension additions of a SEQUENCE that a codec does not model, kept as received so that a
/// value from a newer peer re-encodes exactly: how long the sender's bitmap was, and the open type
/// of each addition it sent.
public struct APERExtensionAdditions: Hashable, Sendable {
    public struct Addition: Hashable, Sendable {
        /// Position among the type's extension additions (0 is the first after the marker).
        public var index: Int
        /// The addition's complete encoding, as the contents of its open type.
        public var encoding: [UInt8]

        public init(index: Int, encoding: [UInt8]) {
            self.index = index
            self.encoding = encoding
        }
    }

    /// Length of the sender's presence bitmap; zero when the extension bit was clear.
    public var bitmapLength: Int
    /// Present additions this codec does not model, by ascending index.
    public var unknown: [Addition]

    public init(bitmapLength: Int = 0, unknown: [Addition] = []) {
        self.bitmapLength = bitmapLength
        self.unknown = unknown
    }

    public static let none = APERExtensionAdditions()
    public var isEmpty: Bool { bitmapLength == 0 }
}

extension APERReader {
    /// The extension additions after a SEQUENCE's root, when its extension bit was set: the
    /// bitmap, then each present addition as an open type. `known` decodes the additions the type
    /// models (indexes below `knownCount`); the others are kept as bytes.
    @inlinable
    public mutating func readExtensionAdditions(knownCount: Int = 0, _ what: StaticString,
                                                known: (Int, inout APERReader) throws(CodecError) -> Void = { _, _ in })
    throws(CodecError) -> APERExtensionAdditions {
        let length = try readNormallySmallLength(what)
        guard length <= remainingBits else { throw truncated(bits: length, what) }
        var present: [Int] = []
        for index in 0..<length {
            if try readBit(what) { present.append(index) }
        }
        var additions = APERExtensionAdditions(bitmapLength: length)
        for index in present {
            if index < knownCount {
                try readOpenType(what) { inner throws(CodecError) in try known(index, &inner) }
            } else {
                additions.unknown.append(.init(index: index, encoding: try readOpenTypeBytes(what)))
            }
        }
        return additions
    }
}

extension APERWriter {
    /// Writes the extension additions of a SEQUENCE whose extension bit was set: `present(i)` tells
    /// which of the `knownCount` modelled additions are there and `known(i, &writer)` encodes one;
    /// `unknown` adds those kept from a received value.
    @inlinable
    public mutating func writeExtensionAdditions(_ unknown: APERExtensionAdditions, knownCount: Int = 0,
                                                 present: (Int) -> Bool = { _ in false },
                                                 known: (Int, inout APERWriter) -> Void = { _, _ in }) {
        var lastKnown = -1
        for index in 0..<knownCount where present(index) { lastKnown = index }
        let lastUnknown = unknown.unknown.last?.index ?? -1
        // The bitmap has a bit for every addition of the sender's type: all those this codec
        // knows, or as many as a received value had (so that it re-encodes as it came).
        let declared = unknown.bitmapLength > 0 ? unknown.bitmapLength : knownCount
        let length = Swift.max(declared, lastKnown + 1, lastUnknown + 1, 1)
        writeNormallySmallLength(length)
        var stored = unknown.unknown.makeIterator()
        var nextStored = stored.next()
        var order: [(Int, APERExtensionAdditions.Addition?)] = []
        for index in 0..<length {
            if index < knownCount, present(index) {
                writeBit(true)
                order.append((index, nil))
            } else if let addition = nextStored, addition.index == index {
                writeBit(true)
                order.append((index, addition))
                nextStored = stored.next()
            } else {
                writeBit(false)
            }
        }
        for (index, addition) in order {
            if let addition {
                writeOpenType(octets: addition.encoding)
            } else {
                writeOpenType { known(index, &$0) }
            }
        }
    }

    /// Whether a SEQUENCE's extension bit must be set.
    @inlinable
    public static func hasExtensions(_ unknown: APERExtensionAdditions, knownPresent: Bool = false) -> Bool {
        knownPresent || !unknown.isEmpty
    }
}

/// Runs `body` over the bytes of `array`, keeping the typed error (`withUnsafeBytes` only
/// rethrows untyped errors).
@inlinable
public func withAPERBytes<T>(_ array: [UInt8],
                             _ body: (UnsafeRawBufferPointer) throws(CodecError) -> T) throws(CodecError) -> T {
    let result: Result<T, CodecError> = array.withUnsafeBytes { raw in
        do throws(CodecError) {
            return .success(try body(raw))
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}
