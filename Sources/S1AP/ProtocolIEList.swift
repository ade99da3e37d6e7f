import APER
import NIOCore
import Wire

/// The ProtocolIE-Container of a message: each IE's id, criticality and value encoding, the values
/// kept in one buffer and found through an index of small entries.
///
/// This is GTPv2IEList's design for S1AP: a received message is its bytes plus one array of
/// 12-byte entries. Decoding checks every IE's value against its type without keeping the result;
/// a typed value is built when it is read and encoded into the buffer when it is set, and encoding
/// copies the stored values, so a received message re-encodes byte for byte.
public struct ProtocolIEList: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        var id: UInt16
        var criticality: UInt8
        /// Where the value's octets are, from the storage's reader index.
        var offset: UInt32
        var length: UInt32
    }

    @usableFromInline var storage: ByteBuffer
    @usableFromInline var entries: [Entry]

    public init() {
        storage = ByteBuffer()
        entries = []
    }

    /// An empty list with room for `ies` IEs of `octets` value octets in all: a message being
    /// built grows into it without reallocating.
    public init(reservingCapacity ies: Int, octets: Int) {
        storage = ByteBufferAllocator().buffer(capacity: octets)
        entries = []
        entries.reserveCapacity(ies)
    }

    init(storage: ByteBuffer, entries: [Entry]) {
        self.storage = storage
        self.entries = entries
    }

    public init(_ fields: [ProtocolIEField]) {
        self.init()
        for field in fields { append(field) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var ids: [ProtocolIEID] { entries.map { ProtocolIEID(rawValue: $0.id) } }

    public func contains(_ id: ProtocolIEID) -> Bool { entries.contains { $0.id == id.rawValue } }

    public func criticality(of id: ProtocolIEID) -> Criticality? {
        entries.first { $0.id == id.rawValue }.map { Criticality(rawValue: Int($0.criticality)) }
    }

    /// Every IE as a field of bytes, in order.
    public var fields: [ProtocolIEField] {
        entries.map { ProtocolIEField(id: ProtocolIEID(rawValue: $0.id), criticality: Criticality(rawValue: Int($0.criticality)),
                                      value: bytes(of: $0)) }
    }

    func bytes(of entry: Entry) -> [UInt8] {
        storage.getBytes(at: storage.readerIndex + Int(entry.offset), length: Int(entry.length)) ?? []
    }

    /// The value encoding of the first IE with this id.
    public func valueBytes(of id: ProtocolIEID) -> [UInt8]? {
        entries.first { $0.id == id.rawValue }.map(bytes(of:))
    }

    /// Runs `body` over an entry's value octets (and their offset in the message, for errors).
    func withValue<T>(_ entry: Entry, _ body: (UnsafeRawBufferPointer, Int) throws(CodecError) -> T) throws(CodecError) -> T {
        let result: Result<T, CodecError> = storage.withUnsafeReadableBytes { raw in
            let start = Int(entry.offset)
            let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(entry.length))])
            do throws(CodecError) {
                return .success(try body(slice, start))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The first IE with this id, decoded with `codec`; nil when absent.
    public func decode<C: APERCoding>(_ id: ProtocolIEID, _ codec: C.Type) throws(CodecError) -> C.Value? {
        guard let entry = entries.first(where: { $0.id == id.rawValue }) else { return nil }
        return try withValue(entry) { raw, origin throws(CodecError) in try C.decode(complete: raw, origin: origin) }
    }

    /// The first IE with this id, decoded; nil when absent or (never for a checked message)
    /// undecodable.
    public func value<C: APERCoding>(_ id: ProtocolIEID, _ codec: C.Type) -> C.Value? {
        try? decode(id, codec)
    }

    // MARK: writing

    private mutating func store(_ encoding: [UInt8]) -> (offset: UInt32, length: UInt32) {
        let start = storage.writerIndex - storage.readerIndex
        storage.writeBytes(encoding)
        return (UInt32(start), UInt32(encoding.count))
    }

    public mutating func append(_ field: ProtocolIEField) {
        let (offset, length) = store(field.value)
        entries.append(Entry(id: field.id.rawValue, criticality: UInt8(field.criticality.rawValue & 3),
                             offset: offset, length: length))
    }

    /// Replaces the first IE with this id in place, or inserts it before the first IE that comes
    /// later in `order` (the message's IE table), so that built messages list their IEs in the
    /// order of TS 36.413.
    public mutating func set(_ id: ProtocolIEID, _ criticality: Criticality, encoding: [UInt8], order: [UInt16] = []) {
        let (offset, length) = store(encoding)
        let entry = Entry(id: id.rawValue, criticality: UInt8(criticality.rawValue & 3), offset: offset, length: length)
        if let index = entries.firstIndex(where: { $0.id == id.rawValue }) {
            entries[index] = entry
            return
        }
        guard let rank = order.firstIndex(of: id.rawValue) else {
            entries.append(entry)
            return
        }
        // Messages are mostly built in table order: then the new IE goes last.
        if let last = entries.last, let lastRank = order.firstIndex(of: last.id), lastRank < rank {
            entries.append(entry)
            return
        }
        let position = entries.firstIndex { other in
            guard let otherRank = order.firstIndex(of: other.id) else { return false }
            return otherRank > rank
        } ?? entries.endIndex
        entries.insert(entry, at: position)
    }

    public mutating func remove(_ id: ProtocolIEID) {
        entries.removeAll { $0.id == id.rawValue }
    }
}

extension ProtocolIEList: Hashable {
    public static func == (lhs: ProtocolIEList, rhs: ProtocolIEList) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        return zip(lhs.entries, rhs.entries).allSatisfy { left, right in
            left.id == right.id && left.criticality == right.criticality && lhs.bytes(of: left) == rhs.bytes(of: right)
        }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.id)
            hasher.combine(entry.criticality)
            hasher.combine(bytes(of: entry))
        }
    }
}
