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
///
/// A received part is kept as its octets plus an index of where each IE sits: decoding cuts no
/// buffer per IE, and encoding an unchanged message copies the part in one go.
public struct NASOptionalIEs: Hashable, Sendable, RandomAccessCollection {
    /// The non-imperative part as on the wire.
    public private(set) var bytes: ByteBuffer
    private var entries: [Entry]

    private struct Entry: Hashable, Sendable {
        enum Kind: UInt8, Hashable, Sendable { case halfOctet, fixed, tlv, tlvE, truncated }
        var iei: UInt8
        var kind: Kind
        /// Offsets into `bytes`: the IE's first octet, its value's first octet, the value's length.
        var start: UInt32
        var valueStart: UInt32
        var valueLength: UInt32

        var format: NASIEFormat {
            switch kind {
            case .halfOctet: .halfOctet
            case .fixed: .fixed(Int(valueLength))
            case .tlv: .tlv
            case .tlvE: .tlvE
            case .truncated: .truncated
            }
        }
    }

    /// A part holding `elements`, in this order.
    public init(_ elements: [NASOptionalIE] = []) {
        var bytes = ByteBuffer()
        if !elements.isEmpty {
            bytes.writeWire(estimatedSize: elements.reduce(0) { $0 + $1.value.readableBytes + 3 }) { writer in
                for element in elements { element.encode(into: &writer) }
            }
        }
        var entries = [Entry]()
        var offset: UInt32 = 0
        for element in elements {
            let header: UInt32
            let kind: Entry.Kind
            switch element.format {
            case .halfOctet: (header, kind) = (0, .halfOctet)
            case .fixed: (header, kind) = (1, .fixed)
            case .tlv: (header, kind) = (2, .tlv)
            case .tlvE: (header, kind) = (3, .tlvE)
            case .truncated: (header, kind) = (0, .truncated)
            }
            let length = UInt32(element.value.readableBytes)
            entries.append(Entry(iei: element.iei, kind: kind, start: offset, valueStart: offset + header, valueLength: length))
            offset += header + length
        }
        self.bytes = bytes
        self.entries = entries
    }

    private init(bytes: ByteBuffer, entries: [Entry]) {
        self.bytes = bytes
        self.entries = entries
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }

    public subscript(position: Int) -> NASOptionalIE { element(entries[position]) }

    /// Every IE, in order.
    public var elements: [NASOptionalIE] { entries.map(element) }

    private func value(of entry: Entry) -> ByteBuffer {
        bytes.getSlice(at: bytes.readerIndex + Int(entry.valueStart), length: Int(entry.valueLength)) ?? ByteBuffer()
    }

    private func element(_ entry: Entry) -> NASOptionalIE {
        NASOptionalIE(iei: entry.iei, format: entry.format, value: value(of: entry))
    }

    /// The first IE with this IEI (type 1 IEIs as their high half, e.g. 0xF0).
    public subscript(iei iei: UInt8) -> NASOptionalIE? {
        entries.first { $0.iei == iei }.map(element)
    }

    /// The value of the first IE with this IEI, decoded; nil when absent or malformed.
    public func value<T: NASValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        guard let entry = entries.first(where: { $0.iei == iei }), entry.kind != .truncated else { return nil }
        return try? T.decode(valueBytes: value(of: entry))
    }

    /// The value of the first type 1 IE with this IEI.
    public func halfOctet<T: NASHalfOctetValue>(_ iei: UInt8, as type: T.Type = T.self) -> T? {
        guard let entry = entries.first(where: { $0.iei == iei }), entry.kind == .halfOctet,
              let octet = bytes.getInteger(at: bytes.readerIndex + Int(entry.start), as: UInt8.self) else { return nil }
        return T(rawValue: octet & 0x0F)
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
    public mutating func set(_ iei: UInt8, bytes value: ByteBuffer?, in table: NASIETable) {
        var elements = self.elements
        defer { self = NASOptionalIEs(elements) }
        guard let value else {
            elements.removeAll { $0.iei == iei }
            return
        }
        let element = NASOptionalIE(iei: iei, format: table.format(of: iei), value: value)
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
        let bytes = reader.unread
        guard !reader.isAtEnd else { return NASOptionalIEs(bytes: bytes, entries: []) }
        let base = reader.position
        var entries = [Entry]()
        // One allocation for the usual message rather than one per doubling.
        entries.reserveCapacity(Swift.min(reader.remaining / 3 + 1, 16))
        while let octet = reader.peekU8() {
            let start = UInt32(reader.position - base)
            let available = reader.remaining
            if octet >= 0x80 {
                // Type 1 (or type 2): one octet, whatever the message knows.
                entries.append(Entry(iei: octet & 0xF0, kind: .halfOctet, start: start, valueStart: start, valueLength: 1))
                _ = try? reader.skip(1, "IE")
                continue
            }
            let kind: Entry.Kind
            let header: Int
            var length: Int
            if let fixed = table.fixedLength(of: octet) {
                (kind, header, length) = (.fixed, 1, fixed)
            } else if octet & 0xF0 == 0 && table.rank(of: octet) == nil {
                throw NASDecodeError(.unknownComprehensionRequiredIE(iei: octet),
                                     reader.error(.unsupported("IEI 0x" + String(octet, radix: 16)), "optional IE"))
            } else if octet & 0xF0 == 0x70 {
                (kind, header) = (.tlvE, 3)
                length = available >= 3 ? Int(reader.peekExtendedLength()) : Int.max
            } else {
                (kind, header) = (.tlv, 2)
                length = available >= 2 ? Int((reader.peekU16() ?? 0) & 0xFF) : Int.max
            }
            guard length <= available - header else {
                // Runs past the end: keep what is left, verbatim (7.7.1).
                entries.append(Entry(iei: octet, kind: .truncated, start: start, valueStart: start, valueLength: UInt32(available)))
                _ = reader.rest()
                break
            }
            entries.append(Entry(iei: octet, kind: kind, start: start, valueStart: start + UInt32(header), valueLength: UInt32(length)))
            _ = try? reader.skip(header + length, "IE")
        }
        return NASOptionalIEs(bytes: bytes, entries: entries)
    }

    func encode(into writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

extension WireReader {
    /// The two octets after the next one, without moving: the length of a TLV-E IE.
    func peekExtendedLength() -> UInt16 {
        var peek = self
        _ = try? peek.skip(1, "IEI")
        return peek.peekU16() ?? 0
    }
}
