import NIOCore
import Wire

/// How an IE of the non-imperative part is framed (TS 24.007 11.2.1.1).
public enum NASIEFormat: Hashable, Sendable {
    /// Type 1 TV: the IEI in bits 5-8, the value in bits 1-4 of one octet.
    case halfOctet
    /// Type 3 TV: the IEI, then a value of fixed length.
    case fixed(Int)
    /// Type 4 TLV: IEI, 1-octet length, value.
    case tlv
    /// Type 6 TLV-E: IEI, 2-octet length, value.
    case tlvE
    /// The last bytes of a message, where an IE ran past the end: kept verbatim and otherwise
    /// ignored, like any syntactically incorrect optional IE (TS 24.301 7.7.1).
    case truncated

    /// How an IEI a message does not list is framed (TS 24.301 9.9.1, TS 24.007 11.2.4): bit 8 set
    /// means one octet; 0x7X is TLV-E in EPS; anything else is TLV.
    static func assumed(for octet: UInt8) -> NASIEFormat {
        if octet >= 0x80 { return .halfOctet }
        if octet & 0xF0 == 0x70 { return .tlvE }
        return .tlv
    }
}

/// The optional IEs one message type knows, in the order of its table in TS 24.301 clause 8.
///
/// The decoder needs it for the type 3 (fixed-length TV) IEs, whose length cannot be inferred from
/// the IEI, and the setters use the order to insert a new IE where the specification puts it.
public struct NASIETable: Sendable {
    public struct Entry: Sendable {
        public let iei: UInt8
        public let format: NASIEFormat
        public init(_ iei: UInt8, _ format: NASIEFormat) {
            self.iei = iei
            self.format = format
        }
    }

    public let entries: [Entry]
    /// Type 3 entries only, searched by the decoder.
    let fixedLengths: [(iei: UInt8, length: Int)]

    public init(_ entries: [Entry]) {
        self.entries = entries
        fixedLengths = entries.compactMap { entry in
            if case .fixed(let length) = entry.format { (entry.iei, length) } else { nil }
        }
    }

    static let empty = NASIETable([])

    /// The length of a type 3 value, when `octet` is one of this message's type 3 IEIs.
    @inline(__always)
    func fixedLength(of octet: UInt8) -> Int? {
        for entry in fixedLengths where entry.iei == octet { return entry.length }
        return nil
    }

    /// The position of `iei` in the table.
    func rank(of iei: UInt8) -> Int? {
        entries.firstIndex { $0.iei == iei }
    }

    func format(of iei: UInt8) -> NASIEFormat {
        entries.first { $0.iei == iei }?.format ?? NASIEFormat.assumed(for: iei)
    }
}

/// One IE of the non-imperative part, as received.
public struct NASOptionalIE: Hashable, Sendable {
    /// The IEI; for type 1 IEs the high half only (0xF0 for "F-").
    public let iei: UInt8
    public let format: NASIEFormat
    /// The value part. For a type 1 IE, the whole octet (the value is its low half).
    public let value: ByteBuffer

    public init(iei: UInt8, format: NASIEFormat, value: ByteBuffer) {
        self.iei = iei
        self.format = format
        self.value = value
    }

    /// The value of a type 1 IE.
    public var halfOctetValue: UInt8? {
        guard format == .halfOctet, let octet = value.getInteger(at: value.readerIndex, as: UInt8.self) else { return nil }
        return octet & 0x0F
    }

    func encode(into writer: inout WireWriter) {
        switch format {
        case .halfOctet, .truncated:
            writer.writeBuffer(value)
        case .fixed:
            writer.writeU8(iei)
            writer.writeBuffer(value)
        case .tlv:
            writer.writeU8(iei)
            writer.writeU8(UInt8(truncatingIfNeeded: value.readableBytes))
            writer.writeBuffer(value)
        case .tlvE:
            writer.writeU8(iei)
            writer.writeU16(UInt16(truncatingIfNeeded: value.readableBytes))
            writer.writeBuffer(value)
        }
    }
}

/// The non-imperative part of a message: its optional IEs, in the order they came.
///
/// Unknown IEs, repeated IEs and IEs out of sequence are kept where they were, so a received
/// message re-encodes to identical bytes; the typed accessors of each message read the first IE
/// with their IEI and treat a value that does not decode as absent (TS 24.301 7.6, 7.7.1).
public struct NASOptionalIEs: Hashable, Sendable, RandomAccessCollection {
    public private(set) var elements: [NASOptionalIE]

    public init(_ elements: [NASOptionalIE] = []) { self.elements = elements }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> NASOptionalIE { elements[position] }

    /// The first IE with this IEI (type 1 IEIs as their high half, e.g. 0xF0).
    public subscript(iei iei: UInt8) -> NASOptionalIE? {
        elements.first { $0.iei == iei }
    }

    /// The value of the first IE with this IEI, decoded; nil when absent or malformed.
    public func value<T: NASValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        guard let element = self[iei: iei], element.format != .truncated else { return nil }
        return try? T.decode(valueBytes: element.value)
    }

    /// The value of the first type 1 IE with this IEI.
    public func halfOctet<T: NASHalfOctetValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        self[iei: iei]?.halfOctetValue.map { T(rawValue: $0) }
    }

    /// Sets, replaces (in place) or removes the IE `iei`; a new IE goes where `table` puts it.
    public mutating func set<T: NASValue>(_ iei: UInt8, _ value: T?, in table: NASIETable) {
        set(iei, bytes: value?.valueBytes, in: table)
    }

    /// Sets, replaces or removes the type 1 IE `iei` (its high half, e.g. 0xF0).
    public mutating func setHalfOctet<T: NASHalfOctetValue>(_ iei: UInt8, _ value: T?, in table: NASIETable) {
        set(iei, bytes: value.map { ByteBuffer(integer: (iei & 0xF0) | ($0.rawValue & 0x0F)) }, in: table)
    }

    /// Sets, replaces or removes the IE `iei` with a raw value part (for a type 1 IE: its octet).
    public mutating func set(_ iei: UInt8, bytes: ByteBuffer?, in table: NASIETable) {
        guard let bytes else {
            elements.removeAll { $0.iei == iei }
            return
        }
        let element = NASOptionalIE(iei: iei, format: table.format(of: iei), value: bytes)
        if let index = elements.firstIndex(where: { $0.iei == iei }) {
            elements[index] = element
            return
        }
        let rank = table.rank(of: iei) ?? table.entries.count
        let index = elements.firstIndex { other in
            other.format == .truncated || (table.rank(of: other.iei).map { $0 > rank } ?? false)
        } ?? elements.endIndex
        elements.insert(element, at: index)
    }

    /// Reads IEs until the end of `reader`.
    static func decode(_ reader: inout WireReader, table: NASIETable) throws(NASDecodeError) -> NASOptionalIEs {
        var elements = [NASOptionalIE]()
        guard !reader.isAtEnd else { return NASOptionalIEs(elements) }
        // One allocation for the usual message rather than one per doubling.
        elements.reserveCapacity(Swift.min(reader.remaining / 3 + 1, 16))
        while let octet = reader.peekU8() {
            if octet >= 0x80 {
                // Type 1 (or type 2): one octet, whatever the message knows.
                elements.append(NASOptionalIE(iei: octet & 0xF0, format: .halfOctet, value: reader.takeOctet()))
                continue
            }
            let format: NASIEFormat
            if let length = table.fixedLength(of: octet) {
                format = .fixed(length)
            } else if octet & 0xF0 == 0 && table.rank(of: octet) == nil {
                throw NASDecodeError(.unknownComprehensionRequiredIE(iei: octet),
                                     reader.error(.unsupported("IEI 0x" + String(octet, radix: 16)), "optional IE"))
            } else {
                format = octet & 0xF0 == 0x70 ? .tlvE : .tlv
            }
            elements.append(frame(&reader, octet: octet, format: format))
        }
        return NASOptionalIEs(elements)
    }

    /// Cuts one IE with a known framing out of `reader`; one that runs past the end becomes the
    /// truncated remainder.
    private static func frame(_ reader: inout WireReader, octet: UInt8, format: NASIEFormat) -> NASOptionalIE {
        let available = reader.remaining - 1
        var contents = -1
        switch format {
        case .fixed(let length):
            contents = length <= available ? length : -1
        case .tlv:
            if available >= 1, let header = reader.peekU16() {
                let length = Int(header & 0xFF)
                contents = length <= available - 1 ? length : -1
            }
        case .tlvE:
            if available >= 2 {
                var peek = reader
                _ = try? peek.u8("IEI")
                let length = Int((try? peek.u16("IE length")) ?? 0xFFFF)
                contents = length <= available - 2 ? length : -1
            }
        case .halfOctet, .truncated:
            break
        }
        guard contents >= 0 else {
            return NASOptionalIE(iei: octet, format: .truncated, value: reader.rest())
        }
        // The bounds were checked above; these reads cannot fail.
        _ = try? reader.skip(1, "IEI")
        switch format {
        case .tlv: _ = try? reader.skip(1, "IE length")
        case .tlvE: _ = try? reader.skip(2, "IE length")
        default: break
        }
        let value = (try? reader.bytes(contents, "IE value")) ?? ByteBuffer()
        return NASOptionalIE(iei: octet, format: format, value: value)
    }

    func encode(into writer: inout WireWriter) {
        for element in elements { element.encode(into: &writer) }
    }
}

extension WireReader {
    /// The next octet as a buffer; empty at the end.
    mutating func takeOctet() -> ByteBuffer {
        (try? bytes(1, "IE")) ?? ByteBuffer()
    }
}
