import NIOCore
import Wire

/// The value part of an information element (what follows the IEI and length).
///
/// Values keep the octets they were decoded from (or were built into), so that a received message
/// re-encodes to identical bytes, spare bits and extension octets included; the typed fields are
/// read from those octets.
public protocol NASValue: Sendable {
    /// Reads the value from `reader`, which holds exactly the value part. Extension octets a value
    /// does not model are kept, not refused.
    static func decode(nasValue reader: inout WireReader) throws(CodecError) -> Self
    func encode(nasValue writer: inout WireWriter)
}

/// A value that fills half an octet: type 1 IEs (IEI in the high half) and the half-octet fields
/// of a message's mandatory part.
public protocol NASHalfOctetValue: Sendable {
    /// The four bits as sent, spare bits included.
    var rawValue: UInt8 { get }
    init(rawValue: UInt8)
}

extension ByteBuffer: NASValue {
    /// An opaque value: the octets as they are.
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> ByteBuffer {
        reader.rest()
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(self) }
}

extension ProtocolConfigurationOptions: NASValue {
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> ProtocolConfigurationOptions {
        try decode(&reader)
    }

    public func encode(nasValue writer: inout WireWriter) { encode(into: &writer) }
}

extension WireReader {
    /// The contents of an LV element (1-octet length) as a reader of their own.
    mutating func lengthValue(_ what: StaticString) throws(CodecError) -> WireReader {
        let length = Int(try u8(what))
        return try slice(length, what)
    }

    /// The contents of an LV-E element (2-octet length).
    mutating func extendedLengthValue(_ what: StaticString) throws(CodecError) -> WireReader {
        let length = Int(try u16(what))
        return try slice(length, what)
    }

    /// An LV element decoded as `T`, read in place.
    mutating func lengthValue<T: NASValue>(_ type: T.Type, _ what: StaticString) throws(CodecError) -> T {
        let length = Int(try u8(what))
        return try bounded(length, what) { (contents: inout WireReader) throws(CodecError) -> T in
            try T.decode(nasValue: &contents)
        }
    }

    /// An LV-E element decoded as `T`, read in place.
    mutating func extendedLengthValue<T: NASValue>(_ type: T.Type, _ what: StaticString) throws(CodecError) -> T {
        let length = Int(try u16(what))
        return try bounded(length, what) { (contents: inout WireReader) throws(CodecError) -> T in
            try T.decode(nasValue: &contents)
        }
    }
}

extension WireWriter {
    /// Writes `value` behind a 1-octet length.
    mutating func writeLengthValue(_ value: some NASValue) {
        let lengthAt = reserveLength(width: 1)
        let start = count
        value.encode(nasValue: &self)
        patchLength(at: lengthAt, width: 1, from: start)
    }

    /// Writes `value` behind a 2-octet length.
    mutating func writeExtendedLengthValue(_ value: some NASValue) {
        let lengthAt = reserveLength(width: 2)
        let start = count
        value.encode(nasValue: &self)
        patchLength(at: lengthAt, width: 2, from: start)
    }

    /// Two half-octet values in one octet: `low` in bits 1-4, `high` in bits 5-8.
    mutating func writeHalves(high: UInt8, low: UInt8) {
        writeU8(high << 4 | (low & 0x0F))
    }
}

extension NASValue {
    /// The value part alone, e.g. to put it in an IE by hand.
    public var valueBytes: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeWire(estimatedSize: 64) { encode(nasValue: &$0) }
        return buffer
    }

    /// Decodes a value from its octets (without IEI or length).
    public static func decode(valueBytes: ByteBuffer) throws(CodecError) -> Self {
        var reader = WireReader(valueBytes)
        return try decode(nasValue: &reader)
    }
}
